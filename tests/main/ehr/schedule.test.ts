/**
 * Schedule in (issue 12, Deliver 3) against the real test EHR (Medplum's
 * router and in-memory repository, every seeded resource validated against
 * R4) through the fault proxy: appointments of the clinician's Practitioner
 * become local visits with their Patient, guardian and weight; a second pull
 * adds nothing; the EHR's changes follow unless changed here or the visit has
 * started / holds clinical data (then kept and reported); faults stop the pull
 * with a clear reason and change nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppStore } from '../../../electron/main/app-store';
import { createFhirClient } from '../../../electron/main/ehr/fhir-client';
import { createEhrRuntime, EHR_SCOPES, unavailableEhrHandlers } from '../../../electron/main/ehr/ipc';
import { createEhrSettingsStore } from '../../../electron/main/ehr/settings';
import { ehrLinksOf, pullSchedule, scheduleLinks, type ScheduleLimits } from '../../../electron/main/ehr/schedule';
import { createSmartClient } from '../../../electron/main/ehr/smart';
import { createServices } from '../../../electron/main/services';
import { fixedClock } from '../../../electron/main/services/deps';
import { verifyAuditChain } from '../../../electron/main/store/audit';
import { AppError } from '../../../shared/ipc/errors';
import { startFhirServer, type FhirServer } from '../../support/fhir-server/engine';
import { startFaultProxy, type Fault } from '../../support/fhir-server/fault-proxy';
import { testKeyPair } from '../../support/fhir-server/keys';

const NOW = new Date('2026-11-27T12:00:00.000Z');
const NPI = 'http://hl7.org/fhir/sid/us-npi';
const ACTOR = 'clinician-1';
const at = (hoursFromNow: number, from = NOW) => new Date(from.getTime() + hoursFromNow * 3_600_000).toISOString();

type R = { resourceType: string; id?: string } & Record<string, unknown>;

async function startRig() {
  const keys = testKeyPair();
  const server = await startFhirServer({ clientId: 'bptc-console', publicKey: keys.publicKey });
  const faults: Fault[] = [];
  const proxy = await startFaultProxy({
    target: new URL(server.baseUrl).origin,
    plan: (req) => (req.path.startsWith('/fhir/') ? (faults.shift() ?? { kind: 'pass' }) : { kind: 'pass' }),
  });
  server.acceptAudience(`${proxy.origin}/token`);
  // The app's own scopes and clients: one SMART client with its token cache, one FHIR client.
  const smart = createSmartClient({ tokenUrl: `${proxy.origin}/token`, clientId: 'bptc-console', privateKeyPem: keys.privatePem, scope: EHR_SCOPES });
  const client = createFhirClient({ baseUrl: `${proxy.origin}/fhir`, smart, timeoutMs: 1_500 });
  const dir = mkdtempSync(join(tmpdir(), 'bptc-sched-'));
  const db: Database = openAppStore(join(dir, 'visits.sqlite')).db;
  const services = createServices({ db, clock: fixedClock(NOW.toISOString()), newId: () => crypto.randomUUID() });
  // The signed-in clinician who pulls (and, in one test, opens the waiting room).
  db.prepare(`INSERT INTO clinicians (id, display_name, credentials, passcode_hash, created_at) VALUES (?, 'Dr Ada Okafor', 'MD', 'scrypt$x', ?)`).run(ACTOR, NOW.toISOString());
  return {
    server,
    proxy,
    faults,
    client,
    db,
    services,
    pull: (limits: Partial<ScheduleLimits> = {}, identifier = `${NPI}|1234567893`) =>
      pullSchedule({ db, client, practitionerIdentifier: identifier, actor: ACTOR, now: NOW, newId: () => crypto.randomUUID(), limits }),
    async close() {
      await proxy.close();
      await server.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
type Rig = Awaited<ReturnType<typeof startRig>>;

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

/** The EHR's own data: the clinician, another clinician, children with guardians and weights, and appointments. */
async function seedEhr(server: FhirServer, now = NOW) {
  const me = await server.seed({ resourceType: 'Practitioner', identifier: [{ system: NPI, value: '1234567893' }], name: [{ family: 'Okafor', given: ['Ada'] }] });
  const other = await server.seed({ resourceType: 'Practitioner', identifier: [{ system: NPI, value: '1111111112' }], name: [{ family: 'Other' }] });
  const patient = async (name: string, birthDate: string | null, weight: number | null, guardian: string | null) => {
    const p = await server.seed({ resourceType: 'Patient', name: [{ given: [name], family: 'Rivera' }], gender: 'female', ...(birthDate ? { birthDate } : {}) });
    if (guardian) {
      await server.seed({
        resourceType: 'RelatedPerson',
        patient: { reference: `Patient/${p.id}` },
        relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'MTH', display: 'mother' }] }],
        name: [{ text: guardian }],
        // An e-mail in the one plain shape the console keeps for Maria; a list of two for the others (not kept).
        telecom: [{ system: 'phone', value: '+1 555 0100' }, { system: 'email', value: guardian === 'Maria Rivera' ? 'maria.rivera@mail.example.org' : 'a@b.example, c@d.example' }],
      });
    }
    if (weight !== null) {
      await server.seed({
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '29463-7', display: 'Body weight' }] },
        subject: { reference: `Patient/${p.id}` },
        effectiveDateTime: '2026-10-01T09:00:00Z',
        valueQuantity: { value: weight, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
      });
    }
    return p;
  };
  const ana = await patient('Ana', '2015-03-04', 31.5, 'Maria Rivera');
  const ben = await patient('Ben', '2016-05-06', null, 'Paul Rivera'); // no weight in the EHR
  const cal = await patient('Cal', null, 20, 'Rosa Rivera'); // no birth date
  const appt = (p: R, start: string, extra: Record<string, unknown> = {}, who: R = me) =>
    server.seed({
      resourceType: 'Appointment',
      status: 'booked',
      start,
      end: new Date(Date.parse(start) + 20 * 60_000).toISOString(),
      description: 'Back pain follow-up',
      participant: [
        { actor: { reference: `Patient/${p.id}` }, status: 'accepted' },
        { actor: { reference: `Practitioner/${who.id}` }, status: 'accepted' },
      ],
      ...extra,
    });
  const today = await appt(ana, at(2, now));
  const tomorrow = await appt(ana, at(24, now));
  const noWeight = await appt(ben, at(3, now));
  const noBirthDate = await appt(cal, at(4, now));
  const proposed = await appt(ana, at(5, now), { status: 'proposed' });
  await appt(ana, at(6, now), {}, other); // another clinician's: not pulled
  await appt(ana, at(-48, now)); // two days ago: outside the window
  return { me, ana, today, tomorrow, noWeight, noBirthDate, proposed };
}

const count = (db: Database, table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const visitOf = (db: Database, appointmentId: string) =>
  db.prepare(`SELECT v.id, v.scheduled_start, v.duration_minutes, v.reason, v.status FROM visits v JOIN ehr_appointments e ON e.visit_id = v.id WHERE e.appointment_id = ?`).get(appointmentId) as
    | { id: string; scheduled_start: string; duration_minutes: number; reason: string | null; status: string }
    | undefined;
async function updateAppointment(server: FhirServer, id: string, change: Record<string, unknown>) {
  const current = (await server.repo.readResource('Appointment', id)) as unknown as R;
  await server.repo.updateResource({ ...current, ...change } as never);
}

describe('pulling the schedule', () => {
  it('adds the clinician\'s booked appointments with patient, guardian and weight; a second pull adds nothing', async () => {
    rig = await startRig();
    const ehr = await seedEhr(rig.server);
    const first = await rig.pull();
    expect(first).toMatchObject({ added: 2, updated: 0, unchanged: 0, conflicts: 0, skipped: 3, truncated: false });
    const skipped = first.items.filter((i) => i.outcome === 'skipped');
    expect(skipped.find((i) => i.appointmentId === ehr.noWeight.id)!.message).toMatch(/no body weight \(LOINC 29463-7/);
    expect(skipped.find((i) => i.appointmentId === ehr.noBirthDate.id)!.message).toMatch(/birthDate: no complete birth date/);
    expect(skipped.find((i) => i.appointmentId === ehr.proposed.id)!.message).toMatch(/not booked yet \(status proposed\)/);

    // What the clinician sees on home: the two visits of Ana, at the EHR's times, marked as from the EHR.
    const list = await rig.services.visits.list({});
    expect(list.items.map((v) => [v.childName, v.scheduledStart, v.durationMinutes, v.reason, v.status]).sort()).toEqual(
      [
        ['Ana Rivera', at(2), 20, 'Back pain follow-up', 'scheduled'],
        ['Ana Rivera', at(24), 20, 'Back pain follow-up', 'scheduled'],
      ].sort(),
    );
    const patients = await rig.services.patients.list({});
    expect(patients).toHaveLength(1);
    expect(patients[0]).toMatchObject({ childName: 'Ana Rivera', dateOfBirth: '2015-03-04', sex: 'female', weightKg: 31.5, guardianName: 'Maria Rivera', guardianPhone: '+1 555 0100', guardianEmail: 'maria.rivera@mail.example.org' });
    expect(scheduleLinks(rig.db, list.items.map((v) => v.id)).map((l) => l.appointmentId).sort()).toEqual([ehr.today.id, ehr.tomorrow.id].sort());
    // When such a visit is signed, its DocumentReference names the EHR's Patient and Appointment (docs/ehr.md).
    expect(ehrLinksOf(rig.db, visitOf(rig.db, ehr.today.id!)!.id)).toEqual({ patientId: ehr.ana.id, appointmentId: ehr.today.id });
    expect(ehrLinksOf(rig.db, crypto.randomUUID())).toEqual({});

    const second = await rig.pull();
    expect(second).toMatchObject({ added: 0, updated: 0, unchanged: 2, conflicts: 0, skipped: 3 });
    expect(count(rig.db, 'visits')).toBe(2);
    expect(count(rig.db, 'patients')).toBe(1);
    expect(count(rig.db, 'guardians')).toBe(1);
    const actions = rig.db.prepare(`SELECT action, COUNT(*) AS n FROM audit_log WHERE action <> 'catalog.sync' GROUP BY action ORDER BY action`).all();
    expect(actions).toEqual([
      { action: 'ehr.schedule', n: 2 },
      { action: 'patient.create', n: 1 },
      { action: 'visit.create', n: 2 },
    ]);
    expect(verifyAuditChain(rig.db).ok).toBe(true);
  });

  it('follows the EHR\'s changes to an untouched visit, and marks it cancelled (never deleted) when the EHR cancels', async () => {
    rig = await startRig();
    const ehr = await seedEhr(rig.server);
    await rig.pull();
    await updateAppointment(rig.server, ehr.today.id!, { start: at(3), end: new Date(Date.parse(at(3)) + 30 * 60_000).toISOString() });
    await updateAppointment(rig.server, ehr.tomorrow.id!, { status: 'cancelled' });
    const r = await rig.pull();
    expect(r).toMatchObject({ added: 0, updated: 2, conflicts: 0 });
    expect(r.items.find((i) => i.appointmentId === ehr.today.id)!.message).toMatch(/^Updated from the EHR \(start, length\)/);
    expect(visitOf(rig.db, ehr.today.id!)).toMatchObject({ scheduled_start: at(3), duration_minutes: 30 });
    const cancelled = visitOf(rig.db, ehr.tomorrow.id!)!;
    expect(cancelled.status).toBe('scheduled');
    expect(scheduleLinks(rig.db, [cancelled.id])).toEqual([{ visitId: cancelled.id, appointmentId: ehr.tomorrow.id, cancelled: true, conflict: null }]);
    expect(count(rig.db, 'visits')).toBe(2);
    // Booked again in the EHR: the mark goes.
    await updateAppointment(rig.server, ehr.tomorrow.id!, { status: 'booked' });
    expect(await rig.pull()).toMatchObject({ updated: 1 });
    expect(scheduleLinks(rig.db, [cancelled.id])[0]!.cancelled).toBe(false);
  });

  it('keeps a schedule changed here since the last pull and reports the conflict, on every pull, until the two agree', async () => {
    rig = await startRig();
    const ehr = await seedEhr(rig.server);
    await rig.pull();
    const visit = visitOf(rig.db, ehr.today.id!)!;
    // The console has no reschedule form yet: the local change is made in the store, as any future edit would.
    rig.db.prepare(`UPDATE visits SET duration_minutes = 40 WHERE id = ?`).run(visit.id);
    await updateAppointment(rig.server, ehr.today.id!, { start: at(5), end: new Date(Date.parse(at(5)) + 20 * 60_000).toISOString() });
    const r = await rig.pull();
    expect(r).toMatchObject({ updated: 0, conflicts: 1 });
    const message = r.items.find((i) => i.appointmentId === ehr.today.id)!.message;
    expect(message).toMatch(/it was changed here \(length\) since the last pull: the console's visit is kept/);
    expect(visitOf(rig.db, ehr.today.id!)).toMatchObject({ scheduled_start: at(2), duration_minutes: 40 });
    expect(scheduleLinks(rig.db, [visit.id])[0]!.conflict).toBe(message);
    expect(await rig.pull()).toMatchObject({ conflicts: 1 });
    // Audited once per distinct conflict, not on every pull.
    expect(rig.db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'ehr.schedule' AND entity_id = ? AND detail_json LIKE '%conflict%'`).get(visit.id)).toEqual({ n: 1 });
    // The clinician settles it in the EHR (same time and length as here): agreed, the mark goes.
    await updateAppointment(rig.server, ehr.today.id!, { start: at(2), end: new Date(Date.parse(at(2)) + 40 * 60_000).toISOString() });
    const settled = await rig.pull();
    expect(settled).toMatchObject({ conflicts: 0, unchanged: 2 });
    expect(scheduleLinks(rig.db, [visit.id])[0]!.conflict).toBeNull();
  });

  it('never cancels or moves a visit with clinical data or one that has started: kept and reported', async () => {
    rig = await startRig();
    const ehr = await seedEhr(rig.server);
    await rig.pull();
    const withIntake = visitOf(rig.db, ehr.today.id!)!;
    await rig.services.intakes.save(withIntake.id, JSON.stringify({ painWeeks: 1 }), 'en', 'family');
    const started = visitOf(rig.db, ehr.tomorrow.id!)!;
    await rig.services.visitRoom.setStatus(started.id, 'waiting', ACTOR);
    await updateAppointment(rig.server, ehr.today.id!, { status: 'cancelled' });
    await updateAppointment(rig.server, ehr.tomorrow.id!, { start: at(30), end: at(30.5) });
    const r = await rig.pull();
    expect(r).toMatchObject({ updated: 0, conflicts: 2 });
    expect(r.items.find((i) => i.appointmentId === ehr.today.id)!.message).toMatch(/^The EHR cancelled this appointment, but this visit holds clinical data, so the EHR does not change it/);
    expect(r.items.find((i) => i.appointmentId === ehr.tomorrow.id)!.message).toMatch(/but this visit has started/);
    expect(scheduleLinks(rig.db, [withIntake.id])[0]).toMatchObject({ cancelled: false });
    expect(visitOf(rig.db, ehr.today.id!)).toMatchObject({ scheduled_start: at(2), status: 'scheduled' });
    expect(visitOf(rig.db, ehr.tomorrow.id!)).toMatchObject({ scheduled_start: at(24), status: 'waiting' });
    expect((await rig.services.intakes.get(withIntake.id))).not.toBeNull();
  });

  it('reads every page through next links, and says so when it stops at the page limit', async () => {
    rig = await startRig();
    await seedEhr(rig.server);
    const paged = await rig.pull({ pageSize: 1 });
    expect(paged).toMatchObject({ added: 2, skipped: 3, truncated: false });
    await rig.close();
    rig = await startRig();
    await seedEhr(rig.server);
    const cut = await rig.pull({ pageSize: 1, maxPages: 2 });
    expect(cut.truncated).toBe(true);
    expect(cut.added + cut.skipped).toBe(2);
  });
});

describe('faults and bad input change nothing', () => {
  async function expectRefused(r: Rig, pull: Promise<unknown>, message: RegExp) {
    const before = ['patients', 'guardians', 'visits', 'ehr_patients', 'ehr_appointments', 'audit_log'].map((t) => count(r.db, t));
    const error = await pull.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(message);
    expect(['patients', 'guardians', 'visits', 'ehr_patients', 'ehr_appointments', 'audit_log'].map((t) => count(r.db, t))).toEqual(before);
  }

  it('a 500, a 429, a stall or a dropped connection anywhere in the pull: a clear reason and nothing written', async () => {
    rig = await startRig();
    await seedEhr(rig.server);
    rig.faults.push({ kind: 'pass' }, { kind: 'status', status: 500 }); // the appointment search
    await expectRefused(rig, rig.pull(), /^The schedule was not pulled; nothing was changed\. Reading the appointments: The EHR had an error \(500\)/);
    rig.faults.push({ kind: 'status', status: 429, retryAfterSeconds: 5 });
    await expectRefused(rig, rig.pull(), /Finding you in the EHR: The EHR asked the console to slow down \(429\)/);
    rig.faults.push({ kind: 'pass' }, { kind: 'stall' });
    await expectRefused(rig, rig.pull(), /Reading the appointments: The EHR did not answer in time/);
    // Practitioner, appointments, Ana's guardian answered; her weight's answer is lost: nothing half-written.
    rig.faults.push({ kind: 'pass' }, { kind: 'pass' }, { kind: 'pass' }, { kind: 'drop-after' });
    await expectRefused(rig, rig.pull(), /Reading a weight: The connection to the EHR was lost/);
    // After the faults, the same pull works.
    expect(await rig.pull()).toMatchObject({ added: 2 });
  });

  it('an unknown Practitioner, a missing identifier, or an answer larger than the bound: refused in words', async () => {
    rig = await startRig();
    await seedEhr(rig.server);
    await expectRefused(rig, rig.pull({}, `${NPI}|999`), /The EHR has no Practitioner with the identifier/);
    await expectRefused(rig, rig.pull({}, '  '), /Enter your Practitioner identifier/);
    await expectRefused(rig, rig.pull({ maxBytes: 2_000 }), /Reading the appointments: The EHR's answer was larger than the console accepts/);
  });

  it('a malformed appointment is skipped with a counted, worded reason; the others still come in', async () => {
    rig = await startRig();
    const ehr = await seedEhr(rig.server);
    // Valid R4, but not a visit the console can hold: no patient; six hours long.
    const noPatient = await rig.server.seed({ resourceType: 'Appointment', status: 'booked', start: at(7), end: at(7.5), participant: [{ actor: { reference: `Practitioner/${ehr.me.id}` }, status: 'accepted' }] });
    const tooLong = await rig.server.seed({ resourceType: 'Appointment', status: 'booked', start: at(8), end: at(14), participant: [{ actor: { reference: `Patient/${ehr.ana.id}` }, status: 'accepted' }, { actor: { reference: `Practitioner/${ehr.me.id}` }, status: 'accepted' }] });
    // Not valid at all (stored behind the validator's back, as a broken EHR might answer): an unknown status.
    const broken = await rig.server.repo.createResource({ resourceType: 'Appointment', status: 'maybe', start: at(9), participant: [{ actor: { reference: `Practitioner/${ehr.me.id}` } }] } as never);
    const r = await rig.pull();
    expect(r).toMatchObject({ added: 2, skipped: 6 });
    const why = (id: string | undefined) => r.items.find((i) => i.appointmentId === id)?.message;
    expect(why(noPatient.id)).toMatch(/it names no Patient/);
    expect(why(tooLong.id)).toMatch(/it lasts 360 minutes; a visit here lasts 5 to 120/);
    expect(why((broken as { id?: string }).id)).toMatch(/the EHR's Appointment is not one the console can read \(status:/);
    expect(count(rig.db, 'visits')).toBe(2);
  });
});

describe('the IPC handlers (ehr:pullSchedule, ehr:scheduleLinks)', () => {
  it('pull with the runtime\'s own client and settings; refused in words while the connection is off', async () => {
    rig = await startRig();
    const now = new Date(); // the runtime pulls around the real clock
    const keys = testKeyPair();
    const dir = mkdtempSync(join(tmpdir(), 'bptc-sched-settings-'));
    // A test EHR with the settings' key registered, reached directly (faults are covered above); the rig gives the store.
    const server = await startFhirServer({ clientId: 'console', publicKey: keys.publicKey });
    try {
      await seedEhr(server, now);
      // A pass-through store: these tests are about the schedule, settings.test.ts covers the key wrapping.
      const secrets = { isAvailable: true, backend: 'test', encrypt: (b: Buffer) => Buffer.from(b), decrypt: (b: Buffer) => Buffer.from(b) };
      const settings = createEhrSettingsStore({ file: join(dir, 'ehr-settings.json'), secrets });
      const runtime = createEhrRuntime({ db: rig.db, settings, emit: () => undefined, render: async () => Promise.reject(new Error('no signing here')) });
      await runtime.start();
      await expect(runtime.handlers.pullSchedule(ACTOR)).rejects.toThrow(/The EHR connection is off/);
      await runtime.handlers.saveSettings({ enabled: true, fhirBaseUrl: server.baseUrl, tokenUrl: server.tokenUrl, clientId: 'console', practitionerIdentifier: `${NPI}|1234567893`, sendBundle: false, privateKeyPem: keys.privatePem });
      const report = await runtime.handlers.pullSchedule(ACTOR);
      expect(report).toMatchObject({ added: 2, skipped: 3, conflicts: 0 });
      const visitIds = (await rig.services.visits.list({})).items.map((v) => v.id);
      const links = await runtime.handlers.scheduleLinks({ visitIds });
      expect(links.enabled).toBe(true);
      expect(links.links).toHaveLength(2);
      expect(await runtime.handlers.pullSchedule(ACTOR)).toMatchObject({ added: 0, unchanged: 2 });
      await runtime.stop();
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
    // Without EHR wiring (tests, tools): refused, and no marks.
    await expect(unavailableEhrHandlers().pullSchedule(ACTOR)).rejects.toThrow(/not available/);
    expect(await unavailableEhrHandlers().scheduleLinks({ visitIds: [] })).toEqual({ enabled: false, links: [] });
  });
});
