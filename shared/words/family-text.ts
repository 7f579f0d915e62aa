/**
 * The clinician's free text that the family reads in the after-visit summary,
 * and the language the family reads (issue 15 item 5; docs/i18n.md, "the
 * no-English rule"). The catalog translates every fixed word; free text is
 * printed as the clinician wrote it, so a summary in a language other than
 * English with free text in it waits for the clinician to confirm that text
 * is in the family's language (the export refuses without that confirmation).
 *
 * The plan UI can show which language the family reads with
 * `familyReadsLanguage` and `familyLanguageNotice`, so the text is written in
 * that language in the first place.
 */
import type { Language } from './index';

/** The free-text fields printed on the family summary, by their path in the record. */
export const FAMILY_FREE_TEXT_FIELDS = ['decision.familyTold', 'plan.followUp.when', 'plan.followUp.withWhom', 'plan.followUp.instructions'] as const;
export type FamilyFreeTextField = (typeof FAMILY_FREE_TEXT_FIELDS)[number];

/** How the clinician knows each field (console words, English). */
export const FAMILY_FREE_TEXT_LABEL: Record<FamilyFreeTextField, string> = {
  'decision.familyTold': 'What the family was told',
  'plan.followUp.when': 'Follow-up: when',
  'plan.followUp.withWhom': 'Follow-up: with whom',
  'plan.followUp.instructions': 'Follow-up: instructions',
};

export interface FamilyFreeTextSource {
  decision: { familyTold?: string | null } | null;
  plan: { followUp: { when?: string | null; withWhom?: string | null; instructions?: string | null } } | null;
}

/** Every non-empty free-text field the family will read, in print order. */
export function familyFreeText(source: FamilyFreeTextSource): { field: FamilyFreeTextField; text: string }[] {
  const values: Record<FamilyFreeTextField, string | null | undefined> = {
    'decision.familyTold': source.decision?.familyTold,
    'plan.followUp.when': source.plan?.followUp.when,
    'plan.followUp.withWhom': source.plan?.followUp.withWhom,
    'plan.followUp.instructions': source.plan?.followUp.instructions,
  };
  return FAMILY_FREE_TEXT_FIELDS.flatMap((field) => {
    const text = values[field]?.trim();
    return text ? [{ field, text }] : [];
  });
}

/** The language the family reads: the language of their intake, else English. */
export function familyReadsLanguage(intakeLanguage: string | null | undefined): Language {
  return intakeLanguage === 'es' ? 'es' : 'en';
}

const LANGUAGE_NAME: Record<Language, string> = { en: 'English', es: 'Spanish' };

/** For the plan UI (console words): which language to write the family's text in. */
export function familyLanguageNotice(lang: Language): string {
  return `The family reads ${LANGUAGE_NAME[lang]}: write what they will read (what they were told, follow-up) in ${LANGUAGE_NAME[lang]}.`;
}

/**
 * Null when a summary in `lang` may be printed now; otherwise the sentence
 * for the clinician and the fields to check. English needs no confirmation
 * (the console's language); another language with free text needs it.
 */
export function freeTextNeedsConfirmation(source: FamilyFreeTextSource, lang: Language, confirmed: boolean): { message: string; fields: FamilyFreeTextField[] } | null {
  if (lang === 'en' || confirmed) return null;
  const found = familyFreeText(source);
  if (found.length === 0) return null;
  return {
    message:
      `This ${LANGUAGE_NAME[lang]} summary prints your own words as you wrote them (${found.map((f) => FAMILY_FREE_TEXT_LABEL[f.field]).join('; ')}). ` +
      `Check they are written in ${LANGUAGE_NAME[lang]}, then confirm to export.`,
    fields: found.map((f) => f.field),
  };
}
