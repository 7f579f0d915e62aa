/**
 * The console's words for flags and tiers. States and sources are the shared
 * catalog's (shared/words, `labels`): one wording for the console and every
 * export, capitalized here because the console shows them as badges and
 * buttons. Tier names are the clinical content's (resources/).
 */
import { clinicalContent, type TierId } from '../../../shared/clinical';
import { WORDS } from '../../../shared/words';

export const TIERS = clinicalContent.escalationTiers.tiers;
export const tierName = (id: TierId) => TIERS.find((t) => t.id === id)?.name ?? id;

/** "could not assess" → "Could not assess". */
export const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Every label of a catalog map, capitalized; the same keys. */
export function capitalized<K extends string>(labels: Readonly<Record<K, string>>): Record<K, string> {
  return Object.fromEntries(Object.entries<string>(labels).map(([k, v]) => [k, capitalize(v)])) as Record<K, string>;
}

export const SOURCE_LABEL: Record<string, string> = capitalized(WORDS.en.labels.flagSource);

export const STATE_LABEL: Record<string, string> = capitalized(WORDS.en.labels.flagState);

/** "Absent per family, not confirmed": the family's answer, before (and after) the clinician goes over it. */
export const ABSENCE_LABEL: Record<string, string> = capitalized(WORDS.en.labels.flagAbsence);

/** "Tier B": the shared catalog's name for a tier's letter. */
export const tierLabel = (id: string) => WORDS.en.labels.tier(id);
