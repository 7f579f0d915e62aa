/**
 * Signing a visit the real way in service tests, through the visit room's
 * own service calls: every red flag screened by the clinician, a decision,
 * and the close gate's other needs.
 */
import type { Services } from '../../electron/main/services';

/** Every red flag not yet screened marked absent by `actor`, as the clinician does in the room. */
export async function screenAllAbsent(services: Services, visitId: string, actor: string): Promise<void> {
  let state = await services.visitRoom.open(visitId, actor);
  for (const f of state.flags.filter((x) => x.state === 'not_screened')) state = await services.visitRoom.assessFlag(visitId, { flagId: f.id, state: 'absent' }, actor);
}

/**
 * A short visit signed: every flag screened absent, home care ("Rest."), the
 * family's answers confirmed and the movements never examined skipped.
 */
export async function signShortVisit(services: Services, visitId: string, actor: string): Promise<void> {
  await screenAllAbsent(services, visitId, actor);
  await services.visitRoom.decide(visitId, { tier: 'E', familyTold: 'Rest.' }, actor);
  await services.visitRoom.confirmFamilyAnswers(visitId, actor);
  await services.visitRoom.skipNotExamined(visitId, 'Short visit.', actor);
  await services.visitRoom.sign(visitId, actor);
}
