import type { Migration } from './types';
import { m0001Initial } from './0001-initial';
import { m0002JoinTokensAndIntake } from './0002-join-tokens-and-intake';
import { m0003CliniciansAndVisitLifecycle } from './0003-clinicians-and-visit-lifecycle';
import { m0004ClinicalRecord } from './0004-clinical-record';
import { m0005AuditLog } from './0005-audit-log';
import { m0006SignedRecordGuards } from './0006-signed-record-guards';
import { m0007PatientNameIndex } from './0007-patient-name-index';
import { m0008DemoPatients } from './0008-demo-patients';
import { m0009SignedSnapshots } from './0009-signed-snapshots';
import { m0010KeyedAuditChain } from './0010-keyed-audit-chain';
import { m0011UnlockGuard } from './0011-unlock-guard';
import { m0012JoinTokenRoles } from './0012-join-token-roles';
import { m0013EhrOutbox } from './0013-ehr-outbox';
import { m0014EhrSchedule } from './0014-ehr-schedule';
import { m0015CallLogistics } from './0015-call-logistics';
import { m0016PoseEstimates } from './0016-pose-estimates';
import { m0017RecordVocabulary } from './0017-record-vocabulary';
import { m0018CloseGateAgrees } from './0018-close-gate-agrees';
import { m0019CallTimes } from './0019-call-times';
import { m0020GuardianEmail } from './0020-guardian-email';
import { m0021PoseEstimateRetractions } from './0021-pose-estimate-retractions';

/**
 * Every schema step, in order. Append only: a released step is never edited
 * or reordered (tests/main/store/migrations.test.ts checks the order).
 */
export const MIGRATIONS: readonly Migration[] = [
  m0001Initial,
  m0002JoinTokensAndIntake,
  m0003CliniciansAndVisitLifecycle,
  m0004ClinicalRecord,
  m0005AuditLog,
  m0006SignedRecordGuards,
  m0007PatientNameIndex,
  m0008DemoPatients,
  m0009SignedSnapshots,
  m0010KeyedAuditChain,
  m0011UnlockGuard,
  m0012JoinTokenRoles,
  m0013EhrOutbox,
  m0014EhrSchedule,
  m0015CallLogistics,
  m0016PoseEstimates,
  m0017RecordVocabulary,
  m0018CloseGateAgrees,
  m0019CallTimes,
  m0020GuardianEmail,
  m0021PoseEstimateRetractions,
];

/** Throws when the registry is not 1, 2, 3, … with unique names. */
export function assertRegistry(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const names = new Set(migrations.map((m) => m.name));
  if (names.size !== migrations.length) throw new Error('migration names must be unique');
}

export const SCHEMA_VERSION = MIGRATIONS.length;
export type { Migration };
