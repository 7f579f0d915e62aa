/**
 * Words for findings across visits (issue 16, item 7): the finding under the
 * movement's own name, the side, the pain score on its own scale, a camera
 * estimate as "camera estimate, not a goniometer", and the visit's date.
 */
import type { Maneuver, Observation } from '../../../shared/clinical';
import type { HistoryEstimate, HistoryFinding, PreviousFindings, VisitChecklist } from '../../../shared/domain/visit-history';
import { summarizeFinding, summarizeValues, type FindingSummary } from '../../../shared/domain/visit-history-compare';
import { lookup, WORDS } from '../../../shared/words';
import { mainField, valueLabel } from '../checklist/model';
import { capitalize } from '../red-flags/labels';
import { CONSOLE } from '../../../shared/words/console';

const t = CONSOLE.visits.findings;

/** "Limited", or "Present; Skin marks: none" (the main finding first, never its label). */
export function findingWords(m: Maneuver, values: Observation): string {
  const main = mainField(m);
  const parts: string[] = [];
  const mainValue = main ? values[main.id] : undefined;
  if (typeof mainValue === 'string') parts.push(valueLabel(mainValue));
  for (const f of m.fields) {
    if (f === main || f.id === 'side') continue;
    const v = values[f.id];
    if (v === undefined || v === '') continue;
    parts.push(`${f.label}: ${typeof v === 'string' ? (f.kind === 'choice' ? valueLabel(v).toLowerCase() : v) : String(v)}`);
  }
  return parts.join('; ') || t.none;
}

/** The side in the catalog's words (shared/words labels.side), capitalized; a side it does not name ("midline") as its value. */
export function sideWords(side: string): string | null {
  if (side === 'not_applicable') return null;
  const word = lookup(WORDS.en.labels.side, side);
  return word ? capitalize(word) : valueLabel(side);
}

export function painWords(score: number | null, scale: string | null): string | null {
  return score === null ? null : t.pain(score, scale ?? t.scaleNotRecorded);
}

export function estimateWords(e: HistoryEstimate): string {
  return t.estimate(e.label, e.value, e.unit);
}

/** A visit's date in the clinician's local time, e.g. "15 Sept 2026". */
export function visitDate(iso: string | null): string {
  if (!iso) return t.dateUnknown;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? t.dateUnknown : d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** A stored finding's summary, for the comparison. */
export function storedSummary(m: Maneuver, f: HistoryFinding | undefined): FindingSummary | undefined {
  return f ? summarizeFinding(m, f) : undefined;
}

/** Today's saved values' summary, for the comparison. */
export function valuesSummary(m: Maneuver, values: Observation | undefined): FindingSummary | undefined {
  return values ? summarizeValues(m, values) : undefined;
}

/** A column of findings by movement: a stored checklist, or the open visit's saved values. */
export interface FindingsColumn {
  key: string;
  heading: string;
  /** Stored findings by maneuver id (earlier visits, the side-by-side view). */
  stored?: VisitChecklist['findings'];
  /** Saved values by maneuver id (the visit on screen). */
  values?: Record<string, Observation | undefined>;
  /** Camera estimates attached in the visit on screen, by maneuver id. */
  estimates?: Record<string, HistoryEstimate[]>;
}

export type PreviousLoad = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; data: PreviousFindings };
