/**
 * The English a Spanish family summary must not contain: every fixed string
 * of the English catalog's summary and footer (functions called with
 * sentinels, split into their fixed parts), and the English of the content
 * texts the summary prints (tier scripts, precautions, advice, exercises,
 * disclaimer, the review statement). Values that read the same in Spanish
 * ("No", "normal") are left out.
 */
import { CLINICAL_REVIEW_STATEMENT } from '../../../shared/about';
import { clinicalContent, clinicalContentStatusLine, familyReturnPrecautions } from '../../../shared/clinical';
import { WORDS } from '../../../shared/words';
import { EXERCISES } from '../../../electron/main/export/exercises';

const SENTINEL = '\u0001';
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The fixed parts of a catalog leaf: a string, or a function's output around its arguments. */
function fixedParts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') {
    const f = value as (...a: unknown[]) => string;
    const outs = [f(...Array.from({ length: f.length }, () => SENTINEL)), f(...Array.from({ length: f.length }, (_, i) => (i === 0 ? true : SENTINEL)))];
    const numeric = f(...Array.from({ length: f.length }, () => 7777));
    return [...outs, numeric].flatMap((o) => o.split(new RegExp(`${SENTINEL}|7777|true|false|null|undefined`)));
  }
  if (value && typeof value === 'object') return Object.values(value).flatMap(fixedParts);
  return [];
}

function spanishValues(): Set<string> {
  return new Set(fixedParts(WORDS.es.summary).map(norm));
}

/** English fixed strings and content texts, each at least one word of four letters, none the same in Spanish. */
export function englishFragments(): string[] {
  const es = spanishValues();
  const content = clinicalContent;
  const texts = [
    ...fixedParts(WORDS.en.summary),
    ...content.escalationTiers.tiers.map((t) => t.familyScript.en),
    ...familyReturnPrecautions().flatMap((r) => [r.heading.en, ...r.signs.en]),
    ...content.familyAdvice.homeCare.map((h) => h.text.en),
    content.familyAdvice.disclaimer.en,
    ...EXERCISES.flatMap((e) => [e.title.en, e.steps.en]),
    CLINICAL_REVIEW_STATEMENT,
    clinicalContentStatusLine(),
  ];
  return [...new Set(texts.map(norm))].filter((t) => /\p{L}{4,}/u.test(t) && !es.has(t) && t.replace(/[^\p{L}]/gu, '').length >= 4);
}

/** The English fragments found in `text` (whole words only: "DEMO" is not found in "DEMOSTRACIÓN"). */
export function englishIn(text: string, fragments = englishFragments()): string[] {
  const flat = norm(text);
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return fragments.filter((f) => new RegExp(`(?<![\\p{L}\\d])${escape(f)}(?![\\p{L}\\d])`, 'u').test(flat));
}
