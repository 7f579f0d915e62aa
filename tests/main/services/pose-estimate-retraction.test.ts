/**
 * Issue 17, item 3: taking back an attached camera estimate (migration 0021),
 * through the real IPC dispatcher, services and SQLite file. The retraction is
 * appended (who, when, why), audited with ids only, and the estimate leaves
 * the room's list, the clinician note, the FHIR document and the visit
 * history; the estimate row itself is never changed or deleted. A signed
 * visit refuses it, in the service and in the store's own trigger; bad
 * requests are refused and change nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { forwardBendAngle } from '../../../shared/pose/geometry';
import { poseMeasures } from '../../../shared/pose/measures-content';
import { noteHtml } from '../../../electron/main/export/html';
import { buildFhirBundle } from '../../../electron/main/export/fhir';
import { validPatient } from '../../support/db';
import { openServicesHarness, QUIET_INTAKE } from '../../support/services';
import { estimateExportModel, estimatePayload } from '../../support/pose-estimates';
import { signShortVisit } from '../../support/room-signing';
import { sequence } from '../../shared/pose/skeleton';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function setup() {
  const h = await openServicesHarness({ idSeed: 1720 });
  cleanup = h.close;
  const created = (await h.call('patients:create', validPatient)) as { value: { id: string } };
  const visit = await h.services.visits.schedule({ patientId: created.value.id, scheduledStart: '2026-11-27T09:30:00Z', durationMinutes: 20 });
  await h.services.intakes.save(visit.id, JSON.stringify(QUIET_INTAKE), 'en', 'family');
  await h.services.visitRoom.open(visit.id, h.actor);
  expect(await h.call('observations:record', { visitId: visit.id, maneuverId: 'lumbar-flexion', values: { result: 'limited' } })).toMatchObject({ ok: true });
  const attach = async (peakDeg: number) => {
    const r = forwardBendAngle(sequence(3000, 20, (t) => ({ trunkDeg: peakDeg * Math.sin((Math.PI * t) / 3000) })), poseMeasures.thresholds);
    const res = (await h.call('visits:attachEstimate', estimatePayload(visit.id, 'lumbar-flexion', r))) as { ok: boolean; value: { id: string; value: number }[] };
    expect(res.ok).toBe(true);
    return res.value[res.value.length - 1]!;
  };
  const exports = async () => {
    const model = await estimateExportModel(h, visit.id);
    return { note: noteHtml(model), fhir: JSON.stringify(buildFhirBundle(model)) };
  };
  const count = (table: string) => (h.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { ...h, visitId: visit.id, attach, exports, count };
}

describe('retracting an attached estimate', () => {
  it('appends a retraction (who, when, why), audits it by ids only, and drops the estimate from the room and the exports', async () => {
    const s = await setup();
    const kept = await s.attach(40);
    const wrong = await s.attach(70);
    const before = await s.exports();
    expect(before.note).toContain(`${wrong.value} degrees (estimated by camera, not a goniometer`);
    expect(before.fhir).toContain(`"value":${wrong.value}`);
    const estimateRow = s.db.prepare(`SELECT * FROM pose_estimates WHERE id = ?`).get(wrong.id);

    const res = await s.call('visits:retractEstimate', { visitId: s.visitId, estimateId: wrong.id, reason: '  A parent walked into the picture.  ' });
    expect(res).toMatchObject({ ok: true });
    // The answer is what is left: the other estimate only.
    expect((res as { value: { id: string }[] }).value.map((e) => e.id)).toEqual([kept.id]);
    expect((await s.call('visits:estimates', { visitId: s.visitId })) as unknown).toMatchObject({ ok: true, value: [{ id: kept.id }] });

    // Appended, never changed: the estimate row is as it was; the retraction says who, when and why.
    expect(s.db.prepare(`SELECT * FROM pose_estimates WHERE id = ?`).get(wrong.id)).toEqual(estimateRow);
    const retraction = s.db.prepare(`SELECT * FROM pose_estimate_retractions`).get() as Record<string, string>;
    expect(retraction).toMatchObject({ estimate_id: wrong.id, visit_id: s.visitId, reason: 'A parent walked into the picture.', retracted_by: s.actor, retracted_at: s.clock.now().toISOString() });
    // Audited with ids only: the reason is not copied into the log.
    const audit = s.db.prepare(`SELECT entity, entity_id, actor, detail_json FROM audit_log WHERE detail_json LIKE '%retracted%'`).all() as { entity: string; entity_id: string; actor: string; detail_json: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity: 'pose_estimate', entity_id: wrong.id, actor: s.actor });
    expect(JSON.parse(audit[0]!.detail_json)).toEqual({ visitId: s.visitId, retractionId: retraction.id, change: 'retracted' });
    expect(audit[0]!.detail_json).not.toMatch(/parent/);

    // The note and the FHIR document drop it; the kept one is still there.
    const after = await s.exports();
    expect(after.note).not.toContain(`${wrong.value} degrees`);
    expect(after.fhir).not.toContain(`"value":${wrong.value}`);
    expect(after.note).toContain(`${kept.value} degrees (estimated by camera, not a goniometer`);
    expect(after.fhir).toContain(`"value":${kept.value}`);

    // Removing the last one leaves no camera words at all.
    expect(await s.call('visits:retractEstimate', { visitId: s.visitId, estimateId: kept.id, reason: 'Half turned.' })).toMatchObject({ ok: true, value: [] });
    const none = await s.exports();
    expect(none.note).not.toMatch(/goniometer|Camera estimates/);
    expect(none.fhir).not.toMatch(/goniometer/);
    expect(s.count('pose_estimates')).toBe(2);
  });

  it('a later visit’s history shows only the estimates that were not retracted', async () => {
    const s = await setup();
    const kept = await s.attach(40);
    const wrong = await s.attach(70);
    expect(await s.call('visits:retractEstimate', { visitId: s.visitId, estimateId: wrong.id, reason: 'Half turned.' })).toMatchObject({ ok: true });
    await signShortVisit(s.services, s.visitId, s.actor);
    const later = await s.services.visits.schedule({ patientId: (await s.services.visits.get(s.visitId)).patientId, scheduledStart: '2026-12-04T09:30:00Z', durationMinutes: 20 });
    const res = (await s.call('visits:previousFindings', { visitId: later.id })) as { ok: boolean; value: { previous: { findings: Record<string, { estimates: { value: number }[] }> }[] } };
    expect(res.ok).toBe(true);
    expect(res.value.previous[0]!.findings['lumbar-flexion']!.estimates.map((e) => e.value)).toEqual([kept.value]);
  });

  it('a signed visit refuses a retraction, in the service and in the store itself', async () => {
    const s = await setup();
    const e = await s.attach(50);
    await signShortVisit(s.services, s.visitId, s.actor);
    const res = await s.call('visits:retractEstimate', { visitId: s.visitId, estimateId: e.id, reason: 'Wrong.' });
    expect(res).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/signed/) } });
    expect(s.count('pose_estimate_retractions')).toBe(0);
    expect(() =>
      s.db.prepare(`INSERT INTO pose_estimate_retractions VALUES ('r1', ?, ?, 'raw SQL', ?, '2026-11-27T10:00:00.000Z')`).run(e.id, s.visitId, s.actor),
    ).toThrow(/visit is signed/);
    // Still in the signed visit's list and exports.
    expect(await s.call('visits:estimates', { visitId: s.visitId })).toMatchObject({ ok: true, value: [{ id: e.id }] });
    expect((await s.exports()).note).toContain(`${e.value} degrees`);
  });

  it('refuses bad requests with a reason and writes nothing', async () => {
    const s = await setup();
    const e = await s.attach(50);
    const other = (await s.services.visits.schedule({ patientId: (await s.services.visits.get(s.visitId)).patientId, scheduledStart: '2026-11-28T09:30:00Z', durationMinutes: 20 })).id;
    const audits = s.count('audit_log');
    const bad: [string, Record<string, unknown>, RegExp][] = [
      ['no reason', { reason: '   ' }, /VALIDATION|INVALID_REQUEST/],
      ['reason too long', { reason: 'x'.repeat(501) }, /VALIDATION|INVALID_REQUEST/],
      ['not an id', { estimateId: 'abc' }, /VALIDATION|INVALID_REQUEST/],
      ['extra key', { value: 3 }, /VALIDATION|INVALID_REQUEST/],
      ['unknown estimate', { estimateId: s.visitId }, /NOT_FOUND/],
      ['estimate of another visit', { visitId: other }, /NOT_FOUND/],
    ];
    for (const [why, patch, code] of bad) {
      const res = (await s.call('visits:retractEstimate', { visitId: s.visitId, estimateId: e.id, reason: 'Half turned.', ...patch })) as { ok: boolean; error?: { code: string } };
      expect(res.ok, why).toBe(false);
      expect(res.error?.code, why).toMatch(code);
    }
    expect(s.count('pose_estimate_retractions')).toBe(0);
    expect(s.count('audit_log')).toBe(audits);

    // Once only: a second retraction of the same estimate is refused, by the service and by the table.
    expect(await s.call('visits:retractEstimate', { visitId: s.visitId, estimateId: e.id, reason: 'Half turned.' })).toMatchObject({ ok: true });
    expect(await s.call('visits:retractEstimate', { visitId: s.visitId, estimateId: e.id, reason: 'Again.' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(() => s.db.prepare(`INSERT INTO pose_estimate_retractions VALUES ('r2', ?, ?, 'again', ?, '2026-11-27T10:00:00.000Z')`).run(e.id, s.visitId, s.actor)).toThrow(/UNIQUE/);
    // Raw SQL naming an estimate of another visit is refused by the trigger.
    expect(() => s.db.prepare(`INSERT INTO pose_estimate_retractions VALUES ('r3', ?, ?, 'x', ?, '2026-11-27T10:00:00.000Z')`).run(e.id, other, s.actor)).toThrow(/same visit/);
    // Never changed, never deleted.
    expect(() => s.db.prepare(`UPDATE pose_estimate_retractions SET reason = 'edited'`).run()).toThrow(/never changed/);
    expect(() => s.db.prepare(`DELETE FROM pose_estimate_retractions`).run()).toThrow(/never deleted/);
    expect(s.count('pose_estimate_retractions')).toBe(1);
  });
});
