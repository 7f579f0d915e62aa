/**
 * The visit record service: everything the visit room and the exports do
 * with a visit, without SQL. Each write validates, checks the visit's state,
 * writes and appends its audit row in one transaction. The close gate is
 * checked here (every reason, in words) and again by a trigger in SQL.
 *
 * `actor` is the signed-in clinician's id, supplied by the main process
 * (never by the renderer); 'family' and 'system' are accepted only where the
 * family or the app itself can act.
 */
import { AppError, type FieldError } from '../../../shared/ipc/errors';
import { appendAudit, type AuditDetail } from '../store/audit';
import { activeCatalog } from '../store/catalog';
import { createJoinTokenRepository } from '../store/join-tokens';
import { createRecordRepository } from '../store/record';
import {
  HOME_CARE_TIER,
  STORE_LIMITS,
  VISIT_TRANSITIONS,
  type Addendum,
  type BodySide,
  type Consent,
  type ConsentGivenBy,
  type CorrectableEntity,
  type EscalationDecision,
  type EscalationTier,
  type FlagAssessment,
  type FlagSource,
  type FlagState,
  type GateStatus,
  type ImageMime,
  type Observation,
  type ObservationResult,
  type Plan,
  type PlanInput,
  type Revision,
  type StillImageMeta,
  type VisitDetail,
  type VisitRecord,
  type VisitStatus,
} from '../store/record-types';
import { storageGuard, type ServiceDeps } from './deps';
import { FlagState as FlagStates, StoredDoseInput, type StoredDose } from '../../../shared/domain/record';
import { issuesToFieldErrors } from '../../../shared/ipc/issues';
import { currentByManeuver } from '../../../shared/clinical/findings';

export interface ObservationInput {
  maneuverId: string;
  result: ObservationResult;
  side: BodySide;
  painScore?: number | null;
  /** Required with a pain score: the scale it was measured on (e.g. 'nrs-11', 'faces-r'). */
  painScale?: string | null;
  note?: string | null;
  /** The maneuver's own fields, already validated against shared/clinical's schema for it. */
  fields?: Record<string, unknown>;
  /** Defaults to now. */
  observedAt?: string;
}

export interface FlagAssessmentInput {
  flagId: string;
  state: FlagState;
  source: FlagSource;
  note?: string | null;
}

export interface DecisionInput {
  tier: EscalationTier;
  rationale?: string | null;
  /** What the family was told to do. */
  familyTold?: string | null;
}

export interface StillImageInput {
  mime: ImageMime;
  data: Uint8Array;
  caption?: string | null;
}

export interface AddendumInput {
  reason: string;
  text: string;
  corrects?: { entity: CorrectableEntity; id: string } | null;
}

const RESULTS: readonly ObservationResult[] = ['normal', 'abnormal', 'unable', 'not_tested'];
const SIDES: readonly BodySide[] = ['left', 'right', 'both', 'midline', 'not_applicable'];
const FLAG_STATES: readonly FlagState[] = FlagStates.options;
const FLAG_SOURCES: readonly FlagSource[] = ['family_intake', 'observation', 'derived', 'clinician'];
const TIERS: readonly EscalationTier[] = ['A', 'B', 'C', 'D', 'E'];
const GIVEN_BY: readonly ConsentGivenBy[] = ['guardian', 'patient', 'guardian_and_patient'];
const CORRECTABLE: readonly CorrectableEntity[] = [
  'observation', 'flag_assessment', 'escalation_decision', 'plan', 'intake', 'still_image', 'consent', 'visit',
];
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

const STATUS_WORDS: Record<VisitStatus, string> = {
  scheduled: 'scheduled',
  waiting: 'waiting',
  in_progress: 'in progress',
  awaiting_decision: 'awaiting decision',
  signed: 'signed',
};

/** The first bytes of each accepted image type: the renderer's mime claim is checked against the data. */
function sniffMime(data: Uint8Array): ImageMime | null {
  const b = (i: number) => data[i];
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'image/jpeg';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'image/png';
  if (b(0) === 0x52 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x46 && b(8) === 0x57 && b(9) === 0x45 && b(10) === 0x42 && b(11) === 0x50) {
    return 'image/webp';
  }
  return null;
}

class Check {
  readonly fields: FieldError[] = [];
  add(path: string, message: string): void {
    this.fields.push({ path, message });
  }
  text(path: string, value: unknown, max: number, opts: { required?: boolean; label: string }): string | null {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (opts.required) this.add(path, `Enter ${opts.label.toLowerCase()}.`);
      return null;
    }
    if (typeof value !== 'string') {
      this.add(path, `${opts.label} must be text.`);
      return null;
    }
    const t = value.trim();
    if (t.length > max) this.add(path, `${opts.label} must be ${max} characters or fewer.`);
    return t;
  }
  oneOf<T extends string>(path: string, value: unknown, allowed: readonly T[], label: string): T {
    if (!allowed.includes(value as T)) this.add(path, `Choose a valid ${label}.`);
    return value as T;
  }
  id(path: string, value: unknown, label: string): string {
    if (typeof value !== 'string' || !ID_PATTERN.test(value)) this.add(path, `${label} is not valid.`);
    return value as string;
  }
  done(): void {
    if (this.fields.length) throw new AppError('VALIDATION', 'Some of the information is not valid.', this.fields);
  }
}

function checkObservation(input: ObservationInput, c: Check): Omit<Observation, 'id' | 'visitId' | 'author' | 'version' | 'updatedAt' | 'updatedBy' | 'retracted' | 'observedAt'> {
  const maneuverId = c.id('maneuverId', input.maneuverId, 'The movement');
  const result = c.oneOf('result', input.result, RESULTS, 'result');
  const side = c.oneOf('side', input.side, SIDES, 'side');
  const painScore = input.painScore ?? null;
  const painScale = painScore === null ? null : c.text('painScale', input.painScale, 50, { required: true, label: 'The pain scale' });
  if (painScore !== null && (!Number.isInteger(painScore) || painScore < 0 || painScore > 10)) {
    c.add('painScore', 'A pain score is a whole number from 0 to 10.');
  }
  if (painScore === null && input.painScale) c.add('painScore', 'Enter the pain score for the chosen scale, or clear the scale.');
  const note = c.text('note', input.note, STORE_LIMITS.noteMax, { label: 'The note' });
  const fields = input.fields ?? {};
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields) || JSON.stringify(fields).length > STORE_LIMITS.planJsonMax) {
    c.add('fields', 'The observation fields are not valid.');
  }
  return { maneuverId, result, side, painScore, painScale, note, fields };
}

function checkInstant(c: Check, path: string, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  const t = Date.parse(value);
  if (Number.isNaN(t)) {
    c.add(path, 'Use a date and time with a time zone.');
    return fallback;
  }
  return new Date(t).toISOString();
}

function checkPlan(input: PlanInput, c: Check): Omit<PlanInput, 'analgesia'> & { analgesia: StoredDose[] } {
  if (!Array.isArray(input.advice) || input.advice.some((a) => typeof a !== 'string' || a.length < 1 || a.length > 500)) {
    c.add('advice', 'Advice items must be short texts or ids.');
  }
  if (!Array.isArray(input.analgesia)) c.add('analgesia', 'Analgesia must be a list of doses.');
  // Each dose is read with the shared schema (shared/domain/record.ts), the same one the repository reads rows with.
  const analgesia = (Array.isArray(input.analgesia) ? input.analgesia : []).flatMap((d, i) => {
    const parsed = StoredDoseInput.safeParse(d);
    if (parsed.success) return [parsed.data];
    for (const f of issuesToFieldErrors(parsed.error.issues)) c.add(f.path ? `analgesia.${i}.${f.path}` : `analgesia.${i}`, f.message);
    return [];
  });
  const f = input.followUp ?? { when: null, withWhom: null, instructions: null };
  const when = c.text('followUp.when', f.when, 200, { label: 'When to follow up' });
  const withWhom = c.text('followUp.withWhom', f.withWhom, 200, { label: 'Who to follow up with' });
  const instructions = c.text('followUp.instructions', f.instructions, 2000, { label: 'The follow-up instructions' });
  const bodyMap = input.bodyMap ?? [];
  if (!Array.isArray(bodyMap) || bodyMap.length > 40 || bodyMap.some((r) => typeof r !== 'string' || !/^[a-z0-9-]{1,40}$/.test(r))) {
    c.add('bodyMap', 'Body-map regions must be region ids.');
  }
  return {
    advice: Array.isArray(input.advice) ? [...input.advice] : [],
    analgesia,
    followUp: { when, withWhom, instructions },
    bodyMap: Array.isArray(bodyMap) ? [...bodyMap] : [],
  };
}

/** Which fields differ between two versions of an entry (names only: they go into the audit log). */
function changedFields<T extends object>(before: T, after: T, keys: readonly (keyof T)[]): string[] {
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).map(String);
}

export function createRecordService(deps: ServiceDeps) {
  const { db, clock, newId } = deps;
  const repo = createRecordRepository(db);
  const tokens = createJoinTokenRepository(db);
  const clinicianExists = db.prepare(`SELECT 1 FROM clinicians WHERE id = ?`);
  const statusOf = db.prepare(`SELECT status FROM visits WHERE id = ?`);
  const now = () => clock.now().toISOString();

  /** Run `fn` in one transaction; disk full etc. become STORAGE, trigger refusals become typed errors. */
  // One transaction wrapper for every write (making a new one per call costs measurable time on the hot path).
  const inTransaction = db.transaction((fn: () => unknown) => fn());
  function write<T>(fn: () => T): T {
    try {
      return storageGuard(() => inTransaction(fn) as T);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const message = error instanceof Error ? error.message : '';
      if (code === 'SQLITE_CONSTRAINT_TRIGGER') {
        if (message.startsWith('visit is signed')) throw signedConflict();
        if (message.startsWith('close gate')) throw new AppError('GATE_BLOCKED', 'The visit cannot be signed yet.', [{ path: 'gate', message: 'The record changed; check it again.' }]);
        if (message.startsWith('no still-capture consent')) throw noConsent();
        throw new AppError('CONFLICT', 'That change is not allowed for this visit.');
      }
      throw error;
    }
  }

  const signedConflict = () => new AppError('CONFLICT', 'This visit is signed and cannot be changed. Add an addendum to correct it.');
  const noConsent = () =>
    new AppError('CONFLICT', 'The family has not agreed to still images for this visit. Record their consent first.', [
      { path: 'consent', message: 'No still-image consent is recorded for this visit.' },
    ]);

  function audit(actor: string, action: Parameters<typeof appendAudit>[1]['action'], entity: string, entityId: string, at: string, detail?: AuditDetail): void {
    appendAudit(db, { actor, action, entity, entityId, at, ...(detail ? { detail } : {}) });
  }

  function requireVisit(visitId: string): VisitDetail {
    const v = repo.visit(visitId);
    if (!v) throw new AppError('NOT_FOUND', 'That visit was not found.');
    return v;
  }
  function requireUnsigned(visitId: string): VisitDetail {
    const v = requireVisit(visitId);
    if (v.status === 'signed') throw signedConflict();
    return v;
  }
  /** The hot-path check for writes that only need to know the visit exists and is open. */
  function requireOpenVisit(visitId: string): void {
    const row = statusOf.get(visitId) as { status: VisitStatus } | undefined;
    if (!row) throw new AppError('NOT_FOUND', 'That visit was not found.');
    if (row.status === 'signed') throw signedConflict();
  }
  // Clinicians are never removed (their ids are referenced by the record), so a positive lookup can be kept.
  const knownClinicians = new Set<string>();
  function requireClinician(actor: string): void {
    if (knownClinicians.has(actor)) return;
    if (!clinicianExists.get(actor)) throw new AppError('LOCKED', 'Sign in as a clinician to do this.');
    knownClinicians.add(actor);
  }
  function requireActor(actor: string): void {
    if (actor !== 'family' && actor !== 'system') requireClinician(actor);
  }

  function gateOf(visitId: string, status: VisitStatus): GateStatus {
    const reasons: string[] = [];
    if (status !== 'awaiting_decision' && status !== 'signed') {
      reasons.push(`End the call and move the visit to “awaiting decision” first (it is ${STATUS_WORDS[status]}).`);
    }
    const catalog = activeCatalog(db);
    const label = new Map(catalog.flags.map((f) => [f.id, f.label]));
    if (catalog.flags.length === 0) {
      reasons.push('The red-flag checklist is not loaded, so the visit cannot be checked. Restart the console; if this persists, contact support.');
    }
    const assessed = new Map(repo.assessmentsOf(visitId).map((a) => [a.flagId, a]));
    for (const flag of catalog.flags) {
      if (!assessed.has(flag.id)) reasons.push(`Red flag not assessed: ${flag.label}. Record present, absent or could not assess.`);
    }
    const positive = [...assessed.values()].filter((a) => a.state !== 'absent');
    if (positive.length > 0) {
      const names = positive
        .map((a) => `${label.get(a.flagId) ?? a.flagId} (${a.state === 'present' ? 'present' : 'could not assess'})`)
        .join(', ');
      const decision = repo.decisionOf(visitId);
      if (!decision) {
        reasons.push(`A red flag is present or could not be assessed: ${names}. Record an escalation decision.`);
      } else if (decision.tier === HOME_CARE_TIER && !decision.rationale?.trim()) {
        reasons.push(`Home care without escalation was chosen although a red flag is present or could not be assessed: ${names}. Write the rationale for this decision.`);
      }
    }
    return { ok: reasons.length === 0, reasons };
  }

  /**
   * The whole record. `lazy`: the parts the visit room's key press does not show (still images, the store's
   * gate reasons) are read only if asked for, when asked for (issue 15, cost per write).
   */
  function recordOf(visitId: string, lazy = false): VisitRecord {
    const visit = requireVisit(visitId);
    const live = repo.patient(visit.patientId);
    if (!live) throw new AppError('NOT_FOUND', 'That patient was not found.');
    // Frozen means frozen: a signed visit shows the details it was signed with, whatever changed since.
    const snapshot = visit.status === 'signed' ? repo.signedSnapshotOf(visitId, live.id) : null;
    const patient = snapshot ? snapshot.patient : live;
    const record: VisitRecord = {
      visit,
      patient,
      signedSnapshot: snapshot,
      guardians: snapshot ? snapshot.guardians : repo.guardiansOf(patient.id),
      intake: repo.intakeOf(visitId),
      observations: repo.observationsOf(visitId),
      flagAssessments: repo.assessmentsOf(visitId),
      decision: repo.decisionOf(visitId),
      plan: repo.planOf(visitId),
      consents: repo.consentsOf(visitId),
      images: lazy ? [] : repo.imagesOf(visitId),
      addenda: repo.addendaOf(visitId),
      gate: lazy ? { ok: false, reasons: [] } : visit.status === 'signed' ? { ok: true, reasons: [] } : gateOf(visitId, visit.status),
    };
    if (lazy) {
      Object.defineProperty(record, 'images', { enumerable: true, get: () => repo.imagesOf(visitId) });
      Object.defineProperty(record, 'gate', { enumerable: true, get: () => (record.visit.status === 'signed' ? { ok: true, reasons: [] } : gateOf(visitId, record.visit.status)) });
    }
    return record;
  }

  function checkCorrects(visitId: string, corrects: AddendumInput['corrects'], c: Check): void {
    if (!corrects) return;
    c.oneOf('corrects.entity', corrects.entity, CORRECTABLE, 'entry to correct');
    const belongs = (() => {
      switch (corrects.entity) {
        case 'observation':
          return repo.observation(corrects.id)?.visitId === visitId;
        case 'flag_assessment': {
          const [v, flag] = corrects.id.split('/');
          return v === visitId && flag !== undefined && repo.assessment(visitId, flag) !== undefined;
        }
        case 'escalation_decision':
          return corrects.id === visitId && repo.decisionOf(visitId) !== null;
        case 'plan':
          return corrects.id === visitId && repo.planOf(visitId) !== null;
        case 'intake':
          return corrects.id === visitId && repo.intakeOf(visitId) !== null;
        case 'still_image':
          return repo.imagesOf(visitId).some((i) => i.id === corrects.id);
        case 'consent':
          return repo.consent(corrects.id)?.visitId === visitId;
        case 'visit':
          return corrects.id === visitId;
        default:
          return false;
      }
    })();
    if (!belongs) c.add('corrects', 'The entry to correct is not part of this visit.');
  }

  return {
    /** The full record for the visit room, audited as an opening of the visit. */
    async openVisit(visitId: string, actor: string): Promise<VisitRecord> {
      requireActor(actor);
      const record = recordOf(visitId);
      write(() => audit(actor, 'visit.open', 'visit', visitId, now()));
      return record;
    },

    /** Ids of a patient's visits, oldest first (for the pain chart across visits). */
    async visitIdsOfPatient(patientId: string): Promise<string[]> {
      return repo.visitIdsOfPatient(patientId);
    },

    /** The full record without an audit row (for code that audits its own use, e.g. exports via recordExport). */
    async getVisitRecord(visitId: string): Promise<VisitRecord> {
      return recordOf(visitId);
    },

    /** What still blocks signing, for the visit room to show as the clinician works. */
    async gateStatus(visitId: string): Promise<GateStatus> {
      const v = requireVisit(visitId);
      return v.status === 'signed' ? { ok: true, reasons: [] } : gateOf(visitId, v.status);
    },

    /** Move the visit along its life: scheduled → waiting → in progress → awaiting decision (sign() does the last step). */
    async setStatus(visitId: string, to: Exclude<VisitStatus, 'signed' | 'scheduled'>, actor: string): Promise<VisitDetail> {
      requireActor(actor);
      const v = requireUnsigned(visitId);
      if (v.status === to) return v;
      if (!VISIT_TRANSITIONS.some(([a, b]) => a === v.status && b === to) || to === ('signed' as VisitStatus)) {
        throw new AppError('CONFLICT', `A visit that is ${STATUS_WORDS[v.status]} cannot move to ${STATUS_WORDS[to]}.`);
      }
      if (to !== 'waiting') requireClinician(actor);
      write(() => {
        const at = now();
        if (!repo.moveStatus(visitId, v.status, to, at)) throw new AppError('CONFLICT', 'The visit changed meanwhile; reload it.');
        audit(actor, 'visit.status', 'visit', visitId, at, { from: v.status, to });
      });
      return requireVisit(visitId);
    },

    async addObservation(visitId: string, input: ObservationInput, actor: string): Promise<Observation> {
      requireClinician(actor);
      requireOpenVisit(visitId);
      const c = new Check();
      const values = checkObservation(input, c);
      const at = now();
      const observedAt = checkInstant(c, 'observedAt', input.observedAt, at);
      c.done();
      const id = newId();
      write(() => {
        repo.insertObservation({ id, visitId, ...values, author: actor, observedAt });
        audit(actor, 'visit.change', 'observation', id, at, { visitId, change: 'added' });
      });
      // What was written, without reading it back (this is the hot path of the visit room).
      return { id, visitId, ...values, retracted: false, author: actor, observedAt, version: 1, updatedAt: observedAt, updatedBy: actor };
    },

    /**
     * Change an observation before signing. The old values are kept in the
     * history (trigger). Pass `expectedVersion` to refuse the change if
     * someone else changed it first.
     */
    async updateObservation(observationId: string, patch: Partial<ObservationInput>, actor: string, expectedVersion?: number): Promise<Observation> {
      requireClinician(actor);
      const before = repo.observation(observationId);
      if (!before) throw new AppError('NOT_FOUND', 'That observation was not found.');
      requireUnsigned(before.visitId);
      const c = new Check();
      const values = checkObservation({ ...before, ...patch }, c);
      c.done();
      const after: Observation = { ...before, ...values };
      const fields = changedFields(before, after, ['maneuverId', 'result', 'side', 'painScore', 'painScale', 'note', 'fields']);
      if (fields.length === 0) return before;
      write(() => {
        const at = now();
        if (!repo.reviseObservation(after, expectedVersion ?? before.version, at, actor)) {
          throw new AppError('CONFLICT', 'This observation was changed meanwhile; reload it and try again.');
        }
        audit(actor, 'visit.change', 'observation', observationId, at, { visitId: before.visitId, change: 'edited', fields });
      });
      return repo.observation(observationId)!;
    },

    /** Strike out an observation entered in error (before signing). It stays in the record, marked. */
    async retractObservation(observationId: string, actor: string): Promise<Observation> {
      requireClinician(actor);
      const before = repo.observation(observationId);
      if (!before) throw new AppError('NOT_FOUND', 'That observation was not found.');
      requireUnsigned(before.visitId);
      if (before.retracted) return before;
      write(() => {
        const at = now();
        if (!repo.reviseObservation({ ...before, retracted: true }, before.version, at, actor)) {
          throw new AppError('CONFLICT', 'This observation was changed meanwhile; reload it and try again.');
        }
        audit(actor, 'visit.change', 'observation', observationId, at, { visitId: before.visitId, change: 'retracted' });
      });
      return repo.observation(observationId)!;
    },

    /**
     * The visit room's key press (issue 15, cost per write): in one transaction, read the record once, write
     * the maneuver's observation (a new one, or a new version of the current one; nothing when unchanged),
     * then the flag assessments `derive` asks for given the record with it (written by 'system'), each with
     * its audit row. A visit not started yet is moved to "in progress" first, as the room always did.
     * Returns the record as written. `derive` must be pure (it runs inside the transaction).
     */
    async recordFinding(
      visitId: string,
      input: ObservationInput,
      derive: (record: VisitRecord) => FlagAssessmentInput[],
      actor: string,
    ): Promise<VisitRecord> {
      requireClinician(actor);
      const c = new Check();
      const values = checkObservation(input, c);
      c.done();
      return write(() => {
        const r = recordOf(visitId, true);
        if (r.visit.status === 'signed') throw signedConflict();
        const at = now();
        const order = ['scheduled', 'waiting', 'in_progress'] as const;
        for (let i = order.indexOf(r.visit.status as (typeof order)[number]); i >= 0 && i < order.length - 1; i += 1) {
          if (!repo.moveStatus(visitId, order[i]!, order[i + 1]!, at)) throw new AppError('CONFLICT', 'The visit changed meanwhile; reload it.');
          audit(actor, 'visit.status', 'visit', visitId, at, { from: order[i]!, to: order[i + 1]! });
          if (i + 1 === order.length - 1) r.visit = requireVisit(visitId);
        }
        // The current (latest, not struck out) observation of this maneuver, as the room reads it.
        const current = currentByManeuver(r.observations).get(values.maneuverId);
        if (current) {
          const after: Observation = { ...current, ...values };
          const fields = changedFields(current, after, ['maneuverId', 'result', 'side', 'painScore', 'painScale', 'note', 'fields']);
          if (fields.length > 0) {
            if (!repo.reviseObservation(after, current.version, at, actor)) {
              throw new AppError('CONFLICT', 'This observation was changed meanwhile; reload it and try again.');
            }
            audit(actor, 'visit.change', 'observation', current.id, at, { visitId, change: 'edited', fields });
            const written = { ...after, version: current.version + 1, updatedAt: at, updatedBy: actor };
            r.observations = r.observations.map((o) => (o.id === written.id ? written : o));
          }
        } else {
          const id = newId();
          repo.insertObservation({ id, visitId, ...values, author: actor, observedAt: at });
          audit(actor, 'visit.change', 'observation', id, at, { visitId, change: 'added' });
          r.observations = [...r.observations, { id, visitId, ...values, retracted: false, author: actor, observedAt: at, version: 1, updatedAt: at, updatedBy: actor }];
        }
        for (const f of derive(r)) {
          const fc = new Check();
          const state = fc.oneOf('state', f.state, FLAG_STATES, 'answer');
          const source = fc.oneOf('source', f.source, FLAG_SOURCES, 'source');
          if (source === 'clinician') fc.add('source', 'Only a clinician can record this assessment.');
          fc.done();
          const previous = r.flagAssessments.find((a) => a.flagId === f.flagId);
          const note = f.note ?? null;
          repo.recordAssessment({ visitId, flagId: f.flagId, state, source, note, author: 'system', at }, previous !== undefined);
          audit('system', 'visit.change', 'flag_assessment', `${visitId}/${f.flagId}`, at, {
            visitId,
            change: previous ? 'edited' : 'added',
            ...(previous ? { fields: changedFields(previous, { ...previous, state, source, note }, ['state', 'source', 'note']) } : {}),
          });
          const written = { visitId, flagId: f.flagId, state, source, note, author: 'system', assessedAt: at, version: (previous?.version ?? 0) + 1, updatedAt: at, updatedBy: 'system' };
          r.flagAssessments = previous
            ? r.flagAssessments.map((a) => (a.flagId === f.flagId ? written : a))
            : [...r.flagAssessments, written].sort((a, b) => (a.flagId < b.flagId ? -1 : a.flagId > b.flagId ? 1 : 0));
        }
        return r;
      });
    },

    /** Record (or change, before signing) one red flag's assessment. */
    async assessFlag(visitId: string, input: FlagAssessmentInput, actor: string): Promise<FlagAssessment> {
      requireActor(actor);
      requireUnsigned(visitId);
      const c = new Check();
      const flagId = c.id('flagId', input.flagId, 'The red flag');
      const state = c.oneOf('state', input.state, FLAG_STATES, 'answer');
      const source = c.oneOf('source', input.source, FLAG_SOURCES, 'source');
      const note = c.text('note', input.note, STORE_LIMITS.noteMax, { label: 'The note' });
      // The family can only answer through the intake; the app only derives from the intake or observations.
      if ((actor === 'family' && source !== 'family_intake') || (actor === 'system' && source === 'clinician')) {
        c.add('source', 'Only a clinician can record this assessment.');
      }
      c.done();
      const previous = repo.assessment(visitId, flagId);
      write(() => {
        const at = now();
        repo.recordAssessment({ visitId, flagId, state, source, note, author: actor, at });
        audit(actor, 'visit.change', 'flag_assessment', `${visitId}/${flagId}`, at, {
          visitId,
          change: previous ? 'edited' : 'added',
          ...(previous ? { fields: changedFields(previous, { ...previous, state, source, note }, ['state', 'source', 'note']) } : {}),
        });
      });
      return repo.assessment(visitId, flagId)!;
    },

    /** Record (or change, before signing) the escalation decision. */
    async decide(visitId: string, input: DecisionInput, actor: string): Promise<EscalationDecision> {
      requireClinician(actor);
      requireUnsigned(visitId);
      const c = new Check();
      const tier = c.oneOf('tier', input.tier, TIERS, 'escalation tier');
      const rationale = c.text('rationale', input.rationale, STORE_LIMITS.rationaleMax, { label: 'The rationale' });
      const familyTold = c.text('familyTold', input.familyTold, STORE_LIMITS.rationaleMax, { label: 'What the family was told' });
      c.done();
      const previous = repo.decisionOf(visitId);
      write(() => {
        const at = now();
        repo.recordDecision({ visitId, tier, rationale, familyTold, by: actor, at });
        audit(actor, 'visit.change', 'escalation_decision', visitId, at, {
          visitId,
          change: previous ? 'edited' : 'added',
          ...(previous ? { fields: changedFields(previous, { ...previous, tier, rationale, familyTold }, ['tier', 'rationale', 'familyTold']) } : {}),
        });
      });
      return repo.decisionOf(visitId)!;
    },

    /** Record (or change, before signing) the plan: advice, analgesic dosing, follow-up. */
    async savePlan(visitId: string, input: PlanInput, actor: string): Promise<Plan> {
      requireClinician(actor);
      requireUnsigned(visitId);
      const c = new Check();
      const plan = checkPlan(input, c);
      const json = {
        advice: JSON.stringify(plan.advice),
        followUp: JSON.stringify(plan.followUp),
        bodyMap: JSON.stringify(plan.bodyMap ?? []),
      };
      for (const [k, v] of Object.entries(json)) {
        if (v.length > STORE_LIMITS.planJsonMax) c.add(k, 'This part of the plan is too long.');
      }
      c.done();
      const previous = repo.planOf(visitId);
      write(() => {
        const at = now();
        repo.recordPlan({ visitId, ...json, analgesia: plan.analgesia, by: actor, at });
        audit(actor, 'visit.change', 'plan', visitId, at, {
          visitId,
          change: previous ? 'edited' : 'added',
          ...(previous ? { fields: changedFields<PlanInput>(previous, plan, ['advice', 'analgesia', 'followUp', 'bodyMap']) } : {}),
        });
      });
      return repo.planOf(visitId)!;
    },

    /** Record that the family agreed to still images for this visit. */
    async recordConsent(visitId: string, input: { kind: 'still_capture'; givenBy: ConsentGivenBy }, actor: string): Promise<Consent> {
      requireClinician(actor);
      requireUnsigned(visitId);
      const c = new Check();
      c.oneOf('kind', input.kind, ['still_capture'], 'consent');
      c.oneOf('givenBy', input.givenBy, GIVEN_BY, 'person who agreed');
      c.done();
      const id = newId();
      write(() => {
        const at = now();
        repo.insertConsent({ id, visitId, kind: input.kind, givenBy: input.givenBy, by: actor, at });
        audit(actor, 'visit.change', 'consent', id, at, { visitId, change: 'added', kind: input.kind });
      });
      return repo.consent(id)!;
    },

    async withdrawConsent(consentId: string, actor: string): Promise<Consent> {
      requireClinician(actor);
      const consent = repo.consent(consentId);
      if (!consent) throw new AppError('NOT_FOUND', 'That consent was not found.');
      requireUnsigned(consent.visitId);
      if (consent.withdrawnAt) return consent;
      write(() => {
        const at = now();
        repo.withdrawConsent(consentId, actor, at);
        audit(actor, 'visit.change', 'consent', consentId, at, { visitId: consent.visitId, change: 'withdrawn' });
      });
      return repo.consent(consentId)!;
    },

    /** Keep a still image from the call. Needs a live still-capture consent (checked here and by a trigger). */
    async addImage(visitId: string, input: StillImageInput, actor: string): Promise<StillImageMeta> {
      requireClinician(actor);
      requireUnsigned(visitId);
      const c = new Check();
      if (!(input.data instanceof Uint8Array) || input.data.byteLength === 0) c.add('data', 'The image is empty.');
      else if (input.data.byteLength > STORE_LIMITS.imageMaxBytes) c.add('data', `The image is larger than ${STORE_LIMITS.imageMaxBytes / 1_000_000} MB.`);
      else if (sniffMime(input.data) !== input.mime) c.add('mime', 'The image is not a JPEG, PNG or WebP file of the stated type.');
      const caption = c.text('caption', input.caption, STORE_LIMITS.captionMax, { label: 'The caption' });
      c.done();
      const consent = repo.liveConsent(visitId, 'still_capture');
      if (!consent) throw noConsent();
      const id = newId();
      write(() => {
        const at = now();
        repo.insertImage({ id, visitId, consentId: consent.id, mime: input.mime, byteSize: input.data.byteLength, data: input.data, caption, by: actor, at });
        audit(actor, 'visit.change', 'still_image', id, at, { visitId, change: 'added', consentId: consent.id, bytes: input.data.byteLength });
      });
      return repo.imagesOf(visitId).find((i) => i.id === id)!;
    },

    async getImage(imageId: string): Promise<{ meta: StillImageMeta; data: Buffer }> {
      const image = repo.image(imageId);
      if (!image) throw new AppError('NOT_FOUND', 'That image was not found.');
      return image;
    },

    /**
     * Sign the visit: refuses with GATE_BLOCKED listing every reason, or
     * freezes the record (signed_at, signed_by, the catalog version checked)
     * and revokes the visit's unused join links.
     */
    async sign(visitId: string, actor: string): Promise<VisitRecord> {
      requireClinician(actor);
      const v = requireUnsigned(visitId);
      write(() => {
        const gate = gateOf(visitId, v.status);
        if (!gate.ok) {
          throw new AppError(
            'GATE_BLOCKED',
            'The visit cannot be signed yet.',
            gate.reasons.map((message) => ({ path: 'gate', message })),
          );
        }
        const at = now();
        const catalogVersion = activeCatalog(db).version;
        if (!repo.markSigned(visitId, at, actor, catalogVersion)) throw new AppError('CONFLICT', 'The visit changed meanwhile; reload it.');
        tokens.revokeAll(visitId, clock.now());
        audit(actor, 'visit.sign', 'visit', visitId, at, { catalogVersion });
        // Same transaction: a signature is never committed without its EHR delivery (issue 12).
        if (deps.ehrOutbox?.enabled()) deps.ehrOutbox.enqueue(visitId, 'signed', at, actor);
      });
      return recordOf(visitId);
    },

    /** A correction or addition to a signed visit, linked to the entry it corrects. */
    async addAddendum(visitId: string, input: AddendumInput, actor: string): Promise<Addendum> {
      requireClinician(actor);
      const v = requireVisit(visitId);
      if (v.status !== 'signed') throw new AppError('CONFLICT', 'This visit is not signed yet: change the entry itself instead of adding an addendum.');
      const c = new Check();
      const reason = c.text('reason', input.reason, STORE_LIMITS.addendumReasonMax, { required: true, label: 'The reason' });
      const text = c.text('text', input.text, STORE_LIMITS.addendumTextMax, { required: true, label: 'The addendum' });
      checkCorrects(visitId, input.corrects, c);
      c.done();
      const id = newId();
      write(() => {
        const at = now();
        repo.insertAddendum({
          id,
          visitId,
          by: actor,
          at,
          reason: reason!,
          text: text!,
          correctsEntity: input.corrects?.entity ?? null,
          correctsId: input.corrects?.id ?? null,
        });
        audit(actor, 'addendum.add', 'addendum', id, at, { visitId, corrects: input.corrects?.entity ?? null });
        // The addendum's document version replaces the delivered one (relatesTo replaces).
        if (deps.ehrOutbox?.enabled()) deps.ehrOutbox.enqueue(visitId, 'addendum', at, actor);
      });
      return repo.addendaOf(visitId).find((a) => a.id === id)!;
    },

    /** Note that the visit was exported (PDF, FHIR, print…); call once per export, after it succeeded. */
    async recordExport(visitId: string, input: { format: string }, actor: string): Promise<void> {
      requireActor(actor);
      requireVisit(visitId);
      const c = new Check();
      const format = c.id('format', input.format, 'The export format');
      c.done();
      write(() => audit(actor, 'visit.export', 'visit', visitId, now(), { format }));
    },

    /** Earlier versions of the visit's entries, oldest first (what changed before signing). */
    async revisions(visitId: string): Promise<Revision[]> {
      requireVisit(visitId);
      return repo.revisionsOf(visitId);
    },
  };
}
export type RecordService = ReturnType<typeof createRecordService>;
