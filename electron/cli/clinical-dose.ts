/**
 * `npm run --silent clinical:dose -- --drug acetaminophen|ibuprofen --weight-kg N --age-months N --product ID [--jurisdiction US|UK|AU]
 *   [--sex male|female|other|unknown] [--weight-recorded-on YYYY-MM-DD --today YYYY-MM-DD] [--weight-override-reason TEXT]`
 *
 * Prints one JSON object: the dose, or a `refusal` with its reason (exit 2).
 * Unusable arguments also exit 2, naming the argument. Logic lives in
 * shared/clinical/analgesics.ts.
 */
import {
  calculateDose,
  clinicalContentStatus,
  DRUG_IDS,
  JURISDICTION_IDS,
  productIds,
  type DrugId,
  type JurisdictionId,
  type RecordedSex,
} from '../../shared/clinical';
import { processIo, readFlags, runIfEntry, usageError as usage, type CliIo } from './io';

const SEXES: readonly string[] = ['male', 'female', 'other', 'unknown'];

export type DoseCliIo = CliIo;

const USAGE =
  'Usage: npm run --silent clinical:dose -- --drug acetaminophen|ibuprofen --weight-kg N --age-months N --product ID [--jurisdiction US|UK|AU]\n' +
  '       [--sex male|female|other|unknown] [--weight-recorded-on YYYY-MM-DD --today YYYY-MM-DD] [--weight-override-reason TEXT]\n' +
  `Products: ${productIds().join(', ')}`;

const usageError = (io: CliIo, message: string) => usage(io, USAGE, message);

function number(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : Number.NaN;
}

/** Run the command; returns the exit code. */
export function main(argv: readonly string[], io: DoseCliIo): number {
  const flags = readFlags(argv, {
    strings: ['drug', 'weight-kg', 'age-months', 'product', 'jurisdiction', 'sex', 'weight-recorded-on', 'today', 'weight-override-reason'],
  });
  if ('error' in flags) return usageError(io, flags.error);
  const values = flags.values as Record<string, string | undefined>;
  const drug = values.drug;
  if (!drug || !(DRUG_IDS as readonly string[]).includes(drug)) return usageError(io, `--drug must be one of: ${DRUG_IDS.join(', ')}.`);
  if (!values.product) return usageError(io, '--product is required.');
  const age = number(values['age-months']);
  if (age === undefined || Number.isNaN(age)) return usageError(io, '--age-months must be a number of completed months.');
  const weight = number(values['weight-kg']);
  if (Number.isNaN(weight)) return usageError(io, '--weight-kg must be a number of kilograms.');
  const jurisdiction = values.jurisdiction;
  if (jurisdiction !== undefined && !(JURISDICTION_IDS as readonly string[]).includes(jurisdiction)) {
    return usageError(io, `--jurisdiction must be one of: ${JURISDICTION_IDS.join(', ')}.`);
  }

  const sex = values.sex;
  if (sex !== undefined && !SEXES.includes(sex)) return usageError(io, `--sex must be one of: ${SEXES.join(', ')}.`);
  for (const key of ['weight-recorded-on', 'today'] as const) {
    const v = values[key];
    if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v)) return usageError(io, `--${key} must be a date, YYYY-MM-DD.`);
  }
  const overrideReason = values['weight-override-reason'];
  if (overrideReason !== undefined && (overrideReason.trim() === '' || overrideReason.length > 500)) {
    return usageError(io, '--weight-override-reason must be 1-500 characters saying why the weight is right.');
  }

  const status = clinicalContentStatus();
  const footer = { contentVersion: status.contentVersion, clinicalReviewStatement: status.statement };
  const result = calculateDose({
    drug: drug as DrugId,
    productId: values.product,
    weightKg: weight,
    ageMonths: age,
    ...(jurisdiction ? { jurisdiction: jurisdiction as JurisdictionId } : {}),
    ...(sex ? { sex: sex as RecordedSex } : {}),
    ...(values['weight-recorded-on'] ? { weightRecordedAt: values['weight-recorded-on'] } : {}),
    today: values.today ?? new Date().toISOString().slice(0, 10),
    ...(overrideReason ? { weightOverride: { reason: overrideReason.trim() } } : {}),
  });
  if (!result.ok) {
    io.stdout(`${JSON.stringify({ refusal: result.refusal, ...footer }, null, 2)}\n`);
    return 2;
  }
  io.stdout(`${JSON.stringify({ ...result.dose, ...footer }, null, 2)}\n`);
  return 0;
}

runIfEntry(import.meta.url, main, processIo);
