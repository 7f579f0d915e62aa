/**
 * Red flags derived from the intake, the observations, age and duration, and
 * merged with the clinician's own assessments into one state per catalog flag.
 * All rules are data (red-flags.json triggers, maneuvers.json findings); this
 * file only evaluates them.
 */
import { ageAt, daysBetween, formatAge } from './age';
import { clinicalContent, type ClinicalContent } from './content';
import type { FlagSource, FlagTrigger, JurisdictionId, NumericSettingId, RedFlag, TierId } from './schema';
import type { FlagAssessment, FlagState, IntakeAnswers, Observations } from './visit-input';

/** The thresholds rules read. Defaults come from settings.json; a deployment may override them. */
export interface RuleSettings {
  persistentPainWeeks: number;
  youngAgeYears: number;
  adamsTrunkRotationDegrees: number;
  jurisdiction: JurisdictionId;
}

/** settings.json defaults with any overrides applied. */
export function resolveSettings(overrides: Partial<RuleSettings> = {}, content: ClinicalContent = clinicalContent): RuleSettings {
  const s = content.settings;
  return {
    persistentPainWeeks: s.persistentPainWeeks.value,
    youngAgeYears: s.youngAgeYears.value,
    adamsTrunkRotationDegrees: s.adamsTrunkRotationDegrees.value,
    jurisdiction: s.jurisdiction.value,
    ...overrides,
  };
}

/** What the derivation reads from a visit. */
export interface FlagInput {
  dateOfBirth: string;
  visitDate: string;
  intake: IntakeAnswers;
  observations: Observations;
}

/** One flag as the rules see it, before the clinician's assessment. */
export interface DerivedFlag {
  id: string;
  state: FlagState;
  /** Where the deciding answer came from; null when nothing has been screened. */
  source: FlagSource | null;
  /** Plain-language reasons, e.g. "Heel walk: unable". */
  evidence: string[];
}

/**
 * Three-valued logic plus "not asked": `true` raises the flag, `unknown`
 * means someone looked but could not tell, `false` is a negative screen,
 * `missing` means nobody asked.
 */
type Truth = 'true' | 'unknown' | 'false' | 'missing';
interface Outcome {
  truth: Truth;
  source: FlagSource;
  evidence: string[];
}

/** Precedence when several rules speak to one flag: any positive wins, then any doubt, then a negative. */
const PRECEDENCE: Truth[] = ['true', 'unknown', 'false', 'missing'];

const SETTING_WORDS: Record<NumericSettingId, string> = {
  persistentPainWeeks: 'the persistent-pain threshold',
  youngAgeYears: 'the young-age cut-off',
  adamsTrunkRotationDegrees: 'the trunk-rotation threshold',
};

function questionText(content: ClinicalContent, id: string): string {
  return content.intakeQuestions.warningSigns.find((q) => q.id === id)?.text.en ?? id;
}

function evaluateTrigger(
  t: FlagTrigger,
  input: FlagInput,
  settings: RuleSettings,
  content: ClinicalContent,
): Outcome {
  switch (t.kind) {
    case 'intake': {
      const answer = input.intake.warningSigns?.[t.question];
      const q = questionText(content, t.question);
      if (answer === undefined) return { truth: 'missing', source: 'family_intake', evidence: [] };
      if (answer === 'unsure') return { truth: 'unknown', source: 'family_intake', evidence: [`Family unsure: "${q}"`] };
      const hit = (t.values as string[]).includes(answer);
      return { truth: hit ? 'true' : 'false', source: 'family_intake', evidence: [`Family answered ${answer}: "${q}"`] };
    }
    case 'age-under-setting': {
      const age = ageAt(input.dateOfBirth, input.visitDate);
      const cutOff = settings[t.setting];
      const under = age.totalMonths < cutOff * 12;
      return {
        truth: under ? 'true' : 'false',
        source: 'derived',
        evidence: [`Age ${formatAge(age)} is ${under ? 'under' : 'at or over'} ${SETTING_WORDS[t.setting]} of ${cutOff} years.`],
      };
    }
    case 'duration-over-setting': {
      const onset = input.intake.onsetDate;
      if (onset === undefined) return { truth: 'missing', source: 'derived', evidence: [] };
      const days = daysBetween(onset, input.visitDate);
      const weeks = settings[t.setting];
      const over = days > weeks * 7;
      return {
        truth: over ? 'true' : 'false',
        source: 'derived',
        evidence: [
          `Pain began ${onset}, ${days} day${days === 1 ? '' : 's'} before the visit; ${SETTING_WORDS[t.setting]} is ${weeks} weeks.`,
        ],
      };
    }
    case 'all': {
      const parts = t.of.map((x) => evaluateTrigger(x, input, settings, content));
      // AND: one negative settles it; otherwise doubt, then not-asked, then all positive.
      const truth: Truth = parts.some((p) => p.truth === 'false')
        ? 'false'
        : parts.some((p) => p.truth === 'unknown')
          ? 'unknown'
          : parts.some((p) => p.truth === 'missing')
            ? 'missing'
            : 'true';
      const decisive = truth === 'true' ? parts : parts.filter((p) => p.truth === truth);
      return { truth, source: parts[0]?.source ?? 'family_intake', evidence: decisive.flatMap((p) => p.evidence) };
    }
  }
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? value.replace(/_/g, ' ') : String(value);
}

function observationOutcomes(flagId: string, input: FlagInput, settings: RuleSettings, content: ClinicalContent): Outcome[] {
  const out: Outcome[] = [];
  for (const m of content.maneuvers.maneuvers) {
    for (const rule of m.findings) {
      if (rule.flag !== flagId) continue;
      const field = m.fields.find((f) => f.id === rule.field);
      const value = input.observations[m.id]?.[rule.field];
      if (!field || value === undefined) {
        out.push({ truth: 'missing', source: 'observation', evidence: [] });
        continue;
      }
      const what = field.id === 'result' ? `${m.title}:` : `${m.title}: ${field.label.toLowerCase()}`;
      if ('values' in rule) {
        const unknown = field.kind === 'choice' && (field.unknownValues ?? []).includes(String(value));
        const truth: Truth = unknown ? 'unknown' : rule.values.includes(String(value)) ? 'true' : 'false';
        out.push({ truth, source: 'observation', evidence: [`${what} ${formatValue(value)}`] });
      } else if (typeof value === 'number') {
        const threshold = settings[rule.atLeastSetting];
        const over = value >= threshold;
        out.push({
          truth: over ? 'true' : 'false',
          source: 'observation',
          evidence: [`${what} ${value} (${SETTING_WORDS[rule.atLeastSetting]} is ${threshold})`],
        });
      }
    }
  }
  return out;
}

function contextEvidence(flag: RedFlag, input: FlagInput, content: ClinicalContent): string[] {
  return (flag.contextQuestions ?? [])
    .filter((q) => input.intake.warningSigns?.[q] === 'yes')
    .map((q) => `Context, family answered yes: "${questionText(content, q)}"`);
}

/**
 * Every catalog flag's state as the intake, observations, age and duration
 * suggest it. Several rules can speak to one flag (the family's answer, a
 * maneuver): any positive makes it `present`, else any "could not tell" makes
 * it `could_not_assess`, else any negative makes it `absent`; a flag no rule
 * has an answer for stays `not_screened`. Evidence lists the deciding answers.
 */
export function deriveFlags(
  input: FlagInput,
  settings: RuleSettings = resolveSettings(),
  content: ClinicalContent = clinicalContent,
): DerivedFlag[] {
  return content.redFlags.flags.map((flag) => {
    const outcomes = [
      ...flag.triggers.map((t) => evaluateTrigger(t, input, settings, content)),
      ...observationOutcomes(flag.id, input, settings, content),
    ];
    const truth = PRECEDENCE.find((p) => outcomes.some((o) => o.truth === p)) ?? 'missing';
    const deciding = outcomes.filter((o) => o.truth === truth);
    const state: FlagState =
      truth === 'true' ? 'present' : truth === 'unknown' ? 'could_not_assess' : truth === 'false' ? 'absent' : 'not_screened';
    const evidence = deciding.flatMap((o) => o.evidence);
    if (state === 'present') evidence.push(...contextEvidence(flag, input, content));
    return { id: flag.id, state, source: state === 'not_screened' ? null : (deciding[0]?.source ?? null), evidence };
  });
}

/** One flag as a panel shows it and the gate judges it. */
export interface FlagStatus {
  id: string;
  label: string;
  tier: Exclude<TierId, 'E'>;
  state: FlagState;
  source: FlagSource | null;
  evidence: string[];
  /** What the rules suggested before the clinician's assessment. */
  derivedState: FlagState;
  /** The clinician's note, when the clinician assessed this flag. */
  clinicianNote: string | null;
}

/**
 * Merge derived flags with the clinician's assessments: the clinician's state
 * overrides, and the derived evidence is kept so the record shows what the
 * family said even when the clinician disagreed. Returns every catalog flag,
 * in catalog order.
 */
export function mergeFlagStates(
  derived: readonly DerivedFlag[],
  assessments: readonly FlagAssessment[] = [],
  content: ClinicalContent = clinicalContent,
): FlagStatus[] {
  return content.redFlags.flags.map((flag) => {
    const d = derived.find((x) => x.id === flag.id) ?? { id: flag.id, state: 'not_screened' as const, source: null, evidence: [] };
    const a = assessments.find((x) => x.flagId === flag.id);
    const base = { id: flag.id, label: flag.label, tier: flag.tier, derivedState: d.state };
    if (!a) return { ...base, state: d.state, source: d.source, evidence: [...d.evidence], clinicianNote: null };
    const note = a.note?.trim() ? a.note.trim() : null;
    const words = a.state.replace(/_/g, ' ');
    return {
      ...base,
      state: a.state,
      source: 'clinician',
      evidence: [...d.evidence, `Clinician assessed: ${words}${note ? ` (${note})` : ''}`],
      clinicianNote: note,
    };
  });
}
