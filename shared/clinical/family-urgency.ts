/**
 * The family's "when to get help" list, built from the red-flag catalog: each
 * flag's `familySign` under the heading for the flag's own tier. One source,
 * so a flag and the urgency the family is told for it cannot disagree
 * (tests/shared/clinical/family-urgency.test.ts checks every flag).
 */
import { clinicalContent, type ClinicalContent } from './content';
import type { Language, TierId } from './schema';

export interface ReturnPrecaution {
  id: string;
  tier: TierId;
  heading: Record<Language, string>;
  signs: Record<Language, string[]>;
  /** The catalog flags the signs come from, in catalog order. */
  flagIds: string[];
}

/** Return precautions in heading order (A first), each with the signs of its tier's flags. */
export function familyReturnPrecautions(content: ClinicalContent = clinicalContent): ReturnPrecaution[] {
  return content.familyAdvice.returnPrecautions.map((p) => {
    const flags = content.redFlags.flags.filter((f) => f.tier === p.tier && f.familySign !== null);
    return {
      id: p.id,
      tier: p.tier,
      heading: { en: p.heading.en, es: p.heading.es },
      signs: { en: flags.map((f) => f.familySign!.en), es: flags.map((f) => f.familySign!.es) },
      flagIds: flags.map((f) => f.id),
    };
  });
}
