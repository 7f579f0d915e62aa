/**
 * Issue 17, item 3: attaching a camera estimate to a checklist entry, through
 * the real IPC dispatcher, services and SQLite. The estimate sits beside the
 * clinician's finding and never changes it; bad payloads are refused with a
 * reason and change nothing; a signed visit takes none; rows never change.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { forwardBendAngle } from '../../../shared/pose/geometry';
import { poseMeasures } from '../../../shared/pose/measures-content';
import { openServicesHarness, QUIET_INTAKE, seedVisit } from '../../support/services';
import { estimatePayload } from '../../support/pose-estimates';
import { signShortVisit } from '../../support/room-signing';
import { sequence } from '../../shared/pose/skeleton';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** A real estimate from the shared geometry: a forward bend peaking at 50°. */
function bendEstimate() {
  const frames = sequence(3000, 20, (t) => ({ trunkDeg: 50 * Math.sin((Math.PI * t) / 3000) }));
  return forwardBendAngle(frames, poseMeasures.thresholds);
}

async function setup() {
  const h = await openServicesHarness({ idSeed: 17 });
  cleanup = h.close;
  const visit = { id: (await seedVisit(h.services, { intake: QUIET_INTAKE })).visitId };
  await h.services.visitRoom.open(visit.id, h.actor);
  const payload = estimatePayload(visit.id, 'lumbar-flexion', bendEstimate());
  const count = () => (h.db.prepare(`SELECT count(*) AS n FROM pose_estimates`).get() as { n: number }).n;
  return { ...h, visitId: visit.id, payload, count };
}

describe('attaching an estimate', () => {
  it('attaches beside the recorded finding, which stays the clinician’s choice', async () => {
    const s = await setup();
    await s.call('observations:record', { visitId: s.visitId, maneuverId: 'lumbar-flexion', values: { result: 'limited' } });
    const before = s.db.prepare(`SELECT * FROM observations WHERE maneuver_id = 'lumbar-flexion'`).all();

    const res = await s.call('visits:attachEstimate', s.payload);
    expect(res).toMatchObject({ ok: true });
    const list = (res as { value: unknown[] }).value;
    expect(s.payload.value).toBeCloseTo(50, 0);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      maneuverId: 'lumbar-flexion',
      measure: 'forward-bend-trunk-angle',
      label: 'Forward-bend trunk angle',
      value: s.payload.value,
      unit: 'degrees',
      method: 'camera estimate, not a goniometer',
      confidence: 0.9,
    });
    // the finding is untouched
    expect(s.db.prepare(`SELECT * FROM observations WHERE maneuver_id = 'lumbar-flexion'`).all()).toEqual(before);
    const state = (await s.call('visits:peek', { visitId: s.visitId })) as { value: { observations: Record<string, { values: { result: string } }> } };
    expect(state.value.observations['lumbar-flexion']?.values.result).toBe('limited');
    // the landmark summary is stored with it, and audited by ids only
    const row = s.db.prepare(`SELECT landmarks_json, observation_id FROM pose_estimates`).get() as { landmarks_json: string; observation_id: string };
    expect(JSON.parse(row.landmarks_json)).toMatchObject({ frames: 61, keyFrame: { points: { left_hip: expect.any(Array) } } });
    const audit = s.db.prepare(`SELECT detail_json FROM audit_log WHERE entity = 'pose_estimate'`).get() as { detail_json: string };
    expect(JSON.parse(audit.detail_json)).toEqual({ visitId: s.visitId, observationId: row.observation_id, measure: 'forward-bend-trunk-angle', change: 'attached' });
    expect(await s.call('visits:estimates', { visitId: s.visitId })).toMatchObject({ ok: true, value: [{ value: s.payload.value }] });
  });

  it('needs the finding first', async () => {
    const s = await setup();
    const res = await s.call('visits:attachEstimate', s.payload);
    expect(res).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/Record the finding for this movement first/) } });
    expect(s.count()).toBe(0);
  });

  it('refuses bad payloads with a reason, and writes nothing', async () => {
    const s = await setup();
    await s.call('observations:record', { visitId: s.visitId, maneuverId: 'lumbar-flexion', values: { result: 'full' } });
    const bad: [string, Record<string, unknown>, RegExp][] = [
      ['measure not for this movement', { measure: 'walking-cadence', unit: 'steps per minute' }, /not offered for this movement/],
      ['movement without measures', { maneuverId: 'palpation' }, /not offered for this movement/],
      ['wrong unit', { unit: 'seconds' }, /measured in degrees/],
      ['implausible value', { value: 400 }, /cannot be 400 degrees/],
      ['negative value', { value: -5 }, /not valid/],
      ['low confidence', { confidence: 0.3 }, /confidence is too low/],
      ['not a number', { value: Number.NaN }, /not valid/],
      ['unknown measure', { measure: 'iq' }, /not valid/],
      ['extra key', { frames: [] }, /not valid/],
      ['empty model', { model: '  ' }, /not valid/],
      ['too few frames', { summary: { ...s.payload.summary, frames: 2 } }, /Too few usable frames/],
      ['a stream of landmarks instead of a summary', { summary: { ...s.payload.summary, stream: Array(500).fill([0.5, 0.5]) } }, /not valid/],
    ];
    for (const [why, patch, message] of bad) {
      const direct = s.services.poseEstimates.attach({ ...s.payload, ...patch }, s.actor);
      await expect(direct, why).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(message) });
      const viaIpc = await s.call('visits:attachEstimate', { ...s.payload, ...patch });
      expect(viaIpc, why).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(VALIDATION|INVALID_REQUEST)$/) } });
    }
    expect(s.count()).toBe(0);
  });

  it('a signed visit refuses new estimates; stored ones never change', async () => {
    const s = await setup();
    await s.call('observations:record', { visitId: s.visitId, maneuverId: 'lumbar-flexion', values: { result: 'full' } });
    expect(await s.call('visits:attachEstimate', s.payload)).toMatchObject({ ok: true });
    await signShortVisit(s.services, s.visitId, s.actor);

    expect(await s.call('visits:attachEstimate', s.payload)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/signed/) } });
    expect(s.count()).toBe(1);
    expect(() => s.db.prepare(`UPDATE pose_estimates SET value = 10`).run()).toThrow(/cannot be changed/);
    expect(() => s.db.prepare(`DELETE FROM pose_estimates`).run()).toThrow(/never deleted/);
    // raw SQL into a signed visit is refused too
    expect(() =>
      s.db.prepare(
        `INSERT INTO pose_estimates SELECT 'x2', visit_id, observation_id, maneuver_id, measure, value, unit, method, model, confidence,
           landmarks_json, content_version, attached_by, attached_at FROM pose_estimates`,
      ).run(),
    ).toThrow(/visit is signed/);
  });
});
