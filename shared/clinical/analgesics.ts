/**
 * The clinician's analgesic calculator (acetaminophen, ibuprofen). Every limit
 * comes from analgesics.json; a clinician must confirm the result.
 *
 * Safety properties (proved by property tests for any input):
 * - it refuses, with a reason, rather than guess: no weight, a weight below
 *   the 0.1st or above the 99.9th percentile for age and sex (WHO/CDC) unless
 *   a clinician overrides with a recorded reason, an age under the drug's
 *   minimum, an unknown product;
 * - the volume is rounded DOWN to a measurable increment, and the dose in mg is
 *   recomputed from that volume, so the dose given never exceeds the per-dose
 *   cap, the mg/kg dose, or (times the doses allowed per 24 h) the daily cap.
 */
import { daysBetween } from './age';
import { clinicalContent, type ClinicalContent } from './content';
import { checkWeightForAge, type RecordedSex, type WeightCheck } from './growth';
import type { DrugId, JurisdictionId, Product } from './schema';

/** A weight older than this many days is shown as such beside the dose (issue 13). */
export const STALE_WEIGHT_DAYS = 30;
/** Outside these no override helps: not a child's weight in kilograms at all. */
const ABSOLUTE_MIN_KG = 0.3;
const ABSOLUTE_MAX_KG = 300;

/** What the calculator needs. `ageMonths` is completed months. */
export interface DoseRequest {
  drug: DrugId;
  productId: string;
  weightKg: number | null | undefined;
  ageMonths: number;
  /** Defaults to settings.json `jurisdiction`. */
  jurisdiction?: JurisdictionId;
  /** The recorded sex picks the growth reference; without it both are checked. */
  sex?: RecordedSex | null;
  /** When the weight was recorded (YYYY-MM-DD or an ISO time) and today's date, to flag a stale weight. */
  weightRecordedAt?: string | null;
  today?: string;
  /**
   * The clinician's explicit override of a weight outside the 0.1st-99.9th
   * percentile (the weight is right: a very small or very large child). The
   * reason is required and must be recorded with the dose.
   */
  weightOverride?: { reason: string } | null;
}

/** A calculated dose. */
export interface DoseCalculation {
  drug: DrugId;
  product: { id: string; name: string; mg: number; ml: number; mgPerMl: number };
  jurisdiction: JurisdictionId;
  weightKg: number;
  ageMonths: number;
  doseMg: number;
  doseMl: number;
  /** The shortest interval between doses; the label range is intervalHours..maxIntervalHours. */
  intervalHours: number;
  maxIntervalHours: number;
  maxDosesPer24h: number;
  /** doseMg x maxDosesPer24h: never above the daily cap. */
  maxMgPer24h: number;
  /** min(mg/kg/day x weight, absolute daily maximum). */
  dailyCapMg: number;
  cautions: string[];
  clinicianMustConfirm: string;
  /** The weight against the WHO/CDC reference for the age and sex (null only when no reference applies). */
  weightCheck: WeightCheck | null;
  /** Days since the weight was recorded, when known. */
  weightAgeDays: number | null;
  /** Shown beside the dose: a weight between the 0.1st and 3rd or 97th and 99.9th percentile, a stale weight, an override. */
  warnings: string[];
  /** Set when the clinician overrode an implausible weight; record it with the dose. */
  weightOverride: { reason: string } | null;
}

export const REFUSAL_CODES = [
  'unknown_product',
  'product_drug_mismatch',
  'age_invalid',
  'under_minimum_age',
  'age_out_of_range',
  'weight_missing',
  'weight_implausible',
  'dose_not_measurable',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** Why the calculator will not give a dose. */
export interface DoseRefusal {
  code: RefusalCode;
  reason: string;
  /** For weight_implausible from the growth check: the check, so a screen can offer the override. */
  weightCheck?: WeightCheck;
}

export type DoseResult = { ok: true; dose: DoseCalculation } | { ok: false; refusal: DoseRefusal };

function refuse(code: RefusalCode, reason: string): DoseResult {
  return { ok: false, refusal: { code, reason } };
}

/** The calculator's age range: children and young people up to 25 years. */
const MAX_AGE_MONTHS = 300;

function ageWords(months: number): string {
  const y = Math.floor(months / 12);
  const m = months % 12;
  return y > 0 ? `${y} years ${m} months` : `${m} months`;
}

/** The measuring increment that applies to a volume, per the product's bands. */
function incrementFor(product: Product, ml: number): number {
  const band = product.measuring.find((b) => b.upToMl === null || ml <= b.upToMl) ?? product.measuring[product.measuring.length - 1];
  return band?.incrementMl ?? 1;
}

/** The product ids the calculator knows, for help texts. */
export function productIds(content: ClinicalContent = clinicalContent): string[] {
  return content.analgesics.products.map((p) => p.id);
}

/** Calculate one dose, or refuse with a reason. Pure. */
export function calculateDose(req: DoseRequest, content: ClinicalContent = clinicalContent): DoseResult {
  const { analgesics } = content;
  const product = analgesics.products.find((p) => p.id === req.productId);
  if (!product) return refuse('unknown_product', `Unknown product "${req.productId}". Known products: ${productIds(content).join(', ')}.`);
  if (product.drug !== req.drug) {
    return refuse('product_drug_mismatch', `${product.name} is not ${req.drug}; choose a ${req.drug} product.`);
  }
  const drug = analgesics.drugs.find((d) => d.id === req.drug);
  const jurisdictionId = req.jurisdiction ?? content.settings.jurisdiction.value;
  const jurisdiction = analgesics.jurisdictions.find((j) => j.id === jurisdictionId);
  if (!drug || !jurisdiction) throw new Error('The analgesic content is missing a drug or a jurisdiction.');

  if (!Number.isFinite(req.ageMonths) || req.ageMonths < 0) return refuse('age_invalid', 'Enter the age in completed months (0 or more).');
  const ageMonths = Math.floor(req.ageMonths);
  if (ageMonths < drug.minAgeMonths) {
    return refuse('under_minimum_age', `${drug.name} is not calculated under ${drug.minAgeMonths} months of age. ${drug.minAgeNote}`);
  }
  if (ageMonths > MAX_AGE_MONTHS) return refuse('age_out_of_range', `An age of ${ageWords(ageMonths)} is outside the paediatric range of this calculator.`);

  const w = req.weightKg;
  if (w === null || w === undefined) return refuse('weight_missing', 'Enter a recent weight in kilograms; the dose depends on it.');
  if (!Number.isFinite(w) || w < ABSOLUTE_MIN_KG || w > ABSOLUTE_MAX_KG) {
    return refuse('weight_implausible', `A weight of ${String(w)} kg is not a child's weight in kilograms: check the weight — was it entered in pounds?`);
  }
  const weightCheck = checkWeightForAge(w, ageMonths, req.sex);
  const overrideReason = req.weightOverride?.reason?.trim() ?? '';
  const extreme = weightCheck !== null && (weightCheck.status === 'very_low' || weightCheck.status === 'very_high');
  if (extreme && !overrideReason) {
    return {
      ok: false,
      refusal: {
        code: 'weight_implausible',
        reason: `${weightCheck.message ?? ''} No dose without a clinician's override with a recorded reason.`.trim(),
        weightCheck,
      },
    };
  }
  const warnings: string[] = [];
  if (extreme) warnings.push(`${weightCheck.message ?? ''} Dose calculated on the clinician's override: ${overrideReason}`.trim());
  else if (weightCheck?.message) warnings.push(weightCheck.message);
  let weightAgeDays: number | null = null;
  const recorded = req.weightRecordedAt?.slice(0, 10);
  if (recorded && req.today && /^\d{4}-\d{2}-\d{2}$/.test(recorded) && /^\d{4}-\d{2}-\d{2}$/.test(req.today) && recorded <= req.today) {
    weightAgeDays = daysBetween(recorded, req.today);
    if (weightAgeDays > STALE_WEIGHT_DAYS) {
      warnings.push(`Weight recorded ${weightAgeDays} days ago (${recorded}), more than ${STALE_WEIGHT_DAYS} days: weigh the child again if you can.`);
    }
  }

  const maxDoses = jurisdiction.maxDosesPer24h[drug.id];
  const dailyCapMg = Math.min(drug.maxDailyMgPerKg * w, drug.maxDailyMg);
  const byWeightMg = drug.doseMgPerKg * w;
  const limitMg = Math.min(byWeightMg, drug.maxSingleDoseMg, dailyCapMg / maxDoses);
  const mgPerMl = product.mg / product.ml;

  const increment = incrementFor(product, limitMg / mgPerMl);
  let units = Math.floor(limitMg / mgPerMl / increment);
  const volume = (n: number) => n * increment;
  const mgFor = (n: number) => volume(n) * mgPerMl;
  // Floating point can put a product of exact-looking numbers a hair over a cap: step down until every cap holds.
  while (
    units > 0 &&
    (mgFor(units) > drug.maxSingleDoseMg || mgFor(units) > byWeightMg || mgFor(units) * maxDoses > dailyCapMg)
  ) {
    units -= 1;
  }
  if (units <= 0) {
    return refuse('dose_not_measurable', `The dose for ${w} kg is below the smallest measurable volume of ${product.name}.`);
  }
  const doseMl = volume(units);
  const doseMg = mgFor(units);

  return {
    ok: true,
    dose: {
      drug: drug.id,
      product: { id: product.id, name: product.name, mg: product.mg, ml: product.ml, mgPerMl },
      jurisdiction: jurisdiction.id,
      weightKg: w,
      ageMonths,
      doseMg,
      doseMl,
      intervalHours: drug.minIntervalHours,
      maxIntervalHours: drug.maxIntervalHours,
      maxDosesPer24h: maxDoses,
      maxMgPer24h: doseMg * maxDoses,
      dailyCapMg,
      cautions: analgesics.cautions.filter((c) => c.drugs.includes(drug.id)).map((c) => c.text),
      clinicianMustConfirm: analgesics.clinicianMustConfirm,
      weightCheck,
      weightAgeDays,
      warnings,
      weightOverride: extreme ? { reason: overrideReason } : null,
    },
  };
}
