/**
 * The visit room: the stored record (services/record/) joined with the
 * shared clinical rules (shared/clinical). One place computes what the
 * clinician sees — every catalog flag with its state and evidence, the
 * minimum tier, the close gate — and writes the flags the rules derive, so
 * the SQL close-gate trigger sees the same assessments the panel shows.
 * The pure half (record → evaluation → view) is visit-room-view.ts.
 */
import { AppError } from '../../../shared/ipc/errors';
import {
  ageAt,
  calculateDose,
  clinicalContent,
  FAMILY_CONFIRMED_NOTE,
  MOVEMENTS,
  IntakeAnswers,
  observationSchemaFor,
  type Observation as ClinicalObservation,
} from '../../../shared/clinical';
import { type PainPoint, type SavePlanInput, type VisitRoomState } from '../../../shared/domain/visit-room';
import { issuesToFieldErrors } from '../../../shared/ipc/issues';
import type { ClinicianService } from './clinicians';
import { toStoreDose } from './plan-doses';
import type { Clock } from './deps';
import type { CallCheckView } from '../../../shared/domain/call';
import type { RecordService } from './record';
import type { IntakeService } from './intakes';
import type { VisitRecord } from '../store/record-types';
import {
  MANEUVERS,
  coarseObservation,
  currentObservations,
  intakeAnswersOf,
  type RecordEvaluation,
  evaluateRecord,
  derivedFlagWrites,
  viewOf,
} from './visit-room-view';

export {
  coarseObservation,
  currentObservations,
  intakeAnswersOf,
  visitDateOf,
  type RecordEvaluation,
  evaluateRecord,
  safeAgeAt,
  derivedFlagWrites,
  viewOf,
} from './visit-room-view';

export function createVisitRoomService(deps: {
  record: RecordService;
  clinicians: ClinicianService;
  intakes: IntakeService;
  clock: Clock;
  /** The call checks (services/call-check.ts); without it the gate does not judge them. */
  callChecks?: { current(visitId: string): CallCheckView | null };
}) {
  const { record, clinicians, intakes, clock } = deps;
  const callOf = (visitId: string) => {
    const check = deps.callChecks?.current(visitId);
    return { check: check ?? null, context: deps.callChecks ? { callCheckRecorded: check != null } : {} };
  };

  async function authorsOf(r: VisitRecord): Promise<Record<string, string>> {
    const ids = new Set<string>([
      ...r.observations.map((o) => o.updatedBy),
      ...r.flagAssessments.map((a) => a.updatedBy),
      ...(r.decision ? [r.decision.decidedBy] : []),
      ...(r.plan ? [r.plan.updatedBy] : []),
      ...r.addenda.map((a) => a.author),
      ...(r.visit.signedBy ? [r.visit.signedBy] : []),
    ]);
    const out: Record<string, string> = { family: 'Family (join link)', system: 'Console (derived)' };
    if ([...ids].some((id) => id !== 'family' && id !== 'system' && !clinicianNames.has(id))) {
      for (const c of await clinicians.list()) clinicianNames.set(c.id, c.credentials ? `${c.displayName}, ${c.credentials}` : c.displayName);
    }
    for (const id of ids) {
      const name = clinicianNames.get(id);
      if (name !== undefined) out[id] = name;
    }
    // The signer as signed (0009 snapshot).
    const s = r.signedSnapshot?.signer;
    if (s) out[s.id] = s.credentials ? `${s.displayName}, ${s.credentials}` : s.displayName;
    return out;
  }

  /**
   * Write the flags the rules derive (from the intake, observations, age and
   * duration) as assessments with their source, wherever the clinician has
   * not assessed the flag, so the store's close gate sees them too.
   */
  async function syncDerivedFlags(r: VisitRecord, evaluation: RecordEvaluation): Promise<boolean> {
    if (r.visit.status === 'signed') return false;
    const writes = derivedFlagWrites(r, evaluation);
    for (const w of writes) await record.assessFlag(r.visit.id, w, 'system');
    return writes.length > 0;
  }

  // Clinicians are never changed or removed once created (services/clinicians.ts), so their names are kept;
  // the list is read again only when a record names someone not seen yet.
  const clinicianNames = new Map<string, string>();

  async function stateOf(visitId: string, sync: boolean): Promise<VisitRoomState> {
    let r = await record.getVisitRecord(visitId);
    const call = callOf(visitId);
    let evaluation = evaluateRecord(r, clock.today(), call.context);
    if (sync && (await syncDerivedFlags(r, evaluation))) {
      r = await record.getVisitRecord(visitId);
      evaluation = evaluateRecord(r, clock.today(), call.context);
    }
    return withCall(viewOf(r, evaluation, await authorsOf(r)), call);
  }

  /** The room state carries the call check wherever the service has one (every path that answers a state). */
  function withCall(view: VisitRoomState, call: ReturnType<typeof callOf>): VisitRoomState {
    return deps.callChecks ? { ...view, callCheck: call.check } : view;
  }

  /** Move a visit forward to "in progress" once the clinician starts recording. */
  async function ensureInProgress(visitId: string, actor: string): Promise<void> {
    const r = await record.getVisitRecord(visitId);
    const order = ['scheduled', 'waiting', 'in_progress'] as const;
    let i = order.indexOf(r.visit.status as (typeof order)[number]);
    if (r.visit.status === 'awaiting_decision' || i < 0) return;
    while (i < order.length - 1) {
      i += 1;
      await record.setStatus(visitId, order[i] as 'waiting' | 'in_progress', actor);
    }
  }

  return {
    /** Open the room (audited) and bring derived flags up to date. */
    async open(visitId: string, actor: string): Promise<VisitRoomState> {
      await record.openVisit(visitId, actor);
      return stateOf(visitId, true);
    },

    async state(visitId: string): Promise<VisitRoomState> {
      return stateOf(visitId, false);
    },

    /** Save one maneuver's findings (validated against that maneuver's allowed values). */
    async recordObservation(visitId: string, maneuverId: string, values: ClinicalObservation, actor: string): Promise<VisitRoomState> {
      const m = MANEUVERS.get(maneuverId);
      if (!m) throw new AppError('VALIDATION', 'Unknown movement.', [{ path: 'maneuverId', message: 'Unknown movement.' }]);
      const parsed = observationSchemaFor(m).safeParse(values);
      if (!parsed.success) {
        throw new AppError('VALIDATION', 'Some findings are not valid for this movement.', issuesToFieldErrors(parsed.error.issues).map((f) => ({ ...f, path: f.path ? `values.${f.path}` : 'values' })));
      }
      // One read of the record and one transaction for the finding and the flags it derives (issue 15).
      const coarse = coarseObservation(m, parsed.data);
      const call = callOf(visitId);
      const r = await record.recordFinding(
        visitId,
        { maneuverId, ...coarse, fields: parsed.data },
        (written) => derivedFlagWrites(written, evaluateRecord(written, clock.today(), call.context)),
        actor,
      );
      return withCall(viewOf(r, evaluateRecord(r, clock.today(), call.context), await authorsOf(r)), call);
    },

    async assessFlag(visitId: string, input: { flagId: string; state: 'present' | 'absent' | 'could_not_assess'; note?: string | undefined }, actor: string): Promise<VisitRoomState> {
      if (!clinicalContent.redFlags.flags.some((f) => f.id === input.flagId)) {
        throw new AppError('VALIDATION', 'Unknown red flag.', [{ path: 'flagId', message: 'Unknown red flag.' }]);
      }
      await record.assessFlag(visitId, { flagId: input.flagId, state: input.state, source: 'clinician', note: input.note?.trim() || null }, actor);
      return stateOf(visitId, true);
    },

    /**
     * The clinician went over the family's answers with them: each flag absent
     * on the family's "no" alone becomes the clinician's "absent", with a note
     * saying so (one audited write per flag, so the record shows who and when).
     */
    /**
     * Signing with movements never examined asks for a reason: each is
     * recorded "not assessed" with the reason as its note (one audited entry
     * per movement), so the note lists them with why.
     */
    async skipNotExamined(visitId: string, reason: string, actor: string): Promise<VisitRoomState> {
      const why = reason.trim();
      if (!why) throw new AppError('VALIDATION', 'Say why these movements were not examined.', [{ path: 'reason', message: 'Say why these movements were not examined.' }]);
      const before = await stateOf(visitId, false);
      if (before.visit.status === 'signed') throw new AppError('CONFLICT', 'This visit is already signed. Add an addendum instead.');
      await ensureInProgress(visitId, actor);
      for (const { id } of before.notExamined ?? []) {
        const m = MOVEMENTS.find((x) => x.id === id);
        if (!m) continue;
        await record.addObservation(visitId, { maneuverId: id, ...coarseObservation(MANEUVERS.get(id)!, { [m.mainField]: 'not_assessed', note: why }), fields: { [m.mainField]: 'not_assessed', note: why } }, actor);
      }
      return stateOf(visitId, true);
    },

    async confirmFamilyAnswers(visitId: string, actor: string): Promise<VisitRoomState> {
      const before = await stateOf(visitId, true);
      if (before.visit.status === 'signed') throw new AppError('CONFLICT', 'This visit is already signed. Add an addendum instead.');
      for (const f of before.flags) {
        if (f.familyAbsence !== 'unconfirmed') continue;
        await record.assessFlag(visitId, { flagId: f.id, state: 'absent', source: 'clinician', note: FAMILY_CONFIRMED_NOTE }, actor);
      }
      return stateOf(visitId, true);
    },

    async decide(visitId: string, input: { tier: 'A' | 'B' | 'C' | 'D' | 'E'; rationale?: string | undefined; familyTold: string }, actor: string): Promise<VisitRoomState> {
      await record.decide(visitId, { tier: input.tier, rationale: input.rationale?.trim() || null, familyTold: input.familyTold }, actor);
      return stateOf(visitId, false);
    },

    async savePlan(input: SavePlanInput, actor: string): Promise<VisitRoomState> {
      const r = await record.getVisitRecord(input.visitId);
      // A weight outside the 0.1st-99.9th percentile is dosed only on a recorded override, here as in the room.
      // A stored date of birth no calendar has (an older build let some through) cannot place the weight on a
      // growth chart: the dose is refused in words, never an INTERNAL (issue 14's bricking property found this).
      let ageMonths = 0;
      if (input.analgesia.length > 0) {
        try {
          ageMonths = ageAt(r.patient.dateOfBirth, clock.today() < r.patient.dateOfBirth ? r.patient.dateOfBirth : clock.today()).totalMonths;
        } catch {
          const message = 'The date of birth on file cannot be read, so the weight cannot be checked for a dose. Correct the date of birth first.';
          throw new AppError('VALIDATION', message, [{ path: 'analgesia', message }]);
        }
      }
      input.analgesia.forEach((a, i) => {
        const check = calculateDose({
          drug: a.drug,
          productId: a.productId,
          weightKg: r.patient.weightKg,
          ageMonths,
          sex: r.patient.sex,
          ...(a.weightOverrideReason ? { weightOverride: { reason: a.weightOverrideReason } } : {}),
        });
        if (!check.ok && check.refusal.code === 'weight_implausible') {
          throw new AppError('VALIDATION', 'The weight needs the clinician\'s override before this dose can be saved.', [
            { path: `analgesia.${i}.weightOverrideReason`, message: check.refusal.reason },
          ]);
        }
      });
      await record.savePlan(
        input.visitId,
        {
          advice: input.adviceIds,
          analgesia: input.analgesia.map((a) => toStoreDose(a, r.patient.weightKg)),
          followUp: {
            when: input.followUp.when ?? null,
            withWhom: input.followUp.withWhom ?? null,
            instructions: input.followUp.instructions ?? null,
          },
          bodyMap: input.bodyMap,
        },
        actor,
      );
      return stateOf(input.visitId, false);
    },

    async setStatus(visitId: string, status: 'waiting' | 'in_progress' | 'awaiting_decision', actor: string): Promise<VisitRoomState> {
      await record.setStatus(visitId, status, actor);
      return stateOf(visitId, false);
    },

    /**
     * Sign and lock the visit. The shared rules are checked first (every
     * reason, in words); the store's own gate and trigger check again.
     */
    async sign(visitId: string, actor: string): Promise<VisitRoomState> {
      const before = await stateOf(visitId, true);
      if (before.visit.status === 'signed') throw new AppError('CONFLICT', 'This visit is already signed. Add an addendum instead.');
      if (!before.gate.canClose) {
        throw new AppError(
          'GATE_BLOCKED',
          'The visit cannot be closed yet.',
          before.gate.reasons.map((r) => ({ path: 'gate', message: r.message })),
        );
      }
      await ensureInProgress(visitId, actor);
      const r = await record.getVisitRecord(visitId);
      if (r.visit.status === 'in_progress') await record.setStatus(visitId, 'awaiting_decision', actor);
      await record.sign(visitId, actor);
      return stateOf(visitId, false);
    },

    /**
     * The clinician corrects or replaces the family's intake before signing
     * (issue 14): the new answers replace the current ones (dates checked
     * against today and the date of birth by the intake service), the
     * family's version goes to clinical_revisions, and the audit row names
     * the clinician and the fields changed. A later family submission never
     * overwrites it (store/intakes.ts).
     */
    async correctIntake(visitId: string, answers: IntakeAnswers, actor: string): Promise<VisitRoomState> {
      const r = await record.getVisitRecord(visitId);
      const before = (intakeAnswersOf(r) ?? {}) as Record<string, unknown>;
      const after = answers as Record<string, unknown>;
      const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
      const changed = keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
      await intakes.save(visitId, JSON.stringify(answers), r.intake?.language ?? 'en', 'clinician', actor, changed);
      return stateOf(visitId, true);
    },

    async addAddendum(visitId: string, input: { reason: string; text: string }, actor: string): Promise<VisitRoomState> {
      await record.addAddendum(visitId, { reason: input.reason, text: input.text }, actor);
      return stateOf(visitId, false);
    },

    /** Pain scores across a patient's visits, each on its own scale (never converted). */
    async painHistory(patientId: string): Promise<PainPoint[]> {
      const points: PainPoint[] = [];
      for (const visitId of await record.visitIdsOfPatient(patientId)) {
        const r = await record.getVisitRecord(visitId);
        const intake = intakeAnswersOf(r);
        if (intake?.painScore && r.intake) {
          points.push({ visitId, at: r.intake.submittedAt, scale: intake.painScore.scale, score: intake.painScore.score, source: 'intake' });
        }
        const worst = [...currentObservations(r).values()]
          .filter((o) => o.painScore !== null && o.painScale !== null)
          .sort((a, b) => (b.painScore ?? 0) - (a.painScore ?? 0))[0];
        if (worst && (worst.painScale === 'FLACC' || worst.painScale === 'FPS-R' || worst.painScale === 'NRS-11')) {
          points.push({ visitId, at: worst.observedAt, scale: worst.painScale, score: worst.painScore!, source: 'observation' });
        }
      }
      return points;
    },
  };
}
export type VisitRoomService = ReturnType<typeof createVisitRoomService>;
