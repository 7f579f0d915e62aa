/**
 * Issue 14, item 8: unlock guessing. The pause after wrong passcodes grows
 * and survives a restart (real SQLite file closed and reopened); a new
 * passcode must be stronger than six characters; the key derivation does
 * not block the main thread.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openAppStore } from '../../../electron/main/app-store';
import { createServices } from '../../../electron/main/services';
import type { Clock } from '../../../electron/main/services/deps';
import { pauseAfter, UNLOCK_BACKOFF } from '../../../electron/main/services/clinicians';
import { passcodeProblem, SetupInput } from '../../../shared/domain/session';
import { sequentialIds, tempDbFile } from '../../support/db';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const PASS = 'correct-horse-42';

/** A clock the test moves forward. */
function movableClock(startIso: string) {
  let t = Date.parse(startIso);
  const clock: Clock = { now: () => new Date(t), today: () => new Date(t).toISOString().slice(0, 10) };
  return { clock, advance: (ms: number) => (t += ms) };
}

function open(file: string, clock: Clock) {
  const { db } = openAppStore(file);
  return { db, services: createServices({ db, clock, newId: sequentialIds(18) }) };
}

async function wrong(services: ReturnType<typeof open>['services'], clinicianId: string) {
  return services.session.unlock({ clinicianId, passcode: 'not-the-passcode' }).then(
    () => 'unlocked',
    (e: { code: string }) => e.code,
  );
}

describe('unlock back-off', () => {
  it('grows with every wrong passcode past the free ones, and a restart does not reset it', async () => {
    const tmp = tempDbFile();
    const { clock, advance } = movableClock('2026-11-27T10:00:00.000Z');
    let store = open(tmp.file, clock);
    cleanup = () => {
      if (store.db.open) store.db.close();
      tmp.cleanup();
    };
    const clinicianId = (await store.services.session.setup({ displayName: 'Dr Guard', credentials: 'MD', passcode: PASS })).current!.id;
    await store.services.session.lock();
    for (let i = 0; i < UNLOCK_BACKOFF.freeFailures + 1; i += 1) expect(await wrong(store.services, clinicianId)).toBe('VALIDATION');
    // Paused now: even the right passcode is not checked.
    await expect(store.services.session.unlock({ clinicianId, passcode: PASS })).rejects.toMatchObject({ code: 'LOCKED' });

    // Quit and start again: still paused.
    store.db.close();
    store = open(tmp.file, clock);
    await expect(store.services.session.unlock({ clinicianId, passcode: PASS })).rejects.toMatchObject({ code: 'LOCKED', message: expect.stringMatching(/30 seconds/) });

    // The next wrong one after the pause earns twice the pause, and so on.
    advance(30_000);
    expect(await wrong(store.services, clinicianId)).toBe('VALIDATION');
    advance(59_000);
    expect(await wrong(store.services, clinicianId)).toBe('LOCKED');
    advance(1_000);
    expect(await wrong(store.services, clinicianId)).toBe('VALIDATION');
    advance(119_000);
    expect(await wrong(store.services, clinicianId)).toBe('LOCKED');
    advance(1_000);
    // The right passcode opens it and clears the count.
    await expect(store.services.session.unlock({ clinicianId, passcode: PASS })).resolves.toMatchObject({ locked: false });
    expect(store.db.prepare(`SELECT failures, paused_until FROM unlock_guard`).get()).toEqual({ failures: 0, paused_until: null });
  });

  it('a burst of concurrent guesses is counted one by one (no guesses slip through before the pause)', async () => {
    const tmp = tempDbFile();
    const { clock } = movableClock('2026-11-27T10:00:00.000Z');
    const store = open(tmp.file, clock);
    cleanup = () => {
      store.db.close();
      tmp.cleanup();
    };
    const clinicianId = (await store.services.session.setup({ displayName: 'Dr Guard', credentials: 'MD', passcode: PASS })).current!.id;
    await store.services.session.lock();
    const codes = await Promise.all(Array.from({ length: 12 }, () => wrong(store.services, clinicianId)));
    expect(codes.filter((c) => c === 'VALIDATION')).toHaveLength(UNLOCK_BACKOFF.freeFailures + 1);
    expect(codes.filter((c) => c === 'LOCKED')).toHaveLength(12 - UNLOCK_BACKOFF.freeFailures - 1);
  });

  it('the pause doubles up to an hour', () => {
    expect([4, 5, 6, 7, 11, 12, 40].map(pauseAfter)).toEqual([0, 30_000, 60_000, 120_000, 1_920_000, 3_600_000, 3_600_000]);
  });
});

describe('a new passcode', () => {
  it('needs 10 characters, 5 different ones, and not a well-known one', () => {
    for (const weak of ['short', '123456', 'aaaaaaaaaaaa', 'abababababab', '1234567890', 'password123', 'Passcode2024', 'qwertyuiop']) {
      expect(passcodeProblem(weak), weak).not.toBeNull();
      expect(SetupInput.safeParse({ displayName: 'X', credentials: '', passcode: weak }).success, weak).toBe(false);
    }
    for (const fine of [PASS, 'river stone lamp', 'a-good-passcode']) expect(passcodeProblem(fine), fine).toBeNull();
  });
});

describe('key derivation', () => {
  it('runs off the main thread: the event loop keeps turning while a passcode is checked', async () => {
    const tmp = tempDbFile();
    const store = open(tmp.file, movableClock('2026-11-27T10:00:00.000Z').clock);
    cleanup = () => {
      store.db.close();
      tmp.cleanup();
    };
    const clinicianId = (await store.services.session.setup({ displayName: 'Dr Guard', credentials: 'MD', passcode: PASS })).current!.id;
    let turns = 0;
    let done = false;
    const spin = () => {
      if (done) return;
      turns += 1;
      setImmediate(spin);
    };
    setImmediate(spin);
    const ok = await store.services.clinicians.verifyPasscode(clinicianId, PASS);
    done = true;
    expect(ok).toBe(true);
    // scryptSync held the loop for the whole derivation (0 or 1 turn); on the thread pool it turns many times.
    expect(turns).toBeGreaterThan(5);
  });
});
