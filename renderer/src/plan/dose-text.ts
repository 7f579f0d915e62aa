/** The plan's pain medicine in words, for the room's plan and the signed summary. */
import { clinicalContent, type DrugId } from '../../../shared/clinical';
import type { AnalgesiaEntry } from '../../../shared/domain/visit-room';
import { CONSOLE } from '../../../shared/words/console';

const { analgesics } = clinicalContent;
const t = CONSOLE.plan.dose;

export function drugName(id: DrugId): string {
  return analgesics.drugs.find((d) => d.id === id)?.name ?? id;
}

export function describeDose(a: AnalgesiaEntry): string {
  const product = analgesics.products.find((p) => p.id === a.productId)?.name ?? a.productId;
  const override = a.weightOverrideReason ? t.override(a.weightOverrideReason) : '';
  const text = t.text({ drug: drugName(a.drug), ml: a.doseMl, mg: a.doseMg, product, hours: a.intervalHours, maxDoses: a.maxDosesPer24h, maxMg: a.maxMgPer24h });
  return `${text}${override}`;
}
