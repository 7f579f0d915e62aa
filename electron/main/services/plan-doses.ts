/**
 * The visit room's dose (AnalgesiaEntry: what the clinician confirmed) and
 * the store's dose (StoredDose, one `plan_doses` row since 0017): the same
 * fields under the same names, plus what the store keeps for the record
 * (the product's strength, mg/kg). No text is parsed: each part has its own
 * column.
 */
import { clinicalContent } from '../../../shared/clinical';
import type { AnalgesiaEntry } from '../../../shared/domain/visit-room';
import type { StoredDose } from '../../../shared/domain/record';

const PRODUCTS = clinicalContent.analgesics.products;

export function toStoreDose(entry: AnalgesiaEntry, weightKg: number): StoredDose {
  const product = PRODUCTS.find((p) => p.id === entry.productId);
  return {
    drug: entry.drug,
    productId: entry.productId,
    strengthMg: product?.mg ?? null,
    strengthMl: product ? product.ml : null,
    doseMg: entry.doseMg,
    doseMl: entry.doseMl,
    // to 0.1 mg/kg; a dose so small it rounds to 0 keeps no mg/kg (the store takes only a positive one)
    mgPerKg: weightKg > 0 ? Math.round((entry.doseMg / weightKg) * 10) / 10 || null : null,
    intervalHours: entry.intervalHours,
    maxDosesPer24h: entry.maxDosesPer24h,
    maxMgPer24h: entry.maxMgPer24h,
    stopAfterDays: entry.stopAfterDays ?? null,
    weightOverrideReason: entry.weightOverrideReason ?? null,
    note: null,
  };
}

/**
 * The room's view of a stored dose; a dose the room cannot show (no product,
 * no volume, a medicine it does not dose) comes back as it is and fails the
 * room's schema, which then leaves it out with a note (services/visit-room.ts).
 */
export function fromStoreDose(dose: StoredDose): Record<string, unknown> {
  return {
    drug: dose.drug,
    productId: dose.productId,
    doseMg: dose.doseMg,
    doseMl: dose.doseMl,
    intervalHours: dose.intervalHours,
    maxDosesPer24h: dose.maxDosesPer24h,
    maxMgPer24h: dose.maxMgPer24h,
    confirmed: true,
    ...(dose.stopAfterDays !== null ? { stopAfterDays: dose.stopAfterDays } : {}),
    ...(dose.weightOverrideReason !== null ? { weightOverrideReason: dose.weightOverrideReason } : {}),
  };
}
