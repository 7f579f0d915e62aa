/**
 * Camera estimates in the exports (issue 17, item 3): the clinician note
 * prints each attached estimate beside its finding as "estimated by camera,
 * not a goniometer", with the accuracy limits and their citations; the FHIR
 * document adds one Observation per estimate, derived from the finding's
 * Observation, its method saying what it is.
 */
import type { MeasureId } from '../../../shared/pose/geometry';
import { poseMeasures } from '../../../shared/pose/measures-content';
import type { StoredPoseEstimate } from '../store/pose-estimates';

export interface EstimateRow {
  id: string;
  maneuverId: string;
  measure: string;
  label: string;
  value: number;
  unit: string;
  method: string;
  model: string;
  confidence: number;
  attachedAt: string;
  attachedBy: string;
}

/** The words the note prints, the same everywhere. */
export const ESTIMATE_WORDS = 'estimated by camera, not a goniometer';

export function estimateRows(stored: readonly StoredPoseEstimate[]): EstimateRow[] {
  return stored.map((e) => ({
    id: e.id,
    maneuverId: e.maneuverId,
    measure: e.measure,
    label: poseMeasures.byId(e.measure as MeasureId)?.label ?? e.measure,
    value: e.value,
    unit: e.unit,
    method: e.method,
    model: e.model,
    confidence: e.confidence,
    attachedAt: e.attachedAt,
    attachedBy: e.attachedBy,
  }));
}

/** "Forward-bend trunk angle: 49.9 degrees (estimated by camera, not a goniometer; MediaPipe Pose, confidence 0.90)". */
export function estimateText(e: EstimateRow): string {
  return `${e.label}: ${e.value} ${e.unit} (${ESTIMATE_WORDS}; ${e.model}, landmark confidence ${e.confidence.toFixed(2)})`;
}

/** The stated limits for the measures present, with their citations, one sentence each. */
export function estimateLimits(rows: readonly EstimateRow[]): string[] {
  const ids = new Set<string>();
  for (const r of rows) poseMeasures.byId(r.measure as MeasureId)?.limits.forEach((l) => ids.add(l));
  const sources = new Map<string, string>();
  for (const r of rows) for (const c of poseMeasures.citations(r.measure as MeasureId)) sources.set(c.id, c.citation);
  const limits = poseMeasures.file.accuracyLimits.filter((l) => ids.has(l.id)).map((l) => l.text);
  if (limits.length === 0) return [];
  return [...limits, `Sources: ${[...sources.values()].join(' ')}`, poseMeasures.file.review];
}

/** UCUM for the units the measures use. */
export const UCUM: Readonly<Record<string, string>> = {
  degrees: 'deg',
  seconds: 's',
  'percent of leg length': '%',
  'steps per minute': '/min',
  percent: '%',
};
