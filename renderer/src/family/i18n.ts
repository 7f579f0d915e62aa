/** Every string on the family page comes from the shared catalog (shared/words, docs/i18n.md). */
import { WORDS, type Words } from '../../../shared/words';
import type { Language } from '../../../shared/signaling/intake';

export const STRINGS: Record<Language, Words['familyPage']> = { en: WORDS.en.familyPage, es: WORDS.es.familyPage };
export type Strings = Words['familyPage'];
