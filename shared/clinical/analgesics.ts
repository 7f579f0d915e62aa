/**
 * The clinician's analgesic calculator (acetaminophen, ibuprofen). Every limit
 * comes from analgesics.json; a clinician must confirm the result.
 *
 * Safety properties (proved by property tests for any input):
 * - it refuses, with a reason, rather than guess: no weight, an implausible
 *   weight for the age, an age under the drug's minimum, an unknown product;
 * - the volume is rounded DOWN to a measurable increment, and the dose in mg is
 *   recomputed from that volume, so the dose given never exceeds the per-dose
 *   cap, the mg/kg dose, or (times the doses allowed per 24 h) the daily cap.
 */
import { clinicalContent, type ClinicalContent } from './content';
import type { DrugId, JurisdictionId, Product } from './schema';

/** What the calculator needs. `ageMonths` is completed months. */
export interface DoseRequest {
  drug: DrugId;
  productId: string;
  weightKg: number | null | undefined;
  ageMonths: number;
  /** Defaults to settings.json `jurisdiction`. */
  jurisdiction?: JurisdictionId;
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
}

export type DoseResult = { ok: true; dose: DoseCalculation } | { ok: false; refusal: DoseRefusal };

function refuse(code: RefusalCode, reason: string): DoseResult {
  return { ok: false, refusal: { code, reason } };
}

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
  const band = analgesics.weightPlausibility.bands.find((b) => ageMonths >= b.minAgeMonths && ageMonths <= b.maxAgeMonths);
  if (!band) return refuse('age_out_of_range', `An age of ${ageWords(ageMonths)} is outside the paediatric range of this calculator.`);

  const w = req.weightKg;
  if (w === null || w === undefined) return refuse('weight_missing', 'Enter a recent weight in kilograms; the dose depends on it.');
  if (!Number.isFinite(w) || w < band.minKg || w > band.maxKg) {
    return refuse(
      'weight_implausible',
      `A weight of ${String(w)} kg is implausible at ${ageWords(ageMonths)} (this check expects ${band.minKg}-${band.maxKg} kg): ` +
        'check the weight and its units.',
    );
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
    },
  };
}
