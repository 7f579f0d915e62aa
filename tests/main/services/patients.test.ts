import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/ipc/errors';
import { createHandlers } from '../../../electron/main/ipc/handlers';
import { CHANNEL_NAMES } from '../../../shared/ipc/contract';
import { openTestStore, validPatient } from '../../support/db';

let store: ReturnType<typeof openTestStore>;
afterEach(() => store?.close());

const count = (table: string) => (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('patient service', () => {
  it('stores the child and guardian and reads them back', async () => {
    store = openTestStore();
    const created = await store.services.patients.create(validPatient);
    expect(created).toMatchObject(validPatient);
    expect(await store.services.patients.get(created.id)).toEqual(created);
    expect(count('guardians')).toBe(1);
    expect(created.guardianEmail).toBeNull();
  });

  it('keeps the guardian\'s e-mail when one is given (optional; used only to address the join link)', async () => {
    store = openTestStore();
    const created = await store.services.patients.create({ ...validPatient, guardianEmail: ' ana@mail.example.org ' });
    expect(created.guardianEmail).toBe('ana@mail.example.org');
    expect((await store.services.patients.get(created.id)).guardianEmail).toBe('ana@mail.example.org');
    // A blank field means none on file, not an error.
    expect((await store.services.patients.create({ ...validPatient, guardianEmail: '  ' })).guardianEmail).toBeNull();
  });

  it('the store refuses an address that bypassed the service (migration 0020\'s CHECK, the last guard)', () => {
    store = openTestStore();
    const insert = (email: string) =>
      store.db.prepare(`INSERT INTO guardians (id, patient_id, name, phone, email, created_at) VALUES ('g1', 'p1', 'Ana', '555', ?, '2026-01-01T00:00:00Z')`).run(email);
    store.db.prepare(`INSERT INTO patients (id, child_name, name_search, date_of_birth, sex, weight_kg, weight_recorded_at, created_at) VALUES ('p1', 'Mia', 'mia', '2016-01-01', 'female', 30, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`).run();
    for (const bad of ['a@b.example,c@d.example', 'a@b.example?cc=x', 'a b@c.example', 'a@@b.example', 'ab', 'a@b']) expect(() => insert(bad), bad).toThrow(/CHECK/);
    expect(count('guardians')).toBe(0);
  });

  it.each([
    ['a date of birth in the future', { dateOfBirth: '2026-11-28' }, 'dateOfBirth', /future/],
    ['a date of birth more than 25 years ago', { dateOfBirth: '2001-11-26' }, 'dateOfBirth', /25 years/],
    ['weight 0', { weightKg: 0 }, 'weightKg', /between/],
    ['weight 400 kg', { weightKg: 400 }, 'weightKg', /between/],
    ['a 10,000-character name', { childName: 'x'.repeat(10_000) }, 'childName', /200 characters/],
    ['an impossible date', { dateOfBirth: '2020-02-30' }, 'dateOfBirth', /real date/],
    ['an e-mail with a second recipient', { guardianEmail: 'a@b.example,c@evil.example' }, 'guardianEmail', /like name@example.org/],
  ])('refuses %s with a field message and writes nothing', async (_l, patch, path, message) => {
    store = openTestStore();
    const error = await store.services.patients.create({ ...validPatient, ...patch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fieldMessage(path)).toMatch(message);
    expect(count('patients')).toBe(0);
    expect(count('guardians')).toBe(0);
  });

  it('accepts a child born today and one exactly 25 years old', async () => {
    store = openTestStore();
    await store.services.patients.create({ ...validPatient, dateOfBirth: '2026-11-27' });
    await store.services.patients.create({ ...validPatient, dateOfBirth: '2001-11-27' });
    expect(count('patients')).toBe(2);
  });

  it('searches by name, case-insensitively, treating % and _ literally', async () => {
    store = openTestStore();
    await store.services.patients.create(validPatient);
    await store.services.patients.create({ ...validPatient, childName: 'Leo 100% Brave' });
    expect((await store.services.patients.list({ search: 'mia' })).map((p) => p.childName)).toEqual(['Mia Example']);
    expect((await store.services.patients.list({ search: '0%' })).map((p) => p.childName)).toEqual(['Leo 100% Brave']);
    expect(await store.services.patients.list({ search: '_' })).toEqual([]);
  });
});

describe('visit service', () => {
  it('schedules a visit that the list shows newest first, with keyset paging', async () => {
    store = openTestStore();
    const p = await store.services.patients.create(validPatient);
    for (let day = 1; day <= 5; day += 1) {
      await store.services.visits.schedule({ patientId: p.id, scheduledStart: `2026-12-0${day}T09:00:00+01:00`, durationMinutes: 20 });
    }
    const first = await store.services.visits.list({ limit: 2 });
    expect(first.items.map((v) => v.scheduledStart)).toEqual(['2026-12-05T08:00:00.000Z', '2026-12-04T08:00:00.000Z']);
    const second = await store.services.visits.list({ limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((v) => v.scheduledStart)).toEqual(['2026-12-03T08:00:00.000Z', '2026-12-02T08:00:00.000Z']);
    const last = await store.services.visits.list({ limit: 2, cursor: second.nextCursor! });
    expect(last.items).toHaveLength(1);
    expect(last.nextCursor).toBeNull();
  });

  it('filters by status, date window and patient name', async () => {
    store = openTestStore();
    const mia = await store.services.patients.create(validPatient);
    const leo = await store.services.patients.create({ ...validPatient, childName: 'Leo Other' });
    await store.services.visits.schedule({ patientId: mia.id, scheduledStart: '2026-12-01T09:00:00Z', durationMinutes: 20 });
    await store.services.visits.schedule({ patientId: leo.id, scheduledStart: '2026-12-02T09:00:00Z', durationMinutes: 20 });
    expect((await store.services.visits.list({ search: 'leo' })).items.map((v) => v.childName)).toEqual(['Leo Other']);
    expect((await store.services.visits.list({ from: '2026-12-02T00:00:00Z' })).items).toHaveLength(1);
    expect((await store.services.visits.list({ status: 'signed' })).items).toHaveLength(0);
  });

  it('refuses a visit for an unknown patient and writes nothing', async () => {
    store = openTestStore();
    const error = await store.services.visits
      .schedule({ patientId: '00000000-0000-4000-8000-00000000ffff', scheduledStart: '2026-12-01T09:00:00Z', durationMinutes: 20 })
      .catch((e: unknown) => e);
    expect((error as AppError).code).toBe('NOT_FOUND');
    expect(count('visits')).toBe(0);
  });

  it('refuses a forged cursor with a typed error', async () => {
    store = openTestStore();
    const error = await store.services.visits.list({ cursor: 'bm90IGpzb24' }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('INVALID_REQUEST');
  });
});

describe('createHandlers', () => {
  it('has a handler for every channel in the contract', () => {
    store = openTestStore();
    const handlers = createHandlers(store.services, { appName: 'x', appVersion: '0', contentVersion: null });
    expect(Object.keys(handlers).sort()).toEqual([...CHANNEL_NAMES].sort());
  });
});
