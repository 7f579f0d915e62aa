/** The plan's pain medicine in words, for the room's plan and the signed summary. */
import { clinicalContent, type DrugId } from '../../../shared/clinical';
import type { AnalgesiaEntry } from '../../../shared/domain/visit-room';

const { analgesics } = clinicalContent;

export function drugName(id: DrugId): string {
  return analgesics.drugs.find((d) => d.id === id)?.name ?? id;
}

export function describeDose(a: AnalgesiaEntry): string {
  const product = analgesics.products.find((p) => p.id === a.productId)?.name ?? a.productId;
  const override = a.weightOverrideReason ? ` (weight outside the 0.1st-99.9th percentile, clinician's override: ${a.weightOverrideReason})` : '';
  return `${drugName(a.drug)}: ${a.doseMl} mL (${a.doseMg} mg) of ${product}, every ${a.intervalHours} hours at the shortest, no more than ${a.maxDosesPer24h} doses (${a.maxMgPer24h} mg) in 24 hours${override}`;
}
