/**
 * Red flags derived from the intake, the observations, age and duration, and
 * merged with the clinician's own assessments into one state per catalog flag.
 * All rules are data (red-flags.json triggers, maneuvers.json findings); this
 * file only evaluates them.
 */
import { ageAt, daysBetween, formatAge } from './age';
import { clinicalContent, type ClinicalContent } from './content';
import type { CombinationRule, FlagSource, FlagTrigger, JurisdictionId, NumericSettingId, RedFlag, RuleCondition, TierId } from './schema';
import type { FlagAssessment, FlagState, IntakeAnswers, Observations } from './visit-input';
import { WORDS } from '../words';

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
  /** The clinician's calls; combination rules read a flag's state with the clinician's call first. */
  flagAssessments?: readonly FlagAssessment[] | undefined;
}

/** One flag as the rules see it, before the clinician's assessment. */
export interface DerivedFlag {
  id: string;
  state: FlagState;
  /** Where the deciding answer came from; null when nothing has been screened. */
  source: FlagSource | null;
  /** Plain-language reasons, e.g. "Heel walk: unable". */
  evidence: string[];
  /**
   * Absent only because the family answered "no" on the form (no observation
   * or rule agrees yet): "absent per family, not confirmed" until the
   * clinician goes over it with them.
   */
  familyOnly: boolean;
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

/** The shared catalog's names of the states (shared/words). */
const STATE_WORDS: Record<FlagState, string> = WORDS.en.labels.flagState;

const TRUTH_OF_STATE: Record<FlagState, Truth> = { present: 'true', could_not_assess: 'unknown', absent: 'false', not_screened: 'missing' };

/** The outcome of one observation field against a list of values (`unknownValues` count as doubt). */
function observationTruth(content: ClinicalContent, input: FlagInput, maneuverId: string, fieldId: string, values: readonly string[]): Outcome & { value?: string } {
  const m = content.maneuvers.maneuvers.find((x) => x.id === maneuverId);
  const field = m?.fields.find((f) => f.id === fieldId);
  const value = input.observations[maneuverId]?.[fieldId];
  if (!m || !field || field.kind !== 'choice' || typeof value !== 'string') return { truth: 'missing', source: 'observation', evidence: [] };
  const what = field.id === 'result' ? `${m.title}:` : `${m.title}: ${field.label.toLowerCase()}`;
  const truth: Truth = (field.unknownValues ?? []).includes(value) ? 'unknown' : values.includes(value) ? 'true' : 'false';
  return { truth, source: 'observation', evidence: [`${what} ${formatValue(value)}`], value };
}

/**
 * AND (settled by one 'false') or OR (settled by one 'true') over three-valued
 * outcomes: one settling part decides; otherwise doubt, then not-asked, then
 * every part agreeing on the other value.
 */
function combine(parts: Outcome[], settles: 'true' | 'false'): Outcome {
  const otherwise: Truth = settles === 'true' ? 'false' : 'true';
  const truth: Truth = parts.some((p) => p.truth === settles)
    ? settles
    : parts.some((p) => p.truth === 'unknown')
      ? 'unknown'
      : parts.some((p) => p.truth === 'missing')
        ? 'missing'
        : otherwise;
  const decisive = truth === otherwise ? parts : parts.filter((p) => p.truth === truth);
  return { truth, source: decisive[0]?.source ?? parts[0]?.source ?? 'derived', evidence: decisive.flatMap((p) => p.evidence) };
}

const allOf = (parts: Outcome[]): Outcome => combine(parts, 'false');
const anyOf = (parts: Outcome[]): Outcome => combine(parts, 'true');

/** A flag's state as a combination rule reads it: the clinician's call first, else what the rules derived. */
type StateLookup = (flagId: string) => FlagState;

function evaluateCondition(
  c: RuleCondition,
  input: FlagInput,
  settings: RuleSettings,
  content: ClinicalContent,
  stateOf: StateLookup,
): Outcome {
  switch (c.kind) {
    case 'intake':
      return evaluateTrigger(c, input, settings, content);
    case 'observation':
      return observationTruth(content, input, c.maneuver, c.field, c.values);
    case 'flag': {
      const state = stateOf(c.flag);
      const label = content.redFlags.flags.find((f) => f.id === c.flag)?.label ?? c.flag;
      return { truth: TRUTH_OF_STATE[state], source: 'derived', evidence: state === 'not_screened' ? [] : [`${label}: ${STATE_WORDS[state]}`] };
    }
    case 'both-legs': {
      // Deficits count for the side recorded with them ("both" counts twice); a
      // deficit recorded without a side leaves bilateral weakness undecided.
      const sides = new Set<string>();
      const positives: Outcome[] = [];
      let sideMissing = false;
      const others: Outcome[] = [];
      for (const id of c.maneuvers) {
        const o = observationTruth(content, input, id, c.field, c.values);
        if (o.truth !== 'true') {
          others.push(o);
          continue;
        }
        const side = input.observations[id]?.[c.sideField];
        if (side === 'both') sides.add('left').add('right');
        else if (side === 'left' || side === 'right') sides.add(side);
        else sideMissing = true;
        positives.push({ ...o, evidence: o.evidence.map((e) => `${e} (${typeof side === 'string' ? side : 'side not recorded'})`) });
      }
      if (sides.has('left') && sides.has('right')) return { truth: 'true', source: 'observation', evidence: positives.flatMap((p) => p.evidence) };
      if (sideMissing) return { truth: 'unknown', source: 'observation', evidence: positives.flatMap((p) => p.evidence) };
      // Not both sides: a skipped or unrecorded leg test may still hide the other side.
      const rest = anyOf(others.length > 0 ? others : [{ truth: 'false', source: 'observation', evidence: [] }]);
      return rest.truth === 'false' && positives.length > 0 ? { ...rest, evidence: positives.flatMap((p) => p.evidence) } : rest;
    }
    case 'all':
      return allOf(c.of.map((x) => evaluateCondition(x, input, settings, content, stateOf)));
    case 'any':
      return anyOf(c.of.map((x) => evaluateCondition(x, input, settings, content, stateOf)));
  }
}

/** A combination rule's verdict as one more outcome for the flag it raises. */
function ruleOutcome(rule: CombinationRule, input: FlagInput, settings: RuleSettings, content: ClinicalContent, stateOf: StateLookup): Outcome {
  const o = evaluateCondition(rule.when, input, settings, content, stateOf);
  const evidence = o.truth === 'true' ? [`${rule.explanation}: ${o.evidence.join('; ')}`] : o.evidence;
  return { truth: o.truth, source: 'derived', evidence };
}

function decide(flag: RedFlag, outcomes: Outcome[], input: FlagInput, content: ClinicalContent): DerivedFlag {
  const truth = PRECEDENCE.find((p) => outcomes.some((o) => o.truth === p)) ?? 'missing';
  const deciding = outcomes.filter((o) => o.truth === truth);
  const state: FlagState =
    truth === 'true' ? 'present' : truth === 'unknown' ? 'could_not_assess' : truth === 'false' ? 'absent' : 'not_screened';
  const evidence = [...new Set(deciding.flatMap((o) => o.evidence))];
  if (state === 'present') evidence.push(...contextEvidence(flag, input, content));
  // An absence the clinician's own observation (or a rule) backs is not the family's alone.
  const familyOnly = state === 'absent' && deciding.every((o) => o.source === 'family_intake');
  const source = state === 'not_screened' ? null : ((state === 'absent' ? deciding.find((o) => o.source !== 'family_intake') : undefined) ?? deciding[0])?.source ?? null;
  return { id: flag.id, state, source, evidence, familyOnly };
}

/**
 * Every catalog flag's state as the intake, observations, age and duration
 * suggest it. Several rules can speak to one flag (the family's answer, a
 * maneuver, a combination rule): any positive makes it `present`, else any
 * "could not tell" makes it `could_not_assess`, else any negative makes it
 * `absent`; a flag no rule has an answer for stays `not_screened`. Evidence
 * lists the deciding answers.
 *
 * Combination rules (combination-rules.json) read other flags' states, the
 * clinician's call first; the loader guarantees they never read a flag a rule
 * raises, so flags without rules are settled first and the rules second.
 */
export function deriveFlags(
  input: FlagInput,
  settings: RuleSettings = resolveSettings(),
  content: ClinicalContent = clinicalContent,
): DerivedFlag[] {
  const base = new Map<string, Outcome[]>();
  for (const flag of content.redFlags.flags) {
    base.set(flag.id, [
      ...flag.triggers.map((t) => evaluateTrigger(t, input, settings, content)),
      ...observationOutcomes(flag.id, input, settings, content),
    ]);
  }
  const flagsById = new Map(content.redFlags.flags.map((f) => [f.id, f]));
  const stateOf: StateLookup = (id) => {
    const a = input.flagAssessments?.find((x) => x.flagId === id);
    if (a) return a.state;
    const flag = flagsById.get(id);
    return flag ? decide(flag, base.get(id) ?? [], input, content).state : 'not_screened';
  };
  for (const rule of content.combinationRules.rules) base.get(rule.raises)?.push(ruleOutcome(rule, input, settings, content, stateOf));
  return content.redFlags.flags.map((flag) => decide(flag, base.get(flag.id) ?? [], input, content));
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
  /**
   * For an absence that rests on the family's "no" alone: `unconfirmed` until
   * the clinician goes over it with the family (the close gate waits), then
   * `confirmed` (the clinician marked it absent, by group or per flag). Null
   * for every other flag.
   */
  familyAbsence: 'unconfirmed' | 'confirmed' | null;
}

/** The note recorded on each flag when the clinician confirms the family's answers as a group. */
export const FAMILY_CONFIRMED_NOTE = "Family's answer gone over with the family and confirmed by the clinician.";

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
    const d = derived.find((x) => x.id === flag.id) ?? { id: flag.id, state: 'not_screened' as const, source: null, evidence: [], familyOnly: false };
    const a = assessments.find((x) => x.flagId === flag.id);
    const base = { id: flag.id, label: flag.label, tier: flag.tier, derivedState: d.state };
    if (!a) {
      return { ...base, state: d.state, source: d.source, evidence: [...d.evidence], clinicianNote: null, familyAbsence: d.familyOnly ? ('unconfirmed' as const) : null };
    }
    const note = a.note?.trim() ? a.note.trim() : null;
    const words = a.state.replace(/_/g, ' ');
    return {
      ...base,
      state: a.state,
      source: 'clinician',
      evidence: [...d.evidence, `Clinician assessed: ${words}${note ? ` (${note})` : ''}`],
      clinicianNote: note,
      familyAbsence: d.familyOnly && a.state === 'absent' ? ('confirmed' as const) : null,
    };
  });
}
