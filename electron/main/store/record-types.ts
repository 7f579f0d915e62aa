/**
 * Plain types of the visit record, as the store returns them. Clinical ids
 * (flags, maneuvers, advice items, pain scales) are strings defined by the
 * clinical content; the store only checks their shape.
 */
import type * as Vocabulary from '../../../shared/domain/record';
import type { VisitStatus } from '../../../shared/domain/visit';
import type { PlanValues } from '../../../shared/domain/record-input';

/** Declared once in shared/domain/visit.ts. */
export type { VisitStatus } from '../../../shared/domain/visit';

/**
 * The allowed status changes. Migration 0006 holds its own frozen copy in a
 * trigger; tests/main/store/guards.test.ts checks the two agree.
 */
export const VISIT_TRANSITIONS: ReadonlyArray<readonly [VisitStatus, VisitStatus]> = [
  ['scheduled', 'waiting'],
  ['waiting', 'in_progress'],
  ['in_progress', 'awaiting_decision'],
  ['awaiting_decision', 'in_progress'],
  ['awaiting_decision', 'signed'],
];
export const HOME_CARE_TIER: Vocabulary.EscalationTier = 'E';
/**
 * The record's vocabulary is declared once, as zod schemas, in shared/domain/record.ts (issue 15):
 * every name declared there is this module's too, as a type (0017 renamed the stored 'unassessable');
 * the interfaces below name them as `Vocabulary.X`.
 */
export type * from '../../../shared/domain/record';
export { STORE_LIMITS } from '../../../shared/domain/record';

export interface Clinician {
  id: string;
  displayName: string;
  credentials: string;
  createdAt: string;
}

export interface VisitDetail {
  id: string;
  patientId: string;
  status: VisitStatus;
  scheduledStart: string;
  durationMinutes: number;
  reason: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  signedAt: string | null;
  signedBy: string | null;
  signedCatalogVersion: string | null;
}

export interface PatientDetail {
  id: string;
  childName: string;
  dateOfBirth: string;
  sex: 'female' | 'male' | 'other' | 'unknown';
  weightKg: number;
  weightRecordedAt: string;
  /** A demo patient made for trying the console (marked everywhere it is shown). */
  isDemo: boolean;
}

export interface Guardian {
  id: string;
  name: string;
  phone: string;
}

export interface Intake {
  visitId: string;
  /** JSON validated by the clinical intake schema before it reaches the store. */
  answersJson: string;
  language: 'en' | 'es';
  submittedAt: string;
  submittedBy: 'family' | 'clinician';
  version: number;
}

interface Versioned {
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export interface Observation extends Versioned {
  id: string;
  visitId: string;
  maneuverId: string;
  result: Vocabulary.ObservationResult;
  side: Vocabulary.BodySide;
  painScore: number | null;
  painScale: string | null;
  note: string | null;
  /** The maneuver's own fields as the clinical content defines them (validated by shared/clinical). */
  fields: Record<string, unknown>;
  /** Struck out before signing (entered in error). Kept, never deleted. */
  retracted: boolean;
  author: string;
  observedAt: string;
}

export interface FlagAssessment extends Versioned {
  visitId: string;
  flagId: string;
  state: Vocabulary.FlagState;
  source: Vocabulary.FlagSource;
  note: string | null;
  author: string;
  assessedAt: string;
}

export interface EscalationDecision extends Versioned {
  visitId: string;
  tier: Vocabulary.EscalationTier;
  rationale: string | null;
  /** What the family was told to do. */
  familyTold: string | null;
  decidedBy: string;
  decidedAt: string;
}

/** The plan's parts as stored: the record service's plan schema's output (shared/domain/record-input.ts). */
export type FollowUp = PlanValues['followUp'];

export interface Plan extends PlanValues, Versioned {
  visitId: string;
  author: string;
  writtenAt: string;
}

export interface Consent {
  id: string;
  visitId: string;
  kind: Vocabulary.ConsentKind;
  givenBy: Vocabulary.ConsentGivenBy;
  recordedBy: string;
  recordedAt: string;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
}

export interface StillImageMeta {
  id: string;
  visitId: string;
  consentId: string;
  mime: Vocabulary.ImageMime;
  byteSize: number;
  caption: string | null;
  capturedBy: string;
  capturedAt: string;
}

export interface Addendum {
  id: string;
  visitId: string;
  author: string;
  createdAt: string;
  reason: string;
  text: string;
  corrects: { entity: Vocabulary.CorrectableEntity; id: string } | null;
}

export interface Revision {
  entity: string;
  entityId: string;
  version: number;
  /** The row as it was before the change (column names as in the database). */
  old: Record<string, unknown>;
  replacedAt: string;
  replacedBy: string;
}

export interface GateStatus {
  ok: boolean;
  /** Every reason the visit cannot be signed yet, in words for the clinician. */
  reasons: string[];
}

/** Everything the visit room and the exports need, as plain objects. */
/** What a signed visit was signed with (0009): read by exports and the room instead of the live rows. */
export interface SignedSnapshot {
  patient: PatientDetail;
  guardians: Guardian[];
  signer: { id: string; displayName: string; credentials: string } | null;
  takenAt: string;
  /** True for visits signed before snapshots existed: the details as they were at the upgrade, not at signing. */
  backfilled: boolean;
}

export interface VisitRecord {
  visit: VisitDetail;
  patient: PatientDetail;
  guardians: Guardian[];
  intake: Intake | null;
  /** Current values; retracted entries included and marked. */
  observations: Observation[];
  flagAssessments: FlagAssessment[];
  decision: EscalationDecision | null;
  plan: Plan | null;
  consents: Consent[];
  images: StillImageMeta[];
  addenda: Addendum[];
  gate: GateStatus;
  /** For a signed visit, what it was signed with; `patient` and `guardians` above are then these. */
  signedSnapshot: SignedSnapshot | null;
}
