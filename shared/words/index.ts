/**
 * One typed catalog of words per language (docs/i18n.md): the family page,
 * the family's after-visit summary, the exports' footers and the clinical
 * labels shared by the console and the exports. `Words` is the shape of the
 * English catalog; every language is declared as `Words`, so a missing or
 * extra key is a type error, and tests/shared/words.test.ts fails on an empty
 * one. Content files in resources/ keep their own cited text.
 */
import { en } from './en';
import { es } from './es';
import type { Words } from './types';

export type { Words } from './types';
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export const WORDS: Record<Language, Words> = { en, es };

/**
 * Each language's own name for itself, as the family page's language switch
 * shows it (the same in every language). The console's English names for the
 * family's language are in family-text.ts.
 */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', es: 'Español' };

/** The words of one language. */
export function wordsFor(lang: Language): Words {
  return WORDS[lang];
}

/**
 * A word looked up by an id that comes from data (a maneuver, a topic, a
 * drug): the catalog's word, or `undefined` when the catalog has none (the
 * caller decides what to print; tests/shared/words.test.ts proves every id in
 * the content has one).
 */
export function lookup<M extends object>(map: M, id: string | null | undefined): string | undefined {
  if (id === null || id === undefined || !Object.hasOwn(map, id)) return undefined;
  const value = (map as Record<string, unknown>)[id];
  return typeof value === 'string' ? value : undefined;
}

export { FAMILY_FREE_TEXT_FIELDS, FAMILY_FREE_TEXT_LABEL, familyFreeText, familyLanguageNotice, familyReadsLanguage, freeTextNeedsConfirmation } from './family-text';
export type { FamilyFreeTextField, FamilyFreeTextSource } from './family-text';
