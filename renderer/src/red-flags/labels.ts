import { clinicalContent, type TierId } from '../../../shared/clinical';

export const TIERS = clinicalContent.escalationTiers.tiers;
export const tierName = (id: TierId) => TIERS.find((t) => t.id === id)?.name ?? id;

export const SOURCE_LABEL: Record<string, string> = {
  family_intake: 'Family intake',
  observation: 'Observation',
  derived: 'Derived rule',
  clinician: 'Clinician',
};

export const STATE_LABEL: Record<string, string> = {
  present: 'Present',
  could_not_assess: 'Could not assess',
  not_screened: 'Not yet screened',
  absent: 'Absent',
};
