/* eslint-disable @typescript-eslint/no-explicit-any -- these tests break the shipped JSON at arbitrary depths. */
/** resources/clinical/pose-measures.json is validated at load; broken copies fail loudly with the reason. */
import { describe, expect, it } from 'vitest';
import { ClinicalContentError } from '../../../shared/clinical/content';
import { MEASURE_IDS } from '../../../shared/pose/geometry';
import { ESTIMATE_METHOD, loadPoseMeasures, poseMeasures, RAW_POSE_MEASURES } from '../../../shared/pose/measures-content';

const copy = () => structuredClone(RAW_POSE_MEASURES) as Record<string, any>;
function problems(raw: unknown): string[] {
  try {
    loadPoseMeasures(raw);
  } catch (e) {
    if (e instanceof ClinicalContentError) return e.problems;
    throw e;
  }
  return [];
}

describe('the shipped pose-measures file', () => {
  it('loads, covers every measure, and says it is not reviewed and not a goniometer', () => {
    expect(poseMeasures.file.measures.map((m) => m.id).sort()).toEqual([...MEASURE_IDS].sort());
    expect(poseMeasures.file.method).toBe(ESTIMATE_METHOD);
    expect(poseMeasures.file.review).toMatch(/not reviewed by a clinician/i);
  });

  it('maps the checklist maneuvers to their measures', () => {
    expect(poseMeasures.forManeuver('lumbar-flexion').map((m) => m.id)).toEqual(['forward-bend-trunk-angle']);
    expect(poseMeasures.forManeuver('gait').map((m) => m.id)).toEqual(['walking-cadence', 'step-time-asymmetry']);
    expect(poseMeasures.forManeuver('stork-left').map((m) => m.id)).toEqual(['single-leg-stance-hold', 'single-leg-stance-sway']);
    expect(poseMeasures.forManeuver('palpation')).toEqual([]);
  });

  it('cites the published accuracy for angle measures', () => {
    const cites = poseMeasures.citations('forward-bend-trunk-angle').map((c) => c.citation).join('\n');
    expect(cites).toMatch(/Moreira et al\., Sensors 2024/);
    expect(cites).toMatch(/Wang et al\., PLOS ONE 2023/);
    expect(poseMeasures.file.accuracyLimits.find((l) => l.id === 'joint-angle-rmse')?.text).toMatch(/10 degrees/);
  });

  it('takes the confidence threshold from the file', () => {
    expect(poseMeasures.thresholds.minVisibility).toBe(0.5);
  });
});

describe('broken copies are refused with the reason', () => {
  it('unknown maneuver, unknown source, unknown limit, wrong unit, wrong version, wrong method', () => {
    const raw = copy();
    raw.measures[0].maneuvers = ['no-such-move'];
    raw.measures[1].sources = ['nowhere'];
    raw.measures[2].limits = ['no-limit'];
    raw.measures[3].unit = 'degrees';
    raw.version = '9.9.9';
    const p = problems(raw);
    expect(p).toContain('pose-measures.json: measures.0.maneuvers: unknown maneuver no-such-move');
    expect(p).toContain('pose-measures.json: measures.1.sources: unknown source nowhere');
    expect(p).toContain('pose-measures.json: measures.2.limits: unknown limit no-limit');
    expect(p.some((x) => x.includes('measures.3.unit'))).toBe(true);
    expect(p.some((x) => x.includes('version'))).toBe(true);
    const m = copy();
    m.method = 'goniometer';
    expect(problems(m).some((x) => x.includes('method'))).toBe(true);
  });

  it('a threshold out of range or without a citation', () => {
    const raw = copy();
    raw.thresholds.minVisibility.value = 1.5;
    raw.thresholds.frameMargin.sources = [];
    const p = problems(raw);
    expect(p.some((x) => x.startsWith('pose-measures.json: thresholds.minVisibility.value'))).toBe(true);
    expect(p.some((x) => x.startsWith('pose-measures.json: thresholds.frameMargin.sources'))).toBe(true);
  });

  it('a source id that shadows sources.json', () => {
    const raw = copy();
    raw.sources.push({ id: 'project-judgement', citation: 'duplicate' });
    expect(problems(raw)).toContain('pose-measures.json: sources: project-judgement is already in sources.json');
  });
});
