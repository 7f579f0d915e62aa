import { afterEach, describe, expect, it } from 'vitest';
import { createJoinTokenRepository, hashToken } from '../../../electron/main/store/join-tokens';
import { openTestStore, validPatient } from '../../support/db';

let store: ReturnType<typeof openTestStore>;
afterEach(() => store?.close());

async function setup() {
  store = openTestStore();
  const p = await store.services.patients.create(validPatient);
  const v = await store.services.visits.schedule({ patientId: p.id, scheduledStart: '2026-11-27T11:00:00Z', durationMinutes: 20 });
  return { repo: createJoinTokenRepository(store.db), visitId: v.id };
}

const now = new Date('2026-11-27T10:00:00Z');
const later = new Date('2026-11-27T12:00:00Z');

describe('join tokens', () => {
  it('stores only the hash of a 256-bit token', async () => {
    const { repo, visitId } = await setup();
    const token = repo.issue(visitId, now, later, 'family');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = store.db.prepare('SELECT * FROM join_tokens').all() as { token_hash: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('is single use: the second use is refused as used', async () => {
    const { repo, visitId } = await setup();
    const token = repo.issue(visitId, now, later, 'family');
    expect(repo.consume(token, now)).toEqual({ ok: true, visitId, role: 'family' });
    expect(repo.consume(token, now)).toEqual({ ok: false, reason: 'used' });
  });

  it('refuses an expired, revoked, unknown or malformed token', async () => {
    const { repo, visitId } = await setup();
    const expired = repo.issue(visitId, now, new Date('2026-11-27T10:30:00Z'), 'family');
    expect(repo.consume(expired, later)).toEqual({ ok: false, reason: 'expired' });
    const revoked = repo.issue(visitId, now, later, 'family');
    expect(repo.revokeAll(visitId, now)).toBe(2); // both unused links
    expect(repo.consume(revoked, now)).toEqual({ ok: false, reason: 'revoked' });
    expect(repo.consume('A'.repeat(43), now)).toEqual({ ok: false, reason: 'unknown' });
    expect(repo.consume("' OR 1=1 --", now)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('keeps the role a link was made for, and tells what a token opens without using it up', async () => {
    const { repo, visitId } = await setup();
    const token = repo.issue(visitId, now, later, 'interpreter');
    expect(store.db.prepare('SELECT role FROM join_tokens').get()).toEqual({ role: 'interpreter' });
    expect(repo.peek(token, now)).toEqual({ ok: true, visitId, role: 'interpreter' });
    expect(repo.peek(token, now)).toEqual({ ok: true, visitId, role: 'interpreter' });
    expect(repo.consume(token, now)).toEqual({ ok: true, visitId, role: 'interpreter' });
    expect(repo.peek(token, now)).toEqual({ ok: false, reason: 'used' });
    expect(() => repo.issue(visitId, now, later, 'admin' as 'family')).toThrow();
  });

  it('refuses a link stored without a role (made before roles were stored) as unknown, and does not use it up', async () => {
    const { repo, visitId } = await setup();
    const token = repo.issue(visitId, now, later, 'family');
    store.db.prepare('UPDATE join_tokens SET role = NULL').run();
    expect(repo.peek(token, now)).toEqual({ ok: false, reason: 'unknown' });
    expect(repo.consume(token, now)).toEqual({ ok: false, reason: 'unknown' });
    expect(store.db.prepare('SELECT used_at FROM join_tokens').get()).toEqual({ used_at: null });
  });
});
