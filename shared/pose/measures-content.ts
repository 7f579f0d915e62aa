/**
 * resources/clinical/pose-measures.json: which checklist maneuver gets which
 * camera measure, its unit, the confidence thresholds and the accuracy limits
 * with citations. Validated at load like the other clinical content files
 * (shared/clinical/content.ts): the schema, then cross-references — every
 * maneuver exists in maneuvers.json, every cited source exists (here or in
 * sources.json), every limit exists, the units match the geometry, and the
 * file carries the content version. A broken file stops the app at start.
 */
import { z } from 'zod';
import poseMeasuresJson from '../../resources/clinical/pose-measures.json' with { type: 'json' };
import { ClinicalContentError, clinicalContent, type ClinicalContent } from '../clinical/content';
import { MEASURE_IDS, MEASURE_UNITS, type MeasureId, type MeasureUnit, type PoseThresholds } from './geometry';

const Id = z.string().regex(/^[a-z0-9]+(?:[-.][a-z0-9]+)*$/, { error: 'Ids are lower-case kebab-case.' });
const Text = z.string().trim().min(1);
const Sources = z.array(Id).min(1, { error: 'Every item cites at least one source.' });
const Threshold = (value: z.ZodNumber) => z.strictObject({ value, why: Text, sources: Sources });

/** The unit each measure's geometry returns; the file must agree. */
export const MEASURE_UNIT: Readonly<Record<MeasureId, MeasureUnit>> = {
  'forward-bend-trunk-angle': 'degrees',
  'side-bend-angle': 'degrees',
  'single-leg-stance-hold': 'seconds',
  'single-leg-stance-sway': 'percent of leg length',
  'squat-depth': 'degrees',
  'walking-cadence': 'steps per minute',
  'step-time-asymmetry': 'percent',
};

/** The words every stored and exported estimate carries. */
export const ESTIMATE_METHOD = 'camera estimate, not a goniometer' as const;

export const PoseMeasuresFile = z.strictObject({
  version: z.string().min(1),
  review: Text,
  method: z.literal(ESTIMATE_METHOD),
  defaultModel: Text,
  sources: z.array(z.strictObject({ id: Id, citation: Text, url: z.url().optional() })).min(1),
  thresholds: z.strictObject({
    minVisibility: Threshold(z.number().min(0).max(1)),
    frameMargin: Threshold(z.number().min(0).max(0.2)),
    minValidFraction: Threshold(z.number().min(0.5).max(1)),
    minFrames: Threshold(z.number().int().min(3).max(300)),
    maxGapMs: Threshold(z.number().min(0).max(5000)),
    stanceLiftFraction: Threshold(z.number().min(0.01).max(0.5)),
    stanceMinHoldMs: Threshold(z.number().min(0).max(60_000)),
    gaitMinDurationMs: Threshold(z.number().min(1000).max(60_000)),
    gaitMinSteps: Threshold(z.number().int().min(3).max(100)),
    gaitHysteresis: Threshold(z.number().min(0).max(0.5)),
  }),
  accuracyLimits: z.array(z.strictObject({ id: Id, text: Text, sources: Sources })).min(1),
  measures: z
    .array(
      z.strictObject({
        id: z.enum(MEASURE_IDS),
        label: Text,
        unit: z.enum(MEASURE_UNITS),
        view: z.enum(['side', 'front', 'any']),
        windowMs: z.number().int().min(1000).max(60_000),
        maneuvers: z.array(Id).min(1),
        definition: Text,
        limits: z.array(Id).min(1),
        sources: Sources,
      }),
    )
    .min(1),
});
export type PoseMeasuresFile = z.infer<typeof PoseMeasuresFile>;
export type PoseMeasureSpec = PoseMeasuresFile['measures'][number];

export interface PoseMeasures {
  file: PoseMeasuresFile;
  thresholds: PoseThresholds;
  /** Measures offered for a maneuver id, in file order. */
  forManeuver(maneuverId: string): PoseMeasureSpec[];
  byId(id: MeasureId): PoseMeasureSpec | undefined;
  /** The citation texts for a measure: its own sources and its limits' sources, deduplicated. */
  citations(id: MeasureId): { id: string; citation: string; url?: string }[];
}

const FILE = 'pose-measures.json';

export function loadPoseMeasures(raw: unknown, clinical: ClinicalContent = clinicalContent): PoseMeasures {
  const parsed = PoseMeasuresFile.safeParse(raw);
  if (!parsed.success) {
    throw new ClinicalContentError(parsed.error.issues.map((i) => `${FILE}: ${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const file = parsed.data;
  const problems: string[] = [];
  if (file.version !== clinical.version) problems.push(`${FILE}: version: ${file.version} is not the content version ${clinical.version}`);
  const shared = new Map(clinical.sources.sources.map((s) => [s.id, s]));
  const own = new Map(file.sources.map((s) => [s.id, s]));
  for (const s of file.sources) if (shared.has(s.id)) problems.push(`${FILE}: sources: ${s.id} is already in sources.json`);
  if (own.size !== file.sources.length) problems.push(`${FILE}: sources: duplicate ids`);
  const known = (id: string) => own.has(id) || shared.has(id);
  const limits = new Set(file.accuracyLimits.map((l) => l.id));
  if (limits.size !== file.accuracyLimits.length) problems.push(`${FILE}: accuracyLimits: duplicate ids`);
  const maneuvers = new Set(clinical.maneuvers.maneuvers.map((m) => m.id));
  const cite = (path: string, ids: readonly string[]) => {
    for (const id of ids) if (!known(id)) problems.push(`${FILE}: ${path}: unknown source ${id}`);
  };
  for (const [k, t] of Object.entries(file.thresholds)) cite(`thresholds.${k}.sources`, t.sources);
  file.accuracyLimits.forEach((l, i) => cite(`accuracyLimits.${i}.sources`, l.sources));
  const seen = new Set<string>();
  file.measures.forEach((m, i) => {
    if (seen.has(m.id)) problems.push(`${FILE}: measures.${i}.id: duplicate ${m.id}`);
    seen.add(m.id);
    if (m.unit !== MEASURE_UNIT[m.id]) problems.push(`${FILE}: measures.${i}.unit: ${m.id} is measured in ${MEASURE_UNIT[m.id]}, not ${m.unit}`);
    for (const man of m.maneuvers) if (!maneuvers.has(man)) problems.push(`${FILE}: measures.${i}.maneuvers: unknown maneuver ${man}`);
    for (const l of m.limits) if (!limits.has(l)) problems.push(`${FILE}: measures.${i}.limits: unknown limit ${l}`);
    cite(`measures.${i}.sources`, m.sources);
  });
  if (problems.length > 0) throw new ClinicalContentError(problems);

  const t = file.thresholds;
  const thresholds: PoseThresholds = {
    minVisibility: t.minVisibility.value,
    frameMargin: t.frameMargin.value,
    minValidFraction: t.minValidFraction.value,
    minFrames: t.minFrames.value,
    maxGapMs: t.maxGapMs.value,
    stanceLiftFraction: t.stanceLiftFraction.value,
    stanceMinHoldMs: t.stanceMinHoldMs.value,
    gaitMinDurationMs: t.gaitMinDurationMs.value,
    gaitMinSteps: t.gaitMinSteps.value,
    gaitHysteresis: t.gaitHysteresis.value,
  };
  const byId = (id: MeasureId) => file.measures.find((m) => m.id === id);
  return {
    file,
    thresholds,
    forManeuver: (maneuverId) => file.measures.filter((m) => m.maneuvers.includes(maneuverId)),
    byId,
    citations(id) {
      const m = byId(id);
      if (!m) return [];
      const ids = new Set<string>(m.sources);
      for (const l of file.accuracyLimits) if (m.limits.includes(l.id)) l.sources.forEach((s) => ids.add(s));
      return [...ids].map((sid) => {
        const s = (own.get(sid) ?? shared.get(sid)) as { id: string; citation: string; url?: string };
        return { id: s.id, citation: s.citation, ...(s.url ? { url: s.url } : {}) };
      });
    },
  };
}

/** The raw JSON as shipped; exported so tests can make broken copies. */
export const RAW_POSE_MEASURES: unknown = poseMeasuresJson;

/** The validated file, loaded once at start. */
export const poseMeasures: PoseMeasures = loadPoseMeasures(RAW_POSE_MEASURES);
