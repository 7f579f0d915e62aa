/**
 * The close gate over a stored record (issue 15, item 2: each rule once).
 * The record service names every reason with this before it signs, and the
 * SQL close-gate triggers (migrations 0006, 0015, 0018) are the last guard
 * for the same rules; tests/main/store/close-gate-agrees.test.ts generates
 * records and checks that the two agree on whether a visit can be signed.
 *
 * A stored record knows less than the visit room: it has the assessments as
 * written (the rules' derived flags are written by 'system' with their
 * source), not the evidence behind them. So the rule "a flag the rules found
 * present, marked absent by the clinician without a note" is judged by the
 * visit room's gate only (evaluateVisit), which runs first.
 */
import { clinicalContent, type ClinicalContent } from './content';
import { movementsOf } from './evaluate';
import { evaluateGate, notExaminedReason, type GateResult } from './gate';
import { FAMILY_CONFIRMED_NOTE, type FlagStatus } from './red-flags';
import type { FlagSource, TierId } from './schema';

/** A catalog flag as the store keeps it (store/catalog.ts); a null tier counts as D. */
export interface StoredCatalogFlag {
  id: string;
  label: string;
  tier: Exclude<TierId, 'E'> | null;
}

/** What the stored-record gate reads. */
export interface StoredGateInput {
  /** The active catalog's flags and movements (store/catalog.ts). */
  flags: readonly StoredCatalogFlag[];
  movements: readonly { id: string; title: string }[];
  assessments: readonly { flagId: string; state: 'present' | 'absent' | 'could_not_assess'; source: FlagSource; note: string | null }[];
  decision: { tier: TierId; rationale: string | null } | null;
  /** Maneuver ids with a current (not struck out) observation. */
  examined: ReadonlySet<string>;
  /** Undefined = not judged. */
  callCheckRecorded?: boolean;
}

/**
 * The stored assessments as the shared gate reads flags: a catalog flag
 * without one is not screened; an absence from the family's intake alone
 * waits for the clinician's confirmation. An assessment of a flag the
 * catalog no longer lists still needs a decision when present or not
 * assessable (as tier D, the least a flag can demand).
 */
export function storedFlagStatuses(input: Pick<StoredGateInput, 'flags' | 'assessments'>): FlagStatus[] {
  const byId = new Map(input.assessments.map((a) => [a.flagId, a]));
  const out: FlagStatus[] = input.flags.map((f) => {
    const a = byId.get(f.id);
    const state = a?.state ?? 'not_screened';
    const clinician = a?.source === 'clinician';
    return {
      id: f.id,
      label: f.label,
      tier: f.tier ?? 'D',
      state,
      source: a?.source ?? null,
      evidence: [],
      derivedState: state,
      clinicianNote: clinician ? (a?.note?.trim() || null) : null,
      familyAbsence:
        a?.state === 'absent' && a.source === 'family_intake' ? 'unconfirmed' : clinician && a?.state === 'absent' && a.note === FAMILY_CONFIRMED_NOTE ? 'confirmed' : null,
    };
  });
  const listed = new Set(input.flags.map((f) => f.id));
  for (const a of input.assessments) {
    if (listed.has(a.flagId) || a.state === 'absent') continue;
    out.push({ id: a.flagId, label: a.flagId, tier: 'D', state: a.state, source: a.source, evidence: [], derivedState: a.state, clinicianNote: null, familyAbsence: null });
  }
  return out;
}

/** The shared gate over a stored record, with the not-examined rule over the catalog's movements. */
export function evaluateStoredGate(input: StoredGateInput, content: ClinicalContent = clinicalContent): GateResult {
  const decision = input.decision ? { tier: input.decision.tier, ...(input.decision.rationale ? { rationale: input.decision.rationale } : {}) } : null;
  const call = input.callCheckRecorded === undefined ? {} : { callCheckRecorded: input.callCheckRecorded };
  const gate = evaluateGate(storedFlagStatuses(input), decision, content, call);
  const notExamined = notExaminedReason(input.movements.filter((m) => !input.examined.has(m.id)));
  if (!notExamined) return gate;
  return { ...gate, canClose: false, blockingReasons: [...gate.blockingReasons, notExamined] };
}

/** The catalog the store keeps for its triggers, from the clinical content: every flag with its tier, every movement. */
export function storeCatalogOf(content: ClinicalContent = clinicalContent): { flags: StoredCatalogFlag[]; movements: { id: string; title: string }[] } {
  return {
    flags: content.redFlags.flags.map((f) => ({ id: f.id, label: f.label, tier: f.tier })),
    movements: movementsOf(content).map(({ id, title }) => ({ id, title })),
  };
}
