/**
 * One call from a visit snapshot to flags, minimum tier and gate: what the
 * `clinical:evaluate` CLI prints, and what the main process can run before
 * letting a visit close.
 */
import { ageAt } from './age';
import { clinicalContent } from './content';
import { scaleForAge } from './pain-scales';
import { deriveFlags, FAMILY_CONFIRMED_NOTE, mergeFlagStates, resolveSettings, type DerivedFlag, type FlagStatus, type RuleSettings } from './red-flags';
import { evaluateGate, notExaminedReason, type CallContext, type GateResult } from './gate';
import { clinicalContentStatus } from './status';
import type { FlagSource, PainScaleId, TierId } from './schema';
import type { FlagAssessment, FlagState, VisitSnapshot } from './visit-input';

/** A flag that needs a decision (present, or could not be assessed), with why. */
export interface RaisedFlag {
  id: string;
  label: string;
  state: Extract<FlagState, 'present' | 'could_not_assess'>;
  tier: TierId;
  source: FlagSource | null;
  evidence: string[];
}

/** The evaluation of one visit. */
export interface VisitEvaluation {
  contentVersion: string;
  clinicalReviewStatement: string;
  age: { years: number; months: number };
  painScale: PainScaleId;
  /** Flags present or not assessable, in catalog order. */
  flags: RaisedFlag[];
  minimumTier: TierId;
  gate: { canClose: boolean; blockingReasons: GateResult['blockingReasons'] };
  /** Every catalog flag's state, for a panel. */
  allFlags: FlagStatus[];
  /**
   * True while screening is incomplete (a flag not yet screened, or a movement
   * never examined): the minimum tier can still go up, so it is shown as provisional.
   */
  minimumTierProvisional: boolean;
  /** Movements with no entry at all (neither examined nor skipped with a reason), in checklist order. */
  notExamined: { id: string; title: string }[];
}

/**
 * The checklist's movements: maneuvers whose main finding can be recorded
 * "not assessed" (set-up and history questions are not movements). A movement
 * with no entry was never examined; the gate wants it examined or skipped with a reason.
 */
export const MOVEMENTS = clinicalContent.maneuvers.maneuvers
  .map((m) => ({ m, main: m.fields.find((f) => f.kind === 'choice' && f.required) }))
  .filter((x) => x.main?.kind === 'choice' && x.main.values.includes('not_assessed'))
  .map((x) => ({ id: x.m.id, title: x.m.title, mainField: x.main!.id }));

/** The movements a snapshot has no entry for. */
export function notExaminedMovements(observations: VisitSnapshot['observations']): { id: string; title: string }[] {
  return MOVEMENTS.filter((m) => observations[m.id] === undefined).map(({ id, title }) => ({ id, title }));
}

/**
 * The clinician's group confirmation of the family's answers: each flag
 * absent on the family's "no" alone, not yet assessed, is marked absent by
 * the clinician with {@link FAMILY_CONFIRMED_NOTE}. The visit room writes
 * the same assessments to the store.
 */
export function withFamilyAnswersConfirmed(derived: readonly DerivedFlag[], assessments: readonly FlagAssessment[]): FlagAssessment[] {
  const out = [...assessments];
  for (const d of derived) {
    if (d.familyOnly && !out.some((a) => a.flagId === d.id)) out.push({ flagId: d.id, state: 'absent', note: FAMILY_CONFIRMED_NOTE });
  }
  return out;
}

/** Evaluate a parsed snapshot with the settings given (settings.json defaults otherwise). */
export function evaluateVisit(snapshot: VisitSnapshot, overrides: Partial<RuleSettings> = {}, call: CallContext = {}): VisitEvaluation {
  const settings = resolveSettings(overrides);
  const age = ageAt(snapshot.dateOfBirth, snapshot.visitDate);
  const derived = deriveFlags(snapshot, settings);
  const assessments = snapshot.familyAnswersConfirmed ? withFamilyAnswersConfirmed(derived, snapshot.flagAssessments) : snapshot.flagAssessments;
  const all = mergeFlagStates(derived, assessments);
  const gate = evaluateGate(all, snapshot.escalation, undefined, call);
  const status = clinicalContentStatus();
  const flags: RaisedFlag[] = [];
  for (const f of all) {
    if (f.state === 'present' || f.state === 'could_not_assess') {
      flags.push({ id: f.id, label: f.label, state: f.state, tier: f.tier, source: f.source, evidence: f.evidence });
    }
  }
  const notExamined = notExaminedMovements(snapshot.observations);
  const blockingReasons = [...gate.blockingReasons];
  const notExaminedBlock = notExaminedReason(notExamined);
  if (notExaminedBlock) blockingReasons.push(notExaminedBlock);
  return {
    contentVersion: status.contentVersion,
    clinicalReviewStatement: status.statement,
    age: { years: age.years, months: age.months },
    painScale: scaleForAge(age.totalMonths, { verbal: snapshot.verbal ?? true }).scale.id,
    flags,
    minimumTier: gate.minimumTier,
    gate: { canClose: blockingReasons.length === 0, blockingReasons },
    allFlags: all,
    minimumTierProvisional: notExamined.length > 0 || all.some((f) => f.state === 'not_screened'),
    notExamined,
  };
}
