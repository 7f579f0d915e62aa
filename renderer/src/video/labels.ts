import type { ParticipantRole } from '../../../shared/signaling/media';

export const ROLE_LABEL: Record<ParticipantRole, string> = {
  clinician: 'Clinician',
  family: "Child's device",
  caregiver: 'Second caregiver',
  interpreter: 'Interpreter',
};
