/**
 * The family's intake, consent answers and waiting-room arrival, through the
 * signaling connection into the visit store's services, and on to the visit
 * room and the clinical rules.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FamilyConnection } from '../../../electron/main/family/connection';
import { newCounters } from '../../../electron/main/family/counters';
import { setupVideo, storedIntake, validIntake, type VideoHarness } from '../media/harness';
import { FamilyServerMessage } from '../../../shared/signaling/family';
import { IntakeAnswers } from '../../../shared/clinical';

let h: VideoHarness;
afterEach(() => h?.close());

function connect() {
  const sent: FamilyServerMessage[] = [];
  const conn = new FamilyConnection({ send: (t) => sent.push(JSON.parse(t) as FamilyServerMessage), close: () => {} }, { rooms: h.rooms, counters: newCounters() });
  let id = 0;
  return {
    conn,
    sent,
    /** Send a request and return its result. */
    async request(message: Record<string, unknown>) {
      id += 1;
      await conn.receive(JSON.stringify({ ...message, id }));
      return sent.findLast((m) => m.type === 'result' && m.id === id) as Extract<FamilyServerMessage, { type: 'result' }>;
    },
    hello: (role: 'family' | 'caregiver' | 'interpreter' = 'family', lang = 'en') => conn.receive(JSON.stringify({ type: 'hello', token: h.issue(role), lang })),
  };
}

const revisions = () => (h.store.db.prepare(`SELECT count(*) AS n FROM clinical_revisions WHERE entity = 'intake'`).get() as { n: number }).n;


/** A new visit with the family connected, greeted and agreed to video (and to stills as given). */
async function consentedFamily(consent: { stills: boolean }) {
  h = await setupVideo();
  const c = connect();
  await c.hello();
  await c.request({ type: 'consent', video: true, stills: consent.stills });
  return c;
}

describe('the family intake in the visit store', () => {
  it('stores the answers as IntakeAnswers, audited to the family, without the consent', async () => {
    h = await setupVideo();
    const c = connect();
    await c.hello('family', 'es');
    expect(await c.request({ type: 'consent', video: true, stills: true })).toMatchObject({ ok: true });
    expect(await c.request({ type: 'intake', answers: validIntake })).toMatchObject({ ok: true });
    const row = storedIntake(h)!;
    expect(row).toMatchObject({ language: 'es', submitted_by: 'family', version: 1 });
    const answers = JSON.parse(row.answers_json) as unknown;
    expect(IntakeAnswers.safeParse(answers).success).toBe(true);
    expect(answers).toEqual(validIntake);
    expect(answers).not.toHaveProperty('consent');
    const audit = await h.store.services.audit.rowsFor(h.visitId);
    expect(audit.filter((r) => r.entity === 'intake')).toEqual([expect.objectContaining({ actor: 'family', action: 'visit.change' })]);
  });

  it('a form with blank fields is stored without them, trimmed', async () => {
    const c = await consentedFamily({ stills: false });
    const form = { symptoms: '  Sore back  ', onsetDate: '', betterWorse: '', medicines: '', questions: '', warningSigns: { fever: 'no' } };
    expect(await c.request({ type: 'intake', answers: form })).toMatchObject({ ok: true });
    expect(JSON.parse(storedIntake(h)!.answers_json)).toEqual({ symptoms: 'Sore back', warningSigns: { fever: 'no' } });
  });

  it('refuses answers the clinical schema refuses (unknown warning sign, bad date, bad pain score), and stores nothing', async () => {
    const c = await consentedFamily({ stills: false });
    for (const answers of [
      { ...validIntake, warningSigns: { 'made-up-sign': 'yes' } },
      { ...validIntake, onsetDate: 'last week' },
      { ...validIntake, painScore: { scale: 'NRS-11', score: 11 } },
      { ...validIntake, consent: { video: true, stills: true } },
    ]) {
      expect(await c.request({ type: 'intake', answers })).toMatchObject({ ok: false, error: { code: 'INVALID' } });
    }
    expect(storedIntake(h)).toBeUndefined();
  });

  it('an onset date before the birth or after today is refused by name, so the page can say so beside the field, and nothing is stored', async () => {
    const c = await consentedFamily({ stills: false });
    for (const onsetDate of ['1990-01-01', '2999-01-01']) {
      const result = await c.request({ type: 'intake', answers: { ...validIntake, onsetDate } });
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID', fields: ['onsetDate'] } });
      // Only the field's name goes to the page: not the value, not the clinician's wording.
      expect(JSON.stringify(result)).not.toContain(onsetDate);
      expect(FamilyServerMessage.safeParse(result).success).toBe(true);
    }
    expect(storedIntake(h)).toBeUndefined();
  });

  it('a second submission (a correction before the visit) is a new version; the first is kept in the history', async () => {
    const c = await consentedFamily({ stills: true });
    expect(await c.request({ type: 'intake', answers: validIntake })).toMatchObject({ ok: true });
    const corrected = { ...validIntake, symptoms: 'Worse today, and a fever', warningSigns: { ...validIntake.warningSigns, fever: 'yes' } };
    expect(await c.request({ type: 'intake', answers: corrected })).toMatchObject({ ok: true });
    // A reload of the page (resume) and a third submission works the same way.
    const welcome = c.sent.find((m) => m.type === 'welcome') as Extract<FamilyServerMessage, { type: 'welcome' }>;
    c.conn.close(1006, 'reload');
    const again = connect();
    await again.conn.receive(JSON.stringify({ type: 'resume', resumeKey: welcome.resumeKey, lang: 'en' }));
    expect(again.sent[0]).toMatchObject({ type: 'welcome', intakeSubmitted: true });
    expect(await again.request({ type: 'intake', answers: { ...corrected, questions: 'Can she still swim?' } })).toMatchObject({ ok: true });
    const row = storedIntake(h)!;
    expect(row.version).toBe(3);
    expect(JSON.parse(row.answers_json)).toMatchObject({ symptoms: 'Worse today, and a fever', questions: 'Can she still swim?', warningSigns: { fever: 'yes' } });
    expect(revisions()).toBe(2);
    const audit = (await h.store.services.audit.rowsFor(h.visitId)).filter((r) => r.entity === 'intake');
    expect(audit.map((r) => r.actor)).toEqual(['family', 'family', 'family']);
  });

  it('never replaces an intake the clinician entered', async () => {
    h = await setupVideo();
    const clinicianId = h.store.services.session.requireActor();
    await h.store.services.intakes.save(h.visitId, JSON.stringify({ symptoms: 'Typed in by the clinician', warningSigns: {} }), 'en', 'clinician', clinicianId);
    const c = connect();
    await c.hello();
    await c.request({ type: 'consent', video: true, stills: false });
    expect(await c.request({ type: 'intake', answers: validIntake })).toMatchObject({ ok: true });
    expect(JSON.parse(storedIntake(h)!.answers_json)).toEqual({ symptoms: 'Typed in by the clinician', warningSigns: {} });
  });

  it('answers only from the family link: an interpreter cannot write the intake', async () => {
    h = await setupVideo();
    const c = connect();
    await c.hello('interpreter');
    await c.request({ type: 'consent', video: true, stills: false });
    expect(await c.request({ type: 'intake', answers: validIntake })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(storedIntake(h)).toBeUndefined();
    expect(await c.request({ type: 'ready' })).toMatchObject({ ok: true });
  });

  it('a signed visit takes no answers, and the family is told in plain words', async () => {
    h = await setupVideo();
    h.store.db.exec(`DROP TRIGGER IF EXISTS visits_close_gate; DROP TRIGGER IF EXISTS visits_close_gate_0018`);
    h.store.db.exec(`DROP TRIGGER IF EXISTS visits_status_follows_life`);
    h.store.db.prepare(`UPDATE visits SET status = 'signed' WHERE id = ?`).run(h.visitId);
    const c = connect();
    await c.hello();
    await c.request({ type: 'consent', video: true, stills: false });
    expect(await c.request({ type: 'intake', answers: validIntake })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'This visit can no longer be changed.' },
    });
    expect(storedIntake(h)).toBeUndefined();
  });

  it('is what the visit room shows, and drives the derived flags (fever "yes" → present, from the family intake)', async () => {
    const c = await consentedFamily({ stills: true });
    const answers = { ...validIntake, warningSigns: { ...validIntake.warningSigns, fever: 'yes' } };
    expect(await c.request({ type: 'intake', answers })).toMatchObject({ ok: true });
    const room = h.store.services.visitRoom;
    const state = await room.state(h.visitId);
    expect(state.intake).toMatchObject({ submittedBy: 'family', language: 'en', answers: { symptoms: validIntake.symptoms, warningSigns: { fever: 'yes' } } });
    expect(state.intake?.answers.painScore).toEqual({ scale: 'NRS-11', score: 4 });
    expect(state.flags.find((f) => f.id === 'fever')).toMatchObject({ state: 'present', source: 'family_intake' });
    expect(state.flags.find((f) => f.id === 'night-pain')).toMatchObject({ source: 'family_intake' });
    expect(state.gate.decisionRequired).toBe(true);
    // Opening the room as the clinician writes the derived flag, so the store's close gate sees it too.
    await room.open(h.visitId, h.store.services.session.requireActor());
    const stored = (await h.store.services.record.getVisitRecord(h.visitId)).flagAssessments.find((a) => a.flagId === 'fever');
    expect(stored).toMatchObject({ state: 'present', source: 'family_intake' });
  });

  it('entering the waiting room moves the visit scheduled → waiting, as the system, once', async () => {
    h = await setupVideo();
    const status = async () => (await h.store.services.record.getVisitRecord(h.visitId)).visit.status;
    const c = connect();
    await c.hello();
    await c.request({ type: 'consent', video: true, stills: false });
    await c.request({ type: 'intake', answers: validIntake });
    expect(await status()).toBe('scheduled');
    expect(await c.request({ type: 'ready' })).toMatchObject({ ok: true });
    expect(c.conn.phase).toBe('waiting');
    expect(await status()).toBe('waiting');
    const moves = (await h.store.services.audit.rowsFor(h.visitId)).filter((r) => r.action === 'visit.status');
    expect(moves).toEqual([expect.objectContaining({ actor: 'system' })]);
    // A second person arriving later (the visit already in progress) leaves the status alone.
    await h.store.services.record.setStatus(h.visitId, 'in_progress', h.store.services.session.requireActor());
    const second = connect();
    await second.hello('caregiver');
    await second.request({ type: 'consent', video: true, stills: false });
    expect(await second.request({ type: 'ready' })).toMatchObject({ ok: true });
    expect(await status()).toBe('in_progress');
  });
});
