/**
 * The movement geometry on landmark sets with known answers: constructed
 * skeletons at known angles, synthetic gait with known cadence and
 * asymmetry, and properties (scale, translation and, where the measure is a
 * joint angle or a timing, rotation invariance; never a number when
 * confidence is low or the body is out of view).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BODY_LANDMARKS,
  forwardBendAngle,
  frameStatus,
  kneeFlexion,
  MEASURE_IDS,
  measure,
  sideBendAngle,
  singleLegStanceHold,
  singleLegStanceSway,
  squatDepth,
  stepTimeAsymmetry,
  trunkInclination,
  walkingCadence,
  type MeasureResult,
} from '../../../shared/pose/geometry';
import { poseMeasures } from '../../../shared/pose/measures-content';
import type { PoseFrame } from '../../../shared/pose/landmarks';
import { gaitSequence, sequence, skeleton, transform, withVisibility, type SkeletonSpec } from './skeleton';

const TH = poseMeasures.thresholds;
const num = (r: MeasureResult): number => {
  if (r.value === null) throw new Error(`expected a value, got ${r.reason}`);
  return r.value;
};

/** A bend from upright to `peak` degrees and back over 3 s at 20 fps. */
const bend = (peak: number, f: (deg: number) => SkeletonSpec) =>
  sequence(3000, 20, (t) => f(peak * Math.sin((Math.PI * t) / 3000)));

describe('single frames', () => {
  it('reads the trunk inclination and knee flexion of constructed skeletons', () => {
    for (const deg of [0, 15, 30, 45, 60, 90]) {
      expect(trunkInclination(skeleton({ trunkDeg: deg }))).toBeCloseTo(deg, 6);
      expect(trunkInclination(skeleton({ trunkDeg: -deg }))).toBeCloseTo(-deg, 6);
      expect(kneeFlexion(skeleton({ kneeFlexDeg: deg }), 'left')).toBeCloseTo(deg, 6);
    }
  });

  it('works on a portrait image as well as a landscape one (aspect is applied)', () => {
    expect(trunkInclination(skeleton({ trunkDeg: 30, aspect: 9 / 16, hip: { x: 9 / 32, y: 0.5 } }))).toBeCloseTo(30, 6);
  });

  it('a frame is usable only with the whole body inside the image and every body landmark confident', () => {
    expect(frameStatus(skeleton(), TH)).toBe('ok');
    expect(frameStatus(skeleton({ hip: { x: 0.05, y: 0.5 } }), TH)).toBe('not_in_view');
    // feet below the bottom edge
    expect(frameStatus(skeleton({ hip: { x: 0.9, y: 0.7 } }), TH)).toBe('not_in_view');
    for (const name of BODY_LANDMARKS) expect(frameStatus(withVisibility(skeleton(), name, 0.3), TH)).toBe('low_confidence');
    // a hand out of confidence does not matter
    expect(frameStatus(withVisibility(skeleton(), 'left_wrist', 0.1), TH)).toBe('ok');
    expect(frameStatus({ ...skeleton(), landmarks: skeleton().landmarks.slice(0, 20) }, TH)).toBe('low_confidence');
  });
});

describe('forward bend and side bend', () => {
  it('report the peak trunk angle of a bend', () => {
    for (const peak of [20, 45, 80]) {
      expect(num(forwardBendAngle(bend(peak, (d) => ({ trunkDeg: d })), TH))).toBeCloseTo(peak, 0);
      const side = sideBendAngle(bend(peak, (d) => ({ trunkDeg: -d })), TH);
      expect(num(side)).toBeCloseTo(peak, 0);
      expect(side.value !== null && side.summary.notes?.direction).toBe('towards image left');
    }
  });

  it('ignore a single wild frame (median of three)', () => {
    const frames = bend(30, (d) => ({ trunkDeg: d }));
    frames[10] = skeleton({ trunkDeg: 85, t: frames[10]!.t });
    expect(num(forwardBendAngle(frames, TH))).toBeCloseTo(30, 0);
  });

  it('keep a landmark summary of the peak frame, not the whole stream', () => {
    const r = forwardBendAngle(bend(40, (d) => ({ trunkDeg: d })), TH);
    expect(r.value).not.toBeNull();
    if (r.value === null) return;
    expect(r.unit).toBe('degrees');
    expect(r.confidence).toBeCloseTo(0.9, 6);
    expect(Object.keys(r.summary.keyFrame.points).sort()).toEqual(['left_hip', 'left_shoulder', 'right_hip', 'right_shoulder']);
    expect(r.summary.frames).toBe(61);
    expect(JSON.stringify(r.summary).length).toBeLessThan(1000);
  });
});

describe('squat depth', () => {
  it('reports the deepest knee flexion', () => {
    for (const peak of [30, 70, 110]) {
      expect(num(squatDepth(bend(peak, (d) => ({ kneeFlexDeg: d })), TH))).toBeCloseTo(peak, 0);
    }
  });
});

describe('single-leg stance', () => {
  /** Stand on the left leg, right foot lifted from holdFrom to holdTo ms, hips swaying sideways by sway. */
  const stork = (holdFrom: number, holdTo: number, sway = 0) =>
    sequence(8000, 20, (t) => {
      const lifted = t >= holdFrom && t <= holdTo;
      return {
        hip: { x: 16 / 18 + sway * Math.sin(t / 150), y: 0.5 },
        rightAnkle: lifted ? { dy: -0.06 } : {},
      };
    });

  it('measures the hold time and names the standing leg', () => {
    const r = singleLegStanceHold(stork(1000, 5000), TH);
    expect(num(r)).toBeCloseTo(4, 1);
    expect(r.value !== null && r.summary.notes?.standingLeg).toBe('left');
  });

  it('reports no hold when both feet stay down', () => {
    const r = singleLegStanceHold(stork(0, -1), TH);
    expect(r).toMatchObject({ value: null, reason: 'no_movement' });
  });

  it('sway grows with the sideways movement of the hips and is 0 when still', () => {
    expect(num(singleLegStanceSway(stork(1000, 5000, 0), TH))).toBeCloseTo(0, 3);
    const small = num(singleLegStanceSway(stork(1000, 5000, 0.005), TH));
    const large = num(singleLegStanceSway(stork(1000, 5000, 0.02), TH));
    expect(small).toBeGreaterThan(0);
    expect(large).toBeGreaterThan(small * 3);
  });
});

describe('gait', () => {
  // 10 alternating steps of 500 and 600 ms: the 8 inner step times alternate, mean 550 ms
  const lobes = [500, 600, 500, 600, 500, 600, 500, 600, 500, 600];

  it('measures cadence and step-time asymmetry walking across the image', () => {
    const frames = gaitSequence(lobes, 30, 'x');
    expect(num(walkingCadence(frames, TH))).toBeCloseTo(60_000 / 550, 0);
    expect(num(stepTimeAsymmetry(frames, TH))).toBeCloseTo((100 * 100) / 550, 0);
  });

  it('and walking towards the camera (feet apart at hip width all the time)', () => {
    const frames = gaitSequence(lobes, 30, 'y');
    expect(num(walkingCadence(frames, TH))).toBeCloseTo(60_000 / 550, 0);
    expect(num(stepTimeAsymmetry(frames, TH))).toBeCloseTo((100 * 100) / 550, 0);
  });

  it('symmetric gait has near-zero asymmetry', () => {
    const frames = gaitSequence(Array(10).fill(520), 30, 'x');
    expect(num(walkingCadence(frames, TH))).toBeCloseTo(60_000 / 520, 0);
    expect(num(stepTimeAsymmetry(frames, TH))).toBeLessThan(1);
  });

  it('needs a few seconds of walking', () => {
    expect(walkingCadence(gaitSequence([500, 500, 500, 500], 30, 'x'), TH)).toMatchObject({ value: null, reason: 'too_short' });
    expect(walkingCadence(sequence(5000, 30, () => ({})), TH)).toMatchObject({ value: null, reason: 'no_movement' });
  });
});

describe('never a number without the body in view and confident', () => {
  const frames = bend(40, (d) => ({ trunkDeg: d }));
  it('no frames', () => {
    for (const id of MEASURE_IDS) expect(measure(id, [], TH)).toMatchObject({ value: null, reason: 'no_frames', message: 'Not shown: no pose estimate yet.' });
  });
  it('latest frame out of view or low confidence', () => {
    const out = [...frames, skeleton({ hip: { x: 0.05, y: 0.5 }, t: 3100 })];
    const low = [...frames, withVisibility(skeleton({ t: 3100 }), 'right_ankle', 0.2)];
    for (const id of MEASURE_IDS) {
      expect(measure(id, out, TH)).toMatchObject({ value: null, reason: 'not_in_view', message: 'Not shown: body not fully in view.' });
      expect(measure(id, low, TH)).toMatchObject({ value: null, reason: 'low_confidence' });
    }
  });
  it('too many unusable frames in the window', () => {
    const mixed = frames.map((f, i) => (i % 3 === 0 && i < frames.length - 1 ? withVisibility(f, 'nose', 0.1) : f));
    expect(forwardBendAngle(mixed, TH)).toMatchObject({ value: null, reason: 'low_confidence' });
  });
  it('too few frames', () => {
    expect(forwardBendAngle(frames.slice(0, 3), TH)).toMatchObject({ value: null, reason: 'too_short' });
  });
});

describe('properties', () => {
  const arbVis = fc.double({ min: 0, max: TH.minVisibility, maxExcluded: true, noNaN: true });

  it('never a number when every frame has a body landmark below the confidence threshold', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MEASURE_IDS),
        fc.constantFrom(...BODY_LANDMARKS),
        arbVis,
        fc.integer({ min: 0, max: 40 }),
        (id, name, vis, peak) => {
          const low = bend(peak, (d) => ({ trunkDeg: d, kneeFlexDeg: d })).map((f) => withVisibility(f, name, vis));
          return measure(id, low, TH).value === null;
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never a number for random landmarks whose latest frame is low-confidence anywhere on the body', () => {
    const arbLm = fc.record({
      x: fc.double({ min: -0.5, max: 1.5, noNaN: true }),
      y: fc.double({ min: -0.5, max: 1.5, noNaN: true }),
      z: fc.constant(0),
      visibility: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    const arbFrame = fc.array(arbLm, { minLength: 33, maxLength: 33 });
    fc.assert(
      fc.property(fc.array(arbFrame, { minLength: 1, maxLength: 30 }), fc.constantFrom(...MEASURE_IDS), fc.constantFrom(...BODY_LANDMARKS), arbVis, (lms, id, name, vis) => {
        const frames: PoseFrame[] = lms.map((landmarks, i) => ({ t: i * 50, landmarks, aspect: 4 / 3 }));
        frames[frames.length - 1] = withVisibility(frames[frames.length - 1]!, name, vis);
        return measure(id, frames, TH).value === null;
      }),
      { numRuns: 200 },
    );
  });

  /** Scale about the image centre by k and shift by (dx, dy), in pixel-proportional units. */
  const similarity = (k: number, dx: number, dy: number, rotDeg = 0) => (p: { x: number; y: number }) => {
    const cx = 8 / 9;
    const cy = 0.5;
    const a = (rotDeg * Math.PI) / 180;
    const x = (p.x - cx) * k;
    const y = (p.y - cy) * k;
    return { x: cx + dx + x * Math.cos(a) - y * Math.sin(a), y: cy + dy + x * Math.sin(a) + y * Math.cos(a) };
  };
  const same = (a: MeasureResult, b: MeasureResult) => {
    if (a.value === null || b.value === null) return a.value === b.value;
    return Math.abs(a.value - b.value) <= 0.11; // values are rounded to 0.1
  };
  const inView = (frames: readonly PoseFrame[]) => frames.every((f) => frameStatus(f, TH) === 'ok');

  const fixtures: Record<string, PoseFrame[]> = {
    bend: bend(50, (d) => ({ trunkDeg: d })),
    squat: bend(90, (d) => ({ kneeFlexDeg: d })),
    stork: sequence(6000, 20, (t) => ({ rightAnkle: t > 1000 && t < 4500 ? { dy: -0.06 } : {}, hip: { x: 8 / 9 + 0.01 * Math.sin(t / 200), y: 0.5 } })),
    gait: gaitSequence([500, 600, 500, 600, 500, 600, 500, 600, 500, 600], 30, 'x'),
  };

  it('every measure is unchanged by scaling and moving the person in the image', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MEASURE_IDS),
        fc.constantFrom(...Object.keys(fixtures)),
        fc.double({ min: 0.5, max: 1.1, noNaN: true }),
        fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        fc.double({ min: -0.05, max: 0.05, noNaN: true }),
        (id, key, k, dx, dy) => {
          const frames = fixtures[key]!;
          const moved = frames.map((f) => transform(f, similarity(k, dx, dy)));
          fc.pre(inView(moved));
          return same(measure(id, frames, TH), measure(id, moved, TH));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('squat depth, cadence and step asymmetry are unchanged by camera roll; trunk angles are not (stated as a limit)', () => {
    const rollFree = ['squat-depth', 'walking-cadence', 'step-time-asymmetry'] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...rollFree),
        fc.constantFrom('squat', 'gait'),
        fc.double({ min: -20, max: 20, noNaN: true }),
        (id, key, rot) => {
          const frames = fixtures[key]!;
          const rolled = frames.map((f) => transform(f, similarity(0.9, 0, 0, rot)));
          fc.pre(inView(rolled));
          return same(measure(id, frames, TH), measure(id, rolled, TH));
        },
      ),
      { numRuns: 150 },
    );
    const rolled = fixtures.bend!.map((f) => transform(f, similarity(0.9, 0, 0, 10)));
    expect(num(forwardBendAngle(rolled, TH))).toBeCloseTo(60, 0);
  });

  it('a forward bend reads the same facing left or right (mirror image)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 85 }), (peak) => {
        const frames = bend(peak, (d) => ({ trunkDeg: d }));
        const mirrored = frames.map((f) => transform(f, (p) => ({ x: 16 / 9 - p.x, y: p.y })));
        return same(forwardBendAngle(frames, TH), forwardBendAngle(mirrored, TH));
      }),
      { numRuns: 50 },
    );
  });
});
