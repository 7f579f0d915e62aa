/**
 * Issue 16, item 7: reviewing checklists across visits, through the real IPC
 * dispatcher, services and a real SQLite file. Two patients with several
 * visits each: the room's earlier findings are the same patient's signed
 * visits only, before this one, at most HISTORY_VISITS, in one SQL read;
 * home's history and the side-by-side view refuse bad ids with a clear error
 * and change nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { WARNING_SIGN_IDS, type Observation } from '../../../shared/clinical';
import { HISTORY_VISITS, type PreviousFindings, type VisitComparison, type VisitHistory } from '../../../shared/domain/visit-history';
import { forwardBendAngle } from '../../../shared/pose/geometry';
import { poseMeasures } from '../../../shared/pose/measures-content';
import { validPatient } from '../../support/db';
import { openServicesHarness } from '../../support/services';
import { countStatements } from '../../support/statement-counter';
import { sequence } from '../../shared/pose/skeleton';

// One store for the whole file (signing eight visits is slow on a loaded machine); the reads change nothing, and the lock test runs last.
let cleanup: (() => void) | undefined;
afterAll(() => cleanup?.());

type Harness = Awaited<ReturnType<typeof openServicesHarness>>;

function bendEstimate() {
  const frames = sequence(3000, 20, (t) => ({ trunkDeg: 50 * Math.sin((Math.PI * t) / 3000) }));
  const r = forwardBendAngle(frames, poseMeasures.thresholds);
  if (r.value === null) throw new Error(r.reason);
  return r;
}

async function newPatient(h: Harness, childName: string): Promise<string> {
  const res = (await h.call('patients:create', { ...validPatient, childName })) as { ok: true; value: { id: string } };
  return res.value.id;
}

/** A visit with the given findings; signed (tier E) unless `open`. */
async function visit(
  h: Harness,
  patientId: string,
  day: string,
  findings: Record<string, Observation>,
  options: { open?: boolean; estimate?: boolean } = {},
): Promise<string> {
  const v = await h.services.visits.schedule({ patientId, scheduledStart: `${day}T09:30:00Z`, durationMinutes: 20 });
  await h.services.intakes.save(v.id, JSON.stringify({ onsetDate: '2026-10-01', warningSigns: Object.fromEntries(WARNING_SIGN_IDS.map((id) => [id, 'no'])) }), 'en', 'family');
  let state = await h.services.visitRoom.open(v.id, h.actor);
  for (const [maneuverId, values] of Object.entries(findings)) state = await h.services.visitRoom.recordObservation(v.id, maneuverId, values, h.actor);
  if (options.estimate) {
    const r = bendEstimate();
    const res = await h.call('visits:attachEstimate', {
      visitId: v.id, maneuverId: 'lumbar-flexion', measure: r.measure, value: r.value, unit: r.unit, confidence: r.confidence,
      model: 'MediaPipe Pose lite', summary: r.summary,
    });
    expect(res).toMatchObject({ ok: true });
  }
  if (options.open) return v.id;
  for (const f of state.flags.filter((x) => x.state === 'not_screened')) state = await h.services.visitRoom.assessFlag(v.id, { flagId: f.id, state: 'absent' }, h.actor);
  await h.services.visitRoom.decide(v.id, { tier: 'E', familyTold: 'Rest.', rationale: 'Improving over several visits; reviewed on video.' }, h.actor);
  await h.services.visitRoom.confirmFamilyAnswers(v.id, h.actor);
  await h.services.visitRoom.skipNotExamined(v.id, 'Short visit.', h.actor);
  const signed = await h.services.visitRoom.sign(v.id, h.actor).catch((e: { fields?: unknown }) => {
    throw new Error(JSON.stringify(e.fields));
  });
  expect(signed.visit.status).toBe('signed');
  return v.id;
}

let shared: ReturnType<typeof build> | undefined;
const setup = () => (shared ??= build());

/** Patient Ana: four signed visits, one unsigned earlier visit, today's open visit. Patient Ben: two signed visits on the same days. */
async function build() {
  const h = await openServicesHarness({ idSeed: 716 });
  cleanup = h.close;
  const ana = await newPatient(h, 'Ana Follow');
  const ben = await newPatient(h, 'Ben Other');
  const a1 = await visit(h, ana, '2026-09-01', { 'lumbar-flexion': { result: 'painful', pain: { scale: 'NRS-11', score: 7 } }, gait: { result: 'limp' } }, { estimate: true });
  const b1 = await visit(h, ben, '2026-09-01', { 'lumbar-flexion': { result: 'unable' }, 'heel-walk': { result: 'asymmetric', side: 'left' } });
  const a2 = await visit(h, ana, '2026-09-15', { 'lumbar-flexion': { result: 'limited', pain: { scale: 'NRS-11', score: 5 } } });
  const aUnsigned = await visit(h, ana, '2026-10-01', { 'lumbar-flexion': { result: 'full' } }, { open: true });
  const a3 = await visit(h, ana, '2026-10-15', { 'lumbar-flexion': { result: 'limited', pain: { scale: 'NRS-11', score: 3 } } });
  const b2 = await visit(h, ben, '2026-11-01', { 'lumbar-flexion': { result: 'painful', pain: { scale: 'NRS-11', score: 9 } } });
  const a4 = await visit(h, ana, '2026-11-01', { 'lumbar-flexion': { result: 'full', pain: { scale: 'NRS-11', score: 1 } }, gait: { result: 'normal' } });
  const today = await visit(h, ana, '2026-11-27', { 'lumbar-flexion': { result: 'full' } }, { open: true });
  const audits = () => (h.db.prepare(`SELECT count(*) AS n FROM audit_log`).get() as { n: number }).n;
  return { ...h, ana, ben, a1, a2, a3, a4, aUnsigned, b1, b2, today, audits };
}

const ok = <T>(res: unknown): T => {
  expect(res).toMatchObject({ ok: true });
  return (res as { value: T }).value;
};

describe('earlier findings beside today’s', () => {
  it('are the same patient’s signed visits before this one, newest first, at most HISTORY_VISITS, with finding, side, pain, estimate and tier', async () => {
    const s = await setup();
    const got = ok<PreviousFindings>(await s.call('visits:previousFindings', { visitId: s.today }));
    expect(HISTORY_VISITS).toBe(3);
    expect(got.patientId).toBe(s.ana);
    expect(got.limit).toBe(HISTORY_VISITS);
    // a4, a3, a2: a1 is beyond the bound, the unsigned visit does not count, Ben's visits never appear
    expect(got.previous.map((p) => p.visitId)).toEqual([s.a4, s.a3, s.a2]);
    const all = JSON.stringify(got);
    for (const other of [s.b1, s.b2, s.ben, s.aUnsigned, s.a1]) expect(all).not.toContain(other);
    expect(got.previous.every((p) => p.status === 'signed' && p.tier === 'E' && p.signedAt)).toBe(true);
    expect(got.previous[0]!.findings['lumbar-flexion']).toMatchObject({ result: 'normal', painScore: 1, painScale: 'NRS-11', values: { result: 'full' } });
    expect(got.previous[0]!.findings.gait).toMatchObject({ result: 'normal', values: { result: 'normal' } });
    expect(got.previous[1]!.findings['lumbar-flexion']).toMatchObject({ result: 'abnormal', painScore: 3, values: { result: 'limited' } });
    // skipped at signing ("Short visit."): recorded as not assessed, with the reason
    expect(got.previous[1]!.findings.gait).toMatchObject({ result: 'not_tested', values: { result: 'not_assessed', note: 'Short visit.' } });
    // Ben's side-bound finding is his alone
    expect(got.previous.some((p) => p.findings['heel-walk']?.values.result === 'asymmetric')).toBe(false);
  });

  it('a signed visit shows only what came before it, with the camera estimate attached there', async () => {
    const s = await setup();
    const got = ok<PreviousFindings>(await s.call('visits:previousFindings', { visitId: s.a2 }));
    expect(got.previous.map((p) => p.visitId)).toEqual([s.a1]);
    const flexion = got.previous[0]!.findings['lumbar-flexion']!;
    expect(flexion).toMatchObject({ result: 'abnormal', side: 'not_applicable', painScore: 7, values: { result: 'painful' } });
    expect(flexion.estimates).toHaveLength(1);
    expect(flexion.estimates[0]).toMatchObject({ measure: 'forward-bend-trunk-angle', label: 'Forward-bend trunk angle', unit: 'degrees' });
    expect(flexion.estimates[0]!.value).toBeCloseTo(50, 0);
    expect(got.previous[0]!.findings.gait?.estimates).toEqual([]);
  });

  it('a first visit has none (the empty state), and the other patient sees only his own', async () => {
    const s = await setup();
    expect(ok<PreviousFindings>(await s.call('visits:previousFindings', { visitId: s.a1 })).previous).toEqual([]);
    const ben = ok<PreviousFindings>(await s.call('visits:previousFindings', { visitId: s.b2 }));
    expect(ben.patientId).toBe(s.ben);
    expect(ben.previous.map((p) => p.visitId)).toEqual([s.b1]);
    expect(ben.previous[0]!.findings['heel-walk']).toMatchObject({ result: 'abnormal', side: 'left', values: { result: 'asymmetric', side: 'left' } });
  });

  it('is one SQL read, and writes nothing', async () => {
    const s = await setup();
    const before = s.audits();
    const counter = countStatements(s.db);
    try {
      counter.reset();
      const got = await s.services.visitHistory.previousFindings(s.today);
      expect(got.previous).toHaveLength(3);
      expect(counter.log).toHaveLength(1);
      expect(counter.log[0]).toMatch(/^ ?WITH cur AS/);
      counter.reset();
      await s.services.visitHistory.compare(s.a1, s.a4);
      expect(counter.count).toBe(1);
    } finally {
      counter.restore();
    }
    expect(s.audits()).toBe(before);
  });

  it('the bound is a parameter: a larger one reaches the first visit, never another patient’s', async () => {
    const s = await setup();
    const got = await s.services.visitHistory.previousFindings(s.today, 10);
    expect(got.previous.map((p) => p.visitId)).toEqual([s.a4, s.a3, s.a2, s.a1]);
    await expect(s.services.visitHistory.previousFindings(s.today, 0)).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe('a patient’s visit history and two visits side by side', () => {
  it('lists the patient’s visits newest first with status and tier, and audits the read', async () => {
    const s = await setup();
    const before = s.audits();
    const got = ok<VisitHistory>(await s.call('patients:visitHistory', { patientId: s.ana }));
    expect(got.visits.map((v) => v.visitId)).toEqual([s.today, s.a4, s.a3, s.aUnsigned, s.a2, s.a1]);
    expect(got.truncated).toBe(false);
    expect(got.visits[0]).toMatchObject({ status: 'in_progress', tier: null, signedAt: null, recorded: 1 });
    expect(got.visits[1]).toMatchObject({ status: 'signed', tier: 'E' });
    expect(JSON.stringify(got)).not.toContain(s.b1);
    const audit = s.db.prepare(`SELECT action, entity_id, detail_json FROM audit_log ORDER BY seq DESC LIMIT 1`).get() as { action: string; entity_id: string; detail_json: string };
    expect(s.audits()).toBe(before + 1);
    expect(audit).toMatchObject({ action: 'patient.read', entity_id: s.ana });
    expect(audit.detail_json).toContain('visit_history');
  });

  it('compares two visits of one patient, the earlier first, whatever order they are picked in', async () => {
    const s = await setup();
    const got = ok<VisitComparison>(await s.call('visits:compare', { firstVisitId: s.a4, secondVisitId: s.a1 }));
    expect(got.patientId).toBe(s.ana);
    expect(got.earlier.visitId).toBe(s.a1);
    expect(got.later.visitId).toBe(s.a4);
    expect(got.earlier.findings['lumbar-flexion']?.painScore).toBe(7);
    expect(got.later.findings['lumbar-flexion']?.painScore).toBe(1);
    // an open visit can be compared too (today's findings so far)
    const open = ok<VisitComparison>(await s.call('visits:compare', { firstVisitId: s.a4, secondVisitId: s.today }));
    expect(open.later).toMatchObject({ visitId: s.today, status: 'in_progress', tier: null });
  });

  it('bad ids get a clear error and change nothing', async () => {
    const s = await setup();
    const before = s.audits();
    const missing = '00000000-0000-4000-8000-00000000ffff';
    const cases: [string, unknown, string, RegExp][] = [
      ['visits:previousFindings', { visitId: 'not-an-id' }, 'INVALID_REQUEST', /./],
      ['visits:previousFindings', {}, 'INVALID_REQUEST', /./],
      ['visits:previousFindings', { visitId: s.today, limit: 100 }, 'INVALID_REQUEST', /./],
      ['visits:previousFindings', { visitId: missing }, 'NOT_FOUND', /That visit was not found/],
      ['patients:visitHistory', { patientId: 'x' }, 'INVALID_REQUEST', /./],
      ['patients:visitHistory', { patientId: missing }, 'NOT_FOUND', /That patient was not found/],
      ['patients:visitHistory', { patientId: s.today }, 'NOT_FOUND', /That patient was not found/],
      ['visits:compare', { firstVisitId: s.a1 }, 'INVALID_REQUEST', /./],
      ['visits:compare', { firstVisitId: s.a1, secondVisitId: 42 }, 'INVALID_REQUEST', /./],
      ['visits:compare', { firstVisitId: s.a1, secondVisitId: s.a1 }, 'VALIDATION', /Pick two different visits/],
      ['visits:compare', { firstVisitId: s.a1, secondVisitId: missing }, 'NOT_FOUND', /That visit was not found/],
      ['visits:compare', { firstVisitId: s.a1, secondVisitId: s.b1 }, 'VALIDATION', /same patient/],
      ['visits:compare', { firstVisitId: s.ana, secondVisitId: s.ben }, 'NOT_FOUND', /That visit was not found/],
    ];
    for (const [channel, payload, code, message] of cases) {
      const res = await s.call(channel, payload);
      expect(res, `${channel} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(message) } });
      // never another patient's data in an error
      expect(JSON.stringify(res)).not.toMatch(/Ana Follow|Ben Other|painful|limited/);
    }
    expect(s.audits()).toBe(before);
  });

  it('a locked console answers LOCKED', async () => {
    const s = await setup();
    await s.call('session:lock', {});
    for (const [channel, payload] of [
      ['visits:previousFindings', { visitId: s.today }],
      ['patients:visitHistory', { patientId: s.ana }],
      ['visits:compare', { firstVisitId: s.a1, secondVisitId: s.a2 }],
    ] as const) {
      expect(await s.call(channel, payload)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    }
  });
});
