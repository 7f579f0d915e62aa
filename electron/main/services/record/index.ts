/**
 * The visit record service: everything the visit room and the exports do
 * with a visit, without SQL (issue 15, item 3: one module per command around
 * one write helper). Each command validates its input once with its zod
 * schema (shared/domain/record-input.ts), checks the visit's state, then
 * writes and appends its audit row in one transaction (./write.ts). The close
 * gate is checked here (every reason, in words) and again by a trigger in SQL.
 *
 * `actor` is the signed-in clinician's id, supplied by the main process
 * (never by the renderer); 'family' and 'system' are accepted only where the
 * family or the app itself can act.
 */
import type { ServiceDeps } from '../deps';
import { addendumCommands } from './addendum';
import { consentCommands } from './consent';
import { createRecordContext } from './context';
import { decisionCommands } from './decision';
import { findingCommands } from './finding';
import { flagCommands } from './flags';
import { imageCommands } from './images';
import { observationCommands } from './observations';
import { planCommands } from './plan';
import { signCommands } from './sign';
import { visitCommands } from './visit';

export type {
  AddendumInput,
  DecisionInput,
  FlagAssessmentInput,
  NewObservationInput,
  ObservationInput,
  StillImageInput,
} from '../../../../shared/domain/record-input';
export type { DerivedAssessment } from './finding';

export function createRecordService(deps: ServiceDeps) {
  const ctx = createRecordContext(deps);
  return {
    ...visitCommands(ctx),
    ...observationCommands(ctx),
    ...findingCommands(ctx),
    ...flagCommands(ctx),
    ...decisionCommands(ctx),
    ...planCommands(ctx),
    ...consentCommands(ctx),
    ...imageCommands(ctx),
    ...signCommands(ctx),
    ...addendumCommands(ctx),
  };
}
export type RecordService = ReturnType<typeof createRecordService>;
