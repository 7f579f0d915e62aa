/**
 * Server mode does what standalone does for the family (issue 11): a family
 * who used its link comes back with the same link (the rejoin key its
 * browser kept, issue 16), someone else with that link is still refused as
 * "used", and the page for a used or expired link names the clinic's phone.
 * Real visit server (real worker, TLS signaling) on loopback; the state file
 * made by the previous schema is upgraded in place.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadVisitServerConfig } from '../../../electron/main/visit-server/config';
import { roomKey, type VisitServer } from '../../../electron/main/visit-server/server';
import { Sqlite } from '../../../electron/main/store/sqlite';
import { openFamilySocket, tempDir, waitFor, writeConfig } from './support';
import { closeLoopbackVisitServers, startLoopbackVisitServer } from '../../support/visit-server';

const dirs: string[] = [];
afterEach(async () => {
  await closeLoopbackVisitServers();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const CLINIC = { name: 'Northside Pediatrics', phone: '+1 555 010 9999' };

async function start(extra: Record<string, unknown> = {}, prepare?: (stateDir: string) => void) {
  const { server, cert } = await startLoopbackVisitServer({ config: extra, ...(prepare ? { prepare } : {}) });
  return { server, cert };
}

type Msg = { type: string; [k: string]: unknown };
async function hello(s: VisitServer, ca: string, body: Record<string, unknown>): Promise<{ first: Msg; ws: import('ws').WebSocket }> {
  const page = await openFamilySocket(s.origin, ca);
  page.ws.send(JSON.stringify({ type: 'hello', lang: 'en', ...body }));
  const first = (await waitFor('an answer to hello', () => page.messages.find((m) => m.type === 'welcome' || m.type === 'refused'))) as Msg;
  return { first, ws: page.ws };
}

describe('server mode parity with standalone (issue 11)', () => {
  it('the family comes back with the same link and its browser’s rejoin key; without the key the used link is refused', async () => {
    // A state file from before rejoin (schema version 1) is upgraded in place.
    const { server: s, cert } = await start({}, (stateDir) => {
      mkdirSync(stateDir, { recursive: true });
      const db = new Sqlite(join(stateDir, 'visit-server.sqlite'));
      db.exec(`CREATE TABLE join_tokens (token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64), visit_id TEXT NOT NULL CHECK (length(visit_id) BETWEEN 1 AND 200),
        created_at TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT, revoked_at TEXT, role TEXT CHECK (role IS NULL OR role IN ('family', 'caregiver', 'interpreter'))) STRICT;
        CREATE INDEX join_tokens_by_visit ON join_tokens(visit_id);
        CREATE TABLE devices (id TEXT PRIMARY KEY, label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 100), enrolment_hash TEXT UNIQUE, enrolment_expires_at TEXT,
        credential_hash TEXT UNIQUE, created_at TEXT NOT NULL, enrolled_at TEXT, revoked_at TEXT) STRICT;`);
      db.pragma('user_version = 1');
      db.close();
    });
    expect(s.db.pragma('user_version', { simple: true })).toBe(2);
    await s.rooms.openForClinician(roomKey('dev-1', 'visit-1'));
    const token = s.issueLink('dev-1', 'visit-1', 'family', new Date(Date.now() + 3600_000)).split('#t=')[1]!;

    const first = await hello(s, cert.ca, { token });
    expect(first.first).toMatchObject({ type: 'welcome', role: 'family', phase: 'lobby' });
    const rejoinKey = first.first.rejoinKey as string;
    expect(rejoinKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    first.ws.close();

    // Someone else with the link (no key, or a wrong one) is refused.
    expect((await hello(s, cert.ca, { token })).first).toMatchObject({ type: 'refused', reason: 'used' });
    expect((await hello(s, cert.ca, { token, rejoinKey: 'x'.repeat(43) })).first).toMatchObject({ type: 'refused', reason: 'used' });

    // The same browser comes back with the same link: the same participant, a new rejoin key.
    const back = await hello(s, cert.ca, { token, rejoinKey });
    expect(back.first).toMatchObject({ type: 'welcome', participantId: first.first.participantId, role: 'family' });
    expect(back.first.rejoinKey).not.toBe(rejoinKey);
    // The old key was used up by that rejoin.
    expect((await hello(s, cert.ca, { token, rejoinKey })).first).toMatchObject({ type: 'refused', reason: 'used' });
    back.ws.close();
  }, 60_000);

  it('the page for a used or expired link names the clinic’s phone from the server’s configuration; without one it names none', async () => {
    const { server: s, cert } = await start({ clinic: CLINIC });
    const key = roomKey('dev-1', 'visit-2');
    await s.rooms.openForClinician(key);
    const token = s.issueLink('dev-1', 'visit-2', 'family', new Date(Date.now() + 3600_000)).split('#t=')[1]!;
    (await hello(s, cert.ca, { token })).ws.close();
    expect((await hello(s, cert.ca, { token })).first).toEqual({ type: 'refused', reason: 'used', clinic: CLINIC });
    // An expired link (its expiry moved into the past in the state file).
    const expired = s.issueLink('dev-1', 'visit-2', 'family', new Date(Date.now() + 3600_000)).split('#t=')[1]!;
    s.db.prepare(`UPDATE join_tokens SET expires_at = ? WHERE used_at IS NULL`).run(new Date(Date.now() - 60_000).toISOString());
    expect((await hello(s, cert.ca, { token: expired })).first).toEqual({ type: 'refused', reason: 'expired', clinic: CLINIC });
    // An unknown link is not the clinic's to explain: no phone.
    expect((await hello(s, cert.ca, { token: 'u'.repeat(43) })).first).toEqual({ type: 'refused', reason: 'unknown' });
    await s.close();

    const plain = await start();
    const t2 = plain.server.issueLink('dev-1', 'visit-3', 'family', new Date(Date.now() + 3600_000)).split('#t=')[1]!;
    await plain.server.rooms.openForClinician(roomKey('dev-1', 'visit-3'));
    (await hello(plain.server, plain.cert.ca, { token: t2 })).ws.close();
    expect((await hello(plain.server, plain.cert.ca, { token: t2 })).first).toEqual({ type: 'refused', reason: 'used' });
  }, 60_000);

  it('a bad clinic entry in the configuration names the field', () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = writeConfig(dir, { http: { publicOrigin: 'https://visits.example.org' }, stateDir: 'state', clinic: { name: 'X', phone: '' } });
    expect(() => loadVisitServerConfig(file)).toThrow(/^clinic\.phone: /);
  });
});
