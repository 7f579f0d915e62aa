/**
 * Which pain scale to offer, by age and whether the child can self-report.
 * Scores are stored with their scale and never converted between scales.
 */
import { z } from 'zod';
import { clinicalContent, type ClinicalContent } from './content';
import { PainScaleId, type PainScale } from './schema';

/** The scale to offer, other scales that also fit the age, and any caution. */
export interface ScaleChoice {
  scale: PainScale;
  /** Other scales whose age range includes the child, most preferred first. */
  alternatives: PainScale[];
  /** Set when no scale in the sources covers this child and the fallback is used. */
  caution: string | null;
}

function fits(scale: PainScale, ageMonths: number): boolean {
  return ageMonths >= scale.minAgeMonths && (scale.maxAgeMonths === null || ageMonths <= scale.maxAgeMonths);
}

/**
 * The pain scale to offer a child of `ageMonths` completed months.
 * Verbal children get the preferred self-report scale for their age (NRS-11
 * from 8 years, FPS-R from 4); younger or non-verbal children get the observer
 * scale (FLACC). When even the observer scale's age range does not include the
 * child, it is still offered, with a caution, because some score is better
 * than none and nothing in the sources covers that child.
 */
export function scaleForAge(
  ageMonths: number,
  opts: { verbal: boolean },
  content: ClinicalContent = clinicalContent,
): ScaleChoice {
  const byPreference = [...content.painScales.scales].sort((a, b) => a.preference - b.preference);
  const fitting = byPreference.filter((s) => fits(s, ageMonths));
  const selfReport = opts.verbal ? fitting.filter((s) => s.kind === 'self_report') : [];
  const observer = fitting.filter((s) => s.kind === 'observer');
  const ordered = [...selfReport, ...observer];
  const [first, ...rest] = ordered;
  if (first) return { scale: first, alternatives: rest, caution: null };
  const fallback = byPreference.find((s) => s.kind === 'observer');
  if (!fallback) throw new Error('The pain-scale content has no observer scale.');
  return {
    scale: fallback,
    alternatives: [],
    caution: `No scale in the sources covers this age; ${fallback.id} is offered outside its validated age range.`,
  };
}

/** A pain score with the scale it was measured on. */
export const PainScore = z
  .strictObject({
    scale: PainScaleId,
    score: z.number({ error: 'Enter the pain score as a number.' }),
  })
  .superRefine((value, ctx) => {
    const scale = clinicalContent.painScales.scales.find((s) => s.id === value.scale);
    if (scale && !scale.scores.includes(value.score)) {
      ctx.addIssue({
        code: 'custom',
        path: ['score'],
        message: `A ${scale.id} score is one of ${scale.scores.join(', ')}.`,
      });
    }
  });
export type PainScore = z.infer<typeof PainScore>;
