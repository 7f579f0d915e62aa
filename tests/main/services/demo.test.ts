import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../electron/main/ipc/handlers';
import { createDispatcher } from '../../../electron/main/ipc/dispatch';
import { validPatient } from '../../support/db';
import { openServicesHarness } from '../../support/services';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function setup() {
  const h = await openServicesHarness({ idSeed: 9 });
  cleanup = h.close;
  return h;
}

describe('demo service', () => {
  it('creates a marked demo patient with a visit today and the family answers, shown with isDemo in the visit list', async () => {
    const { services, actor, db } = await setup();
    const demo = await services.demo.create(actor);
    const row = db.prepare(`SELECT is_demo, hidden_at FROM patients WHERE id = ?`).get(demo.patientId);
    expect(row).toEqual({ is_demo: 1, hidden_at: null });
    const list = await services.visits.list({});
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id: demo.visitId, isDemo: true, status: 'scheduled' });
    expect(list.items[0]!.scheduledStart.slice(0, 10)).toBe('2026-11-27');
    const state = await services.visitRoom.state(demo.visitId);
    expect(state.patient.isDemo).toBe(true);
    expect(state.intake?.answers.warningSigns['fever']).toBe('no');
  });

  it('removing hides the demo patient from every list and deletes nothing; real patients cannot be removed', async () => {
    const { services, actor, db } = await setup();
    const demo = await services.demo.create(actor);
    const real = await services.patients.create(validPatient);
    await services.visits.schedule({ patientId: real.id, scheduledStart: '2026-11-27T11:00:00Z', durationMinutes: 20 });
    const hidden = await services.demo.hide(demo.patientId, actor);
    expect(hidden.hiddenAt).toBe('2026-11-27T10:00:00.000Z');
    expect((await services.visits.list({})).items.map((v) => v.patientId)).toEqual([real.id]);
    expect((await services.visits.list({ search: 'demo' })).items).toEqual([]);
    expect((await services.patients.list({})).map((p) => p.id)).toEqual([real.id]);
    expect((await services.patients.list({ search: 'sam' })).map((p) => p.id)).toEqual([]);
    // Nothing was deleted: the rows are still there.
    expect((db.prepare(`SELECT count(*) AS n FROM visits WHERE patient_id = ?`).get(demo.patientId) as { n: number }).n).toBe(1);
    expect((db.prepare(`SELECT count(*) AS n FROM intakes WHERE visit_id = ?`).get(demo.visitId) as { n: number }).n).toBe(1);
    await expect(services.demo.hide(real.id, actor)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((db.prepare(`SELECT hidden_at FROM patients WHERE id = ?`).get(real.id) as { hidden_at: string | null }).hidden_at).toBeNull();
  });

  it('the demo and peek channels answer LOCKED while the console is locked', async () => {
    const { services, actor } = await setup();
    const demo = await services.demo.create(actor);
    const dispatch = createDispatcher({
      appOrigin: 'app://console',
      handlers: createHandlers(services, { appName: 'x', appVersion: '1', contentVersion: null }),
    });
    const sender = { frameUrl: 'app://console/index.html', isTopFrame: true, isKnownWindow: true };
    const peek = await dispatch(sender, 'visits:peek', { visitId: demo.visitId });
    expect(peek.ok).toBe(true);
    await services.session.lock();
    for (const [channel, payload] of [
      ['demo:create', {}],
      ['demo:hide', { patientId: demo.patientId }],
      ['visits:peek', { visitId: demo.visitId }],
    ] as const) {
      const result = await dispatch(sender, channel, payload);
      expect(result).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    }
  });
});
