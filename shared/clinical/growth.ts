/**
 * Weight-for-age against the WHO 2006 standards (under cdcFromMonths) and the
 * CDC 2000 charts (from cdcFromMonths to 20 years), from the published LMS
 * parameters in growth-weight-for-age.json. The dose calculator uses it to
 * catch a weight no child of that age has (typed in pounds, a slipped digit)
 * and to warn beside a dose for an unusual but possible weight.
 */
import { clinicalContent, type ClinicalContent } from './content';
import type { GrowthFile } from './schema';

/** The patient's sex as recorded; anything but male or female is checked against both references. */
export type RecordedSex = 'male' | 'female' | 'other' | 'unknown';

export type WeightStatus = 'very_low' | 'low' | 'typical' | 'high' | 'very_high';

/** A weight judged against the reference for the age (and sex, when recorded). */
export interface WeightCheck {
  status: WeightStatus;
  referenceId: GrowthFile['references'][number]['id'];
  reference: string;
  /** The sex whose reference was used; `both` when the sex is not recorded (the less alarming verdict is kept). */
  sexChecked: 'male' | 'female' | 'both';
  /** The reference row's age in months. */
  referenceAgeMonths: number;
  zScore: number;
  /** 0-100, rounded to one decimal. */
  percentile: number;
  /** The weights at the cut-offs for this age (and sex; the widest of both when not recorded), in kg, one decimal. */
  range: { refuseBelowKg: number; warnBelowKg: number; medianKg: number; warnAboveKg: number; refuseAboveKg: number };
  /** Words for the clinician, or null when typical. */
  message: string | null;
}

type Row = [number, number, number, number];

/** Weight at z for an LMS row (no restriction). */
function lmsWeight([, l, m, s]: Row, z: number): number {
  return l === 0 ? m * Math.exp(s * z) : m * Math.pow(1 + l * s * z, 1 / l);
}

/** z for a weight with the plain LMS formula. */
function lmsZ([, l, m, s]: Row, w: number): number {
  return l === 0 ? Math.log(w / m) / s : (Math.pow(w / m, l) - 1) / (l * s);
}

/**
 * WHO 2006 (chapter 7): for weight-based indicators the LMS z is used within
 * +/-3; beyond, the distance between the 2 and 3 SD curves extends the scale
 * linearly, so extreme weights are not squeezed by a skewed tail.
 */
function whoZ(row: Row, w: number): number {
  const z = lmsZ(row, w);
  if (z > 3) {
    const sd3 = lmsWeight(row, 3);
    return 3 + (w - sd3) / (sd3 - lmsWeight(row, 2));
  }
  if (z < -3) {
    const sd3 = lmsWeight(row, -3);
    return -3 + (w - sd3) / (lmsWeight(row, -2) - sd3);
  }
  return z;
}

function whoWeight(row: Row, z: number): number {
  if (z > 3) return lmsWeight(row, 3) + (z - 3) * (lmsWeight(row, 3) - lmsWeight(row, 2));
  if (z < -3) return lmsWeight(row, -3) + (z + 3) * (lmsWeight(row, -2) - lmsWeight(row, -3));
  return lmsWeight(row, z);
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 erf, error < 1.5e-7): enough for a percentile shown to one decimal. */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const SEVERITY: Record<WeightStatus, number> = { typical: 0, low: 1, high: 1, very_low: 2, very_high: 2 };

function ageWords(months: number): string {
  const y = Math.floor(months / 12);
  const m = months % 12;
  return y > 0 ? `${y} y ${m} mo` : `${m} mo`;
}

function one(
  growth: GrowthFile,
  weightKg: number,
  ageMonths: number,
  sex: 'male' | 'female',
): Omit<WeightCheck, 'sexChecked' | 'message'> {
  const useCdc = ageMonths >= growth.cdcFromMonths.value;
  const ref = growth.references.find((r) => r.id === (useCdc ? 'cdc-2000-weight-for-age' : 'who-2006-weight-for-age'))!;
  const rows = ref[sex] as Row[];
  // WHO rows are exact months (completed months picks the row at or below the age); CDC rows are
  // half-month midpoints (Agemos 24.5 is 24 completed months), with 24.0 and 240.0 at the ends.
  const target = useCdc ? Math.min(ageMonths + 0.5, 240) : ageMonths;
  let row = rows[0]!;
  for (const r of rows) if (r[0] <= target) row = r;
  const z = ref.method === 'who-restricted-lms' ? whoZ(row, weightKg) : lmsZ(row, weightKg);
  const at = (zz: number) => round1(ref.method === 'who-restricted-lms' ? whoWeight(row, zz) : lmsWeight(row, zz));
  const c = growth.cutoffs;
  const status: WeightStatus =
    z < c.refuseBelowZ ? 'very_low' : z < c.warnBelowZ ? 'low' : z > c.refuseAboveZ ? 'very_high' : z > c.warnAboveZ ? 'high' : 'typical';
  return {
    status,
    referenceId: ref.id,
    reference: ref.name,
    referenceAgeMonths: row[0],
    zScore: Math.round(z * 100) / 100,
    // Two decimals in the tails, so 99.94 does not read as "99.9" beside "above the 99.9th percentile".
    percentile: ((p) => (p < 1 || p > 99 ? Math.round(p * 100) / 100 : round1(p)))(normalCdf(z) * 100),
    range: {
      refuseBelowKg: at(c.refuseBelowZ),
      warnBelowKg: at(c.warnBelowZ),
      medianKg: at(0),
      warnAboveKg: at(c.warnAboveZ),
      refuseAboveKg: at(c.refuseAboveZ),
    },
  };
}

/**
 * Judge a weight for an age in completed months (0-300; the 20-year CDC row
 * serves older ages) and sex. Without a recorded sex both references are
 * checked and the less alarming verdict kept, with the widest range: a
 * missing sex must not refuse a weight that is plausible for a boy or a girl.
 * Returns null for an unusable weight or age (the caller refuses those).
 */
export function checkWeightForAge(
  weightKg: number,
  ageMonths: number,
  sex: RecordedSex | null | undefined,
  content: ClinicalContent = clinicalContent,
): WeightCheck | null {
  if (!Number.isFinite(weightKg) || weightKg <= 0 || !Number.isFinite(ageMonths) || ageMonths < 0) return null;
  const age = Math.floor(ageMonths);
  const sexes: ('male' | 'female')[] = sex === 'male' || sex === 'female' ? [sex] : ['male', 'female'];
  const checks = sexes.map((s) => one(content.growth, weightKg, age, s));
  const best = checks.reduce((a, b) => (SEVERITY[b.status] < SEVERITY[a.status] ? b : a));
  const range = {
    refuseBelowKg: Math.min(...checks.map((x) => x.range.refuseBelowKg)),
    warnBelowKg: Math.min(...checks.map((x) => x.range.warnBelowKg)),
    medianKg: best.range.medianKg,
    warnAboveKg: Math.max(...checks.map((x) => x.range.warnAboveKg)),
    refuseAboveKg: Math.max(...checks.map((x) => x.range.refuseAboveKg)),
  };
  const who = sexes.length === 2 ? 'a child (sex not recorded: boys and girls checked)' : sex === 'male' ? 'a boy' : 'a girl';
  const words = `${weightKg} kg at ${ageWords(age)} for ${who}`;
  const ref = `${best.reference}`;
  let message: string | null = null;
  if (best.status === 'very_low' || best.status === 'very_high') {
    message =
      `${words} is ${best.status === 'very_low' ? 'below the 0.1st' : 'above the 99.9th'} percentile ` +
      `(${ref}: 0.1st-99.9th percentile ${range.refuseBelowKg}-${range.refuseAboveKg} kg). ` +
      'Check the weight — was it entered in pounds?';
  } else if (best.status === 'low' || best.status === 'high') {
    message =
      `${words} is ${best.status === 'low' ? 'between the 0.1st and 3rd' : 'between the 97th and 99.9th'} percentile ` +
      `(${ref}: 3rd-97th percentile ${range.warnBelowKg}-${range.warnAboveKg} kg): check the weight before giving this dose.`;
  }
  return { ...best, sexChecked: sexes.length === 2 ? 'both' : sexes[0]!, range, message };
}
