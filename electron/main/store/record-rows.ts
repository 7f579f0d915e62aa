/**
 * The visit record's rows as plain objects (the repository, store/record.ts,
 * reads them with these): one function per table, column names to the
 * record's names, stored states parsed with the shared schemas
 * (shared/domain/record.ts).
 */
import type {
  Addendum,
  Consent,
  EscalationDecision,
  FlagAssessment,
  ImageMime,
  Intake,
  Observation,
  PatientDetail,
  Plan,
  Revision,
  SignedSnapshot,
  StillImageMeta,
  VisitDetail,
  VisitStatus,
} from './record-types';
import { FlagState, StoredDose } from '../../../shared/domain/record';

/** A row as better-sqlite3 returns it. */
export type Row = Record<string, unknown>;
const str = (v: unknown) => v as string;
const optStr = (v: unknown) => (v ?? null) as string | null;
/** The columns every versioned row ends with (record-types.ts `Versioned`). */
const versioned = (r: Row) => ({ version: r.version as number, updatedAt: str(r.updated_at), updatedBy: str(r.updated_by) });
/** The column that holds a record field: `maxDosesPer24h` is `max_doses_per_24h`. */
const column = (field: string) => field.replace(/[A-Z]|\d+/g, (m) => `_${m.toLowerCase()}`);

export function toVisit(r: Row): VisitDetail {
  return {
    id: str(r.id),
    patientId: str(r.patient_id),
    status: r.status as VisitStatus,
    scheduledStart: str(r.scheduled_start),
    durationMinutes: r.duration_minutes as number,
    reason: optStr(r.reason),
    createdAt: str(r.created_at),
    createdBy: str(r.created_by),
    updatedAt: optStr(r.updated_at),
    startedAt: optStr(r.started_at),
    endedAt: optStr(r.ended_at),
    signedAt: optStr(r.signed_at),
    signedBy: optStr(r.signed_by),
    signedCatalogVersion: optStr(r.signed_catalog_version),
  };
}

export function toObservation(r: Row): Observation {
  return {
    id: str(r.id),
    visitId: str(r.visit_id),
    maneuverId: str(r.maneuver_id),
    result: r.result as Observation['result'],
    side: r.side as Observation['side'],
    painScore: (r.pain_score ?? null) as number | null,
    painScale: optStr(r.pain_scale),
    note: optStr(r.note),
    fields: JSON.parse(str(r.fields_json)) as Observation['fields'],
    retracted: r.retracted === 1,
    author: str(r.author),
    observedAt: str(r.observed_at),
    ...versioned(r),
  };
}

export function toAssessment(r: Row): FlagAssessment {
  return {
    visitId: str(r.visit_id),
    flagId: str(r.flag_id),
    state: FlagState.parse(r.state),
    source: r.source as FlagAssessment['source'],
    note: optStr(r.note),
    author: str(r.author),
    assessedAt: str(r.assessed_at),
    ...versioned(r),
  };
}

export function toDecision(r: Row): EscalationDecision {
  return {
    visitId: str(r.visit_id),
    tier: r.tier as EscalationDecision['tier'],
    rationale: optStr(r.rationale),
    familyTold: optStr(r.family_told),
    decidedBy: str(r.decided_by),
    decidedAt: str(r.decided_at),
    ...versioned(r),
  };
}

const DOSE_FIELDS = Object.keys(StoredDose.shape);

/** One `plan_doses` row (0017), parsed with the shared schema: a column for each of its fields. */
export function toDose(r: Row): StoredDose {
  return StoredDose.parse(Object.fromEntries(DOSE_FIELDS.map((f) => [f, r[column(f)] ?? null])));
}

export function toPlan(r: Row, doses: Row[]): Plan {
  return {
    visitId: str(r.visit_id),
    advice: JSON.parse(str(r.advice_json)) as Plan['advice'],
    analgesia: doses.map(toDose),
    followUp: JSON.parse(str(r.follow_up_json)) as Plan['followUp'],
    bodyMap: JSON.parse(str(r.body_map_json)) as Plan['bodyMap'],
    author: str(r.author),
    writtenAt: str(r.written_at),
    ...versioned(r),
  };
}

export function toConsent(r: Row): Consent {
  return {
    id: str(r.id),
    visitId: str(r.visit_id),
    kind: r.kind as Consent['kind'],
    givenBy: r.given_by as Consent['givenBy'],
    recordedBy: str(r.recorded_by),
    recordedAt: str(r.recorded_at),
    withdrawnAt: optStr(r.withdrawn_at),
    withdrawnBy: optStr(r.withdrawn_by),
  };
}

export function toImage(r: Row): StillImageMeta {
  return {
    id: str(r.id),
    visitId: str(r.visit_id),
    consentId: str(r.consent_id),
    mime: r.mime as ImageMime,
    byteSize: r.byte_size as number,
    caption: optStr(r.caption),
    capturedBy: str(r.captured_by),
    capturedAt: str(r.captured_at),
  };
}

export function toAddendum(r: Row): Addendum {
  return {
    id: str(r.id),
    visitId: str(r.visit_id),
    author: str(r.author),
    createdAt: str(r.created_at),
    reason: str(r.reason),
    text: str(r.text),
    corrects: r.corrects_entity
      ? { entity: r.corrects_entity as NonNullable<Addendum['corrects']>['entity'], id: str(r.corrects_id) }
      : null,
  };
}

export function toIntake(r: Row): Intake {
  return {
    visitId: str(r.visit_id),
    answersJson: str(r.answers_json),
    language: r.language as Intake['language'],
    submittedAt: str(r.submitted_at),
    submittedBy: r.submitted_by as Intake['submittedBy'],
    version: r.version as number,
  };
}

export function toPatient(r: Row): PatientDetail {
  return {
    id: str(r.id),
    childName: str(r.child_name),
    dateOfBirth: str(r.date_of_birth),
    sex: r.sex as PatientDetail['sex'],
    weightKg: r.weight_kg as number,
    weightRecordedAt: str(r.weight_recorded_at),
    isDemo: r.is_demo === 1,
  };
}

/**
 * A `signed_snapshots` row (0009). A snapshot that does not read as expected
 * yields null, never a throw: the live rows are shown then.
 */
export function toSignedSnapshot(r: Row, patientId: string): SignedSnapshot | null {
  try {
    const p = JSON.parse(str(r.patient_json)) as Record<string, unknown>;
    const guardians = (JSON.parse(str(r.guardians_json)) as Record<string, unknown>[]).map((g) => ({ id: String(g.id), name: String(g.name), phone: String(g.phone) }));
    const signer = JSON.parse(str(r.signer_json)) as Record<string, unknown>;
    return {
      patient: {
        id: patientId,
        childName: String(p.childName),
        dateOfBirth: String(p.dateOfBirth),
        sex: p.sex as PatientDetail['sex'],
        weightKg: Number(p.weightKg),
        weightRecordedAt: String(p.weightRecordedAt),
        isDemo: p.isDemo === true,
      },
      guardians,
      signer: typeof signer.id === 'string' ? { id: signer.id, displayName: String(signer.displayName), credentials: String(signer.credentials ?? '') } : null,
      takenAt: str(r.taken_at),
      backfilled: r.backfilled === 1,
    };
  } catch {
    return null;
  }
}

export function toRevision(r: Row): Revision {
  return {
    entity: str(r.entity),
    entityId: str(r.entity_id),
    version: r.version as number,
    old: JSON.parse(str(r.old_json)) as Record<string, unknown>,
    replacedAt: str(r.replaced_at),
    replacedBy: str(r.replaced_by),
  };
}
