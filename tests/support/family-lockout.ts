/**
 * Issue 14's family-server drills for `npm run security:report`, against the
 * real family server on loopback (port 0), the real store and mediasoup worker,
 * with the server's default limits.
 *
 * familyLockoutTrial: for `durationMs`, a stranger on 127.0.0.3 opens and
 * recycles as many unauthenticated sockets as it can (WebSockets that never
 * say hello, and raw TCP connections that never send a request), while a
 * family on 127.0.0.2 keeps joining with fresh valid links (hello → welcome →
 * leave). Every join that does not end in a welcome is a refused join.
 *
 * intakeResubmissions: family links each send the intake many times; the most
 * any one participant got accepted, and the most one visit got.
 */
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import { FamilyClient, startLive } from '../main/family/live';
import { validIntake } from '../main/media/harness';

const FAMILY = '127.0.0.2';
const STRANGER = '127.0.0.3';

export interface LockoutTrialResult {
  duration_s: number;
  family_joins: number;
  family_joins_refused: number;
  /** Connections the stranger opened (each WebSocket upgrade or TCP connect). */
  stranger_attempts: number;
  /** Refused by the server's limits (its counters: per address, unauthenticated pool, lockout). */
  stranger_refused: number;
  /** The most unauthenticated WebSockets the server held at once (sampled every 20 ms). */
  unauthenticated_peak: number;
}

export async function familyLockoutTrial(
  durationMs: number,
  log: (line: string) => void = () => {},
  /** Server limits other than the defaults (to show what the trial finds without them). */
  limits: Record<string, unknown> = {},
): Promise<LockoutTrialResult> {
  const live = await startLive({ server: { limits } });
  const { h } = live;
  const server = live.server;
  const port = Number(new URL(server.origin).port);
  const patientId = (await h.store.services.visits.get(h.visitId)).patientId;
  const started = Date.now();
  const until = started + durationMs;
  let attempts = 0;
  let peak = 0;
  const open = new Set<WebSocket | Socket>();
  const sampler = setInterval(() => {
    peak = Math.max(peak, server.unauthenticatedCount());
  }, 20);
  // At the end everything the stranger holds is dropped (slots would otherwise wait for the server's timeouts).
  const stop = setTimeout(() => {
    for (const s of open) {
      if (s instanceof WebSocket) s.terminate();
      else s.destroy();
    }
  }, durationMs);

  /** One of the stranger's slots: open, hold until the server drops it, open again. */
  async function strangerSlot(kind: 'ws' | 'tcp'): Promise<void> {
    while (Date.now() < until) {
      attempts += 1;
      await new Promise<void>((done) => {
        if (kind === 'ws') {
          const ws = new WebSocket(`${server.origin.replace('http', 'ws')}/signal`, { origin: server.origin, localAddress: STRANGER });
          open.add(ws);
          ws.on('error', () => undefined);
          ws.on('close', () => {
            open.delete(ws);
            done();
          });
        } else {
          const socket = connect({ host: '127.0.0.1', port, localAddress: STRANGER });
          open.add(socket);
          socket.on('error', () => undefined);
          socket.on('close', () => {
            open.delete(socket);
            done();
          });
        }
      });
    }
  }

  let joins = 0;
  let joinsRefused = 0;
  async function family(): Promise<void> {
    while (Date.now() < until) {
      joins += 1;
      try {
        const visit = await h.store.services.visits.schedule({ patientId, scheduledStart: '2026-11-27T11:00:00Z', durationMinutes: 30 });
        const token = h.rooms.issueToken(visit.id, 'family', new Date('2026-11-27T12:00:00Z'));
        const c = await withTimeout(FamilyClient.open(server, FAMILY), 10_000);
        const answer = await withTimeout(c.hello(token), 10_000);
        if (answer.type !== 'welcome') throw new Error(`refused: ${answer.reason}`);
        await withTimeout(c.leave(), 10_000);
      } catch (error) {
        joinsRefused += 1;
        log(`family join ${joins} refused: ${error instanceof Error ? error.message : String(error)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const slots = [...Array.from({ length: 100 }, () => strangerSlot('ws')), ...Array.from({ length: 100 }, () => strangerSlot('tcp'))];
  await Promise.all([family(), ...slots]);
  clearTimeout(stop);
  clearInterval(sampler);
  const c = server.counters().refused;
  await live.close();
  return {
    duration_s: Math.round((Date.now() - started) / 1000),
    family_joins: joins,
    family_joins_refused: joinsRefused,
    stranger_attempts: attempts,
    stranger_refused: c.perAddress + c.unauthenticatedFull + c.lockedOut + c.tooManyConnections,
    unauthenticated_peak: peak,
  };
}

export async function intakeResubmissions(links = 3, triesPerLink = 300): Promise<{ tried: number; acceptedMaxPerParticipant: number; acceptedForVisit: number }> {
  // The message-rate limiter is opened wide so that what is measured is the intake cap itself.
  const live = await startLive({ rate: { capacity: 1e9, perSecond: 1e9 } });
  let tried = 0;
  let max = 0;
  let total = 0;
  try {
    for (let l = 0; l < links; l += 1) {
      const c = await FamilyClient.open(live.server);
      const answer = await c.hello(live.h.issue('family'));
      if (answer.type !== 'welcome') throw new Error('the family link was refused');
      let accepted = 0;
      for (let i = 0; i < triesPerLink; i += 1) {
        tried += 1;
        if ((await c.request({ type: 'intake', answers: { ...validIntake, symptoms: `Back pain (${l}.${i})` } })).ok) accepted += 1;
      }
      max = Math.max(max, accepted);
      total += accepted;
      await c.leave();
    }
  } finally {
    await live.close();
  }
  return { tried, acceptedMaxPerParticipant: max, acceptedForVisit: total };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
