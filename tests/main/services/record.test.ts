import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/ipc/errors';
import { createJoinTokenRepository } from '../../../electron/main/store/join-tokens';
import { assessAllAbsent, fakeJpeg, openRecordStore, readyToSign, SENTINEL_NAME, TEST_FLAGS, TEST_PASSCODE } from '../../support/record';

let store: Awaited<ReturnType<typeof openRecordStore>>;
afterEach(() => store?.close());

async function caught(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}
const count = (table: string) => (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('clinicians', () => {
  it('stores a scrypt hash with a per-user salt and verifies the passcode', async () => {
    store = await openRecordStore();
    const other = await store.services.clinicians.create({ displayName: 'Dr. Two', credentials: 'NP', passcode: TEST_PASSCODE });
    const hashes = store.db.prepare('SELECT passcode_hash FROM clinicians').all() as { passcode_hash: string }[];
    expect(hashes).toHaveLength(2);
    expect(hashes[0]!.passcode_hash).not.toBe(hashes[1]!.passcode_hash); // different salts
    expect(JSON.stringify(hashes)).not.toContain(TEST_PASSCODE);
    expect(await store.services.clinicians.verifyPasscode(other.id, TEST_PASSCODE)).toBe(true);
    expect(await store.services.clinicians.verifyPasscode(other.id, 'wrong passcode')).toBe(false);
    expect(await store.services.clinicians.verifyPasscode('00000000-0000-4000-8000-0000000fffff', TEST_PASSCODE)).toBe(false);
  });

  it('refuses a short passcode with a field message', async () => {
    store = await openRecordStore();
    const e = await caught(store.services.clinicians.create({ displayName: 'X', credentials: '', passcode: '123' }));
    expect(e.fieldMessage('passcode')).toMatch(/at least/);
  });
});

describe('visit status', () => {
  it('follows scheduled → waiting → in progress → awaiting decision and records the actual times', async () => {
    store = await openRecordStore({ status: 'awaiting_decision' });
    const v = (await store.services.record.getVisitRecord(store.visitId)).visit;
    expect(v.status).toBe('awaiting_decision');
    expect(v.startedAt).toBe('2026-11-27T10:00:00.000Z');
    expect(v.endedAt).toBe('2026-11-27T10:00:00.000Z');
    expect(v.createdBy).toBe(store.clinicianId);
  });

  it('refuses a skipped step with CONFLICT', async () => {
    store = await openRecordStore({ status: 'scheduled' });
    const e = await caught(store.services.record.setStatus(store.visitId, 'awaiting_decision', store.clinicianId));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/scheduled cannot move to awaiting decision/);
  });

  it('refuses clinical writes from someone who is not a signed-in clinician', async () => {
    store = await openRecordStore();
    const e = await caught(
      store.services.record.addObservation(store.visitId, { maneuverId: 'forward-bend', result: 'normal', side: 'midline' }, 'nobody'),
    );
    expect(e.code).toBe('LOCKED');
  });
});

describe('observations', () => {
  it('adds, edits and retracts before signing, keeping every earlier version', async () => {
    store = await openRecordStore();
    const r = store.services.record;
    const o = await r.addObservation(
      store.visitId,
      { maneuverId: 'forward-bend', result: 'abnormal', side: 'midline', painScore: 6, painScale: 'nrs-11', note: 'Stops halfway' },
      store.clinicianId,
    );
    expect(o).toMatchObject({ version: 1, painScore: 6, painScale: 'nrs-11', author: store.clinicianId, retracted: false });
    const edited = await r.updateObservation(o.id, { painScore: 4 }, store.clinicianId);
    expect(edited.version).toBe(2);
    await r.retractObservation(o.id, store.clinicianId);
    const revisions = await r.revisions(store.visitId);
    expect(revisions.map((x) => [x.entity, x.version, x.old.pain_score])).toEqual([
      ['observation', 1, 6],
      ['observation', 2, 4],
    ]);
    const record = await r.getVisitRecord(store.visitId);
    expect(record.observations).toHaveLength(1);
    expect(record.observations[0]).toMatchObject({ retracted: true, painScore: 4, version: 3 });
  });

  it('refuses a pain score without its scale, and a score out of range', async () => {
    store = await openRecordStore();
    const e = await caught(
      store.services.record.addObservation(store.visitId, { maneuverId: 'walk', result: 'normal', side: 'both', painScore: 12 }, store.clinicianId),
    );
    expect(e.code).toBe('VALIDATION');
    expect(e.fieldMessage('painScore')).toMatch(/0 to 10/);
    expect(e.fieldMessage('painScale')).toBeDefined();
    expect(count('observations')).toBe(0);
  });

  it('refuses a stale edit when an expected version is given', async () => {
    store = await openRecordStore();
    const r = store.services.record;
    const o = await r.addObservation(store.visitId, { maneuverId: 'walk', result: 'normal', side: 'both' }, store.clinicianId);
    await r.updateObservation(o.id, { note: 'first' }, store.clinicianId, 1);
    const e = await caught(r.updateObservation(o.id, { note: 'second' }, store.clinicianId, 1));
    expect(e.code).toBe('CONFLICT');
  });
});

describe('the close gate in the service', () => {
  it('lists every blocking reason, in words, with GATE_BLOCKED', async () => {
    store = await openRecordStore({ status: 'in_progress' });
    await store.services.record.assessFlag(store.visitId, { flagId: 'flag-fever', state: 'present', source: 'clinician' }, store.clinicianId);
    const e = await caught(store.services.record.sign(store.visitId, store.clinicianId));
    expect(e.code).toBe('GATE_BLOCKED');
    const reasons = e.fields.map((f) => f.message);
    expect(e.fields.every((f) => f.path === 'gate')).toBe(true);
    expect(reasons).toEqual([
      'End the call and move the visit to “awaiting decision” first (it is in progress).',
      // The shared gate's words (shared/clinical/gate.ts), the same the visit room shows; a test catalog flag has no tier (D).
      '"Pain at night that wakes the child" has not been screened: ask or observe, then mark it present, absent or could not assess.',
      '"New bladder or bowel problems" has not been screened: ask or observe, then mark it present, absent or could not assess.',
      'Record an escalation decision: the red flags demand at least tier D (prompt in person, imaging considered).',
    ]);
    expect((await store.services.record.getVisitRecord(store.visitId)).visit.status).toBe('in_progress');
  });

  it('needs a written rationale for home care when a flag could not be assessed', async () => {
    store = await openRecordStore({ status: 'awaiting_decision' });
    const r = store.services.record;
    await assessAllAbsent(store);
    await r.assessFlag(store.visitId, { flagId: 'flag-bladder', state: 'could_not_assess', source: 'clinician' }, store.clinicianId);
    await r.decide(store.visitId, { tier: 'E', rationale: '   ' }, store.clinicianId);
    const e = await caught(r.sign(store.visitId, store.clinicianId));
    expect(e.fields.map((f) => f.message)).toEqual([
      'Home care (tier E) was chosen although "New bladder or bowel problems" could not be assessed: write a clinical rationale, or choose tier A to D.',
    ]);
    await r.decide(store.visitId, { tier: 'E', rationale: 'Family will call back tonight; safety-net advice given.' }, store.clinicianId);
    expect((await r.gateStatus(store.visitId)).ok).toBe(true);
    const signed = await r.sign(store.visitId, store.clinicianId);
    expect(signed.visit).toMatchObject({ status: 'signed', signedBy: store.clinicianId, signedCatalogVersion: 'test-catalog-1' });
  });

  it('refuses to sign when no red-flag catalog is loaded', async () => {
    store = await openRecordStore({ status: 'awaiting_decision' });
    store.db.prepare('DELETE FROM catalog_red_flags').run();
    const e = await caught(store.services.record.sign(store.visitId, store.clinicianId));
    expect(e.fields[0]!.message).toMatch(/red-flag checklist is not loaded/);
  });

  it('needs a decision even with every flag absent (the shared gate, and the SQL gate since 0018)', async () => {
    store = await openRecordStore({ status: 'awaiting_decision' });
    await assessAllAbsent(store);
    const e = await caught(store.services.record.sign(store.visitId, store.clinicianId));
    expect(e.fields.map((f) => f.message)).toEqual(['Record an escalation decision (tier A to E).']);
    store.db.prepare(`UPDATE visits SET signed_at = ?, signed_by = ? WHERE id = ?`).run('2026-11-27T10:00:00.000Z', store.clinicianId, store.visitId);
    expect(() => store.db.prepare(`UPDATE visits SET status = 'signed' WHERE id = ?`).run(store.visitId)).toThrow(/no escalation decision/);
  });

  it('signs with every flag absent and home care chosen, and revokes unused join links', async () => {
    store = await openRecordStore({ status: 'awaiting_decision' });
    const links = createJoinTokenRepository(store.db);
    const token = links.issue(store.visitId, new Date('2026-11-27T09:00:00Z'), new Date('2026-11-27T12:00:00Z'), 'family');
    await readyToSign(store);
    await store.services.record.sign(store.visitId, store.clinicianId);
    expect(links.consume(token, new Date('2026-11-27T10:30:00Z'))).toEqual({ ok: false, reason: 'revoked' });
  });
});

describe('a signed visit', () => {
  async function signed() {
    store = await openRecordStore({ status: 'awaiting_decision' });
    const r = store.services.record;
    await r.addObservation(store.visitId, { maneuverId: 'walk', result: 'normal', side: 'both' }, store.clinicianId);
    await assessAllAbsent(store);
    await r.savePlan(
      store.visitId,
      {
        advice: ['stay-active', 'heat'],
        analgesia: [{ drug: 'ibuprofen', doseMg: 300, mgPerKg: 10, intervalHours: 8, maxDosesPer24h: 3, note: null }],
        followUp: { when: 'in 2 weeks if not better', withWhom: 'family doctor', instructions: null },
      },
      store.clinicianId,
    );
    await r.decide(store.visitId, { tier: 'E', familyTold: 'Home care.' }, store.clinicianId);
    await r.sign(store.visitId, store.clinicianId);
    return r;
  }

  it('answers NOT_FOUND for an observation on a visit that does not exist, and writes nothing', async () => {
    store = await openRecordStore();
    const before = (store.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    const e = await caught(store.services.record.addObservation('no-such-visit', { maneuverId: 'walk', result: 'normal', side: 'both' }, store.clinicianId));
    expect(e.code).toBe('NOT_FOUND');
    expect((store.db.prepare('SELECT count(*) AS n FROM observations').get() as { n: number }).n).toBe(0);
    expect((store.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(before);
  });

  it('refuses every change with CONFLICT and points to addenda', async () => {
    const r = await signed();
    const obs = (await r.getVisitRecord(store.visitId)).observations[0]!;
    for (const attempt of [
      r.addObservation(store.visitId, { maneuverId: 'walk', result: 'normal', side: 'both' }, store.clinicianId),
      r.updateObservation(obs.id, { note: 'late' }, store.clinicianId),
      r.assessFlag(store.visitId, { flagId: 'flag-fever', state: 'present', source: 'clinician' }, store.clinicianId),
      r.decide(store.visitId, { tier: 'B' }, store.clinicianId),
      r.savePlan(store.visitId, { advice: [], analgesia: [], followUp: { when: null, withWhom: null, instructions: null } }, store.clinicianId),
      r.setStatus(store.visitId, 'in_progress', store.clinicianId),
      store.services.intakes.save(store.visitId, '{}', 'en', 'family'),
    ]) {
      const e = await caught(attempt);
      expect(e.code).toBe('CONFLICT');
      expect(e.message).toMatch(/addendum/);
    }
  });

  it('takes an addendum linked to the entry it corrects, with author, time and reason', async () => {
    const r = await signed();
    const obs = (await r.getVisitRecord(store.visitId)).observations[0]!;
    const a = await r.addAddendum(
      store.visitId,
      { reason: 'Wrong side recorded', text: 'Pain was on the left side.', corrects: { entity: 'observation', id: obs.id } },
      store.clinicianId,
    );
    expect(a).toMatchObject({ author: store.clinicianId, createdAt: '2026-11-27T10:00:00.000Z', corrects: { entity: 'observation', id: obs.id } });
    const e = await caught(
      r.addAddendum(store.visitId, { reason: 'x', text: 'y', corrects: { entity: 'observation', id: 'not-this-visit' } }, store.clinicianId),
    );
    expect(e.fieldMessage('corrects')).toMatch(/not part of this visit/);
  });

  it('refuses an addendum on a visit that is not signed yet', async () => {
    store = await openRecordStore();
    const e = await caught(store.services.record.addAddendum(store.visitId, { reason: 'r', text: 't' }, store.clinicianId));
    expect(e.code).toBe('CONFLICT');
  });
});

describe('still images', () => {
  it('needs the family’s consent first, and stops after it is withdrawn', async () => {
    store = await openRecordStore();
    const r = store.services.record;
    const e = await caught(r.addImage(store.visitId, { mime: 'image/jpeg', data: fakeJpeg() }, store.clinicianId));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/consent/);
    const consent = await r.recordConsent(store.visitId, { kind: 'still_capture', givenBy: 'guardian_and_patient' }, store.clinicianId);
    const meta = await r.addImage(store.visitId, { mime: 'image/jpeg', data: fakeJpeg(2048), caption: 'Posture' }, store.clinicianId);
    expect(meta).toMatchObject({ byteSize: 2048, consentId: consent.id, capturedBy: store.clinicianId });
    expect((await r.getImage(meta.id)).data.byteLength).toBe(2048);
    await r.withdrawConsent(consent.id, store.clinicianId);
    expect((await caught(r.addImage(store.visitId, { mime: 'image/jpeg', data: fakeJpeg() }, store.clinicianId))).code).toBe('CONFLICT');
    expect(count('still_images')).toBe(1);
  });

  it('refuses a file that is not the stated image type, or too large', async () => {
    store = await openRecordStore();
    const r = store.services.record;
    await r.recordConsent(store.visitId, { kind: 'still_capture', givenBy: 'guardian' }, store.clinicianId);
    expect((await caught(r.addImage(store.visitId, { mime: 'image/png', data: fakeJpeg() }, store.clinicianId))).fieldMessage('mime')).toBeDefined();
    expect((await caught(r.addImage(store.visitId, { mime: 'image/jpeg', data: fakeJpeg(2_000_001) }, store.clinicianId))).fieldMessage('data')).toMatch(/larger/);
  });
});

describe('the visit record', () => {
  it('returns the whole visit as plain objects for the visit room', async () => {
    store = await openRecordStore({ status: 'awaiting_decision' });
    const r = store.services.record;
    await store.services.intakes.save(store.visitId, JSON.stringify({ painWeeks: 1 }), 'es', 'family');
    await r.addObservation(store.visitId, { maneuverId: 'walk', result: 'normal', side: 'both' }, store.clinicianId);
    await r.assessFlag(store.visitId, { flagId: 'flag-fever', state: 'absent', source: 'family_intake' }, 'family');
    await r.decide(store.visitId, { tier: 'D', rationale: 'GP review in a week' }, store.clinicianId);
    const record = await r.openVisit(store.visitId, store.clinicianId);
    expect(record.patient.childName).toBe(SENTINEL_NAME);
    expect(record.guardians).toHaveLength(1);
    expect(record.intake).toMatchObject({ language: 'es', submittedBy: 'family', version: 1 });
    expect(record.flagAssessments).toEqual([expect.objectContaining({ flagId: 'flag-fever', author: 'family', source: 'family_intake' })]);
    expect(record.decision).toMatchObject({ tier: 'D', decidedBy: store.clinicianId });
    expect(record.gate.ok).toBe(false);
    // The two flags not screened, and the family's "no" not yet gone over with them (one reason for the group).
    expect(record.gate.reasons).toHaveLength(TEST_FLAGS.length);
    expect(record.gate.reasons.filter((m) => m.includes("absent only by the family's answers"))).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(record))).toEqual(record); // plain data, safe to send over IPC
  });

  it('refuses a family-sourced clinician assessment', async () => {
    store = await openRecordStore();
    const e = await caught(store.services.record.assessFlag(store.visitId, { flagId: 'flag-fever', state: 'absent', source: 'clinician' }, 'family'));
    expect(e.fieldMessage('source')).toBeDefined();
  });
});

describe('audit rows from the services', () => {
  it('records create, open, change, sign and export with who, what and when, and no patient data', async () => {
    store = await openRecordStore({ status: 'awaiting_decision' });
    const r = store.services.record;
    await r.openVisit(store.visitId, store.clinicianId);
    await readyToSign(store);
    await r.sign(store.visitId, store.clinicianId);
    await r.recordExport(store.visitId, { format: 'pdf' }, store.clinicianId);
    const rows = await store.services.audit.rowsFor(store.visitId);
    expect(rows.map((x) => x.action)).toEqual([
      'visit.create',
      'visit.status',
      'visit.status',
      'visit.status',
      'visit.open',
      'visit.change',
      'visit.sign',
      'visit.export',
    ]);
    expect(rows.every((x) => x.actor === store.clinicianId && x.at === '2026-11-27T10:00:00.000Z')).toBe(true);
    const all = JSON.stringify(store.db.prepare('SELECT * FROM audit_log').all());
    expect(all).not.toContain('Zebulon');
    expect(all).not.toContain('Sentinelname');
    expect(await store.services.audit.verify()).toEqual({ ok: true, rows: expect.any(Number) });
  });
});
