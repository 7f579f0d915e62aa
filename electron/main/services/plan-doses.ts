/**
 * The visit room's dose (what the clinician confirmed: product, mL, mg,
 * interval, doses per 24 h) and the store's dose shape (services/record.ts
 * checkPlan: drug, mg, mg/kg, interval, doses a day, note). The product and
 * the volume travel in the note as "<product name>: <mL> mL per dose.", the
 * form the exports already read (electron/main/export), and are read back
 * from it; a note in another form falls back to the drug's first product.
 */
import { clinicalContent } from '../../../shared/clinical';
import type { AnalgesiaEntry } from '../../../shared/domain/visit-room';
import type { AnalgesicDose } from '../store/record-types';

const PRODUCTS = clinicalContent.analgesics.products;
/** How a weight override travels in the dose note (after the product and volume), read back by fromStoreDose. */
const OVERRIDE_PREFIX = 'Weight outside the 0.1st-99.9th percentile for age, dosed on the clinician\'s override:';

export function toStoreDose(entry: AnalgesiaEntry, weightKg: number): AnalgesicDose {
  const product = PRODUCTS.find((p) => p.id === entry.productId);
  return {
    drug: entry.drug,
    doseMg: entry.doseMg,
    mgPerKg: weightKg > 0 ? Math.round((entry.doseMg / weightKg) * 10) / 10 : null,
    intervalHours: entry.intervalHours,
    maxDosesPerDay: entry.maxDosesPer24h,
    note:
      `${product?.name ?? entry.productId}: ${entry.doseMl} mL per dose.` +
      (entry.weightOverrideReason ? ` ${OVERRIDE_PREFIX} ${entry.weightOverrideReason}` : ''),
  };
}

export function fromStoreDose(dose: AnalgesicDose): AnalgesiaEntry {
  const note = dose.note ?? '';
  const product =
    PRODUCTS.find((p) => p.drug === dose.drug && note.startsWith(`${p.name}:`)) ?? PRODUCTS.find((p) => p.drug === dose.drug) ?? PRODUCTS[0]!;
  const ml = /([\d.]+) mL per dose/.exec(note);
  const at = note.indexOf(OVERRIDE_PREFIX);
  const override = at >= 0 ? note.slice(at + OVERRIDE_PREFIX.length).trim() : '';
  const doseMl = ml ? Number(ml[1]) : Math.round((dose.doseMg / (product.mg / product.ml)) * 100) / 100;
  return {
    drug: dose.drug === 'ibuprofen' ? 'ibuprofen' : 'acetaminophen',
    productId: product.id,
    doseMg: dose.doseMg,
    doseMl,
    intervalHours: dose.intervalHours,
    maxDosesPer24h: dose.maxDosesPerDay,
    maxMgPer24h: dose.doseMg * dose.maxDosesPerDay,
    confirmed: true,
    ...(override ? { weightOverrideReason: override } : {}),
  };
}
