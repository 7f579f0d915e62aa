/** The "Visit server" card's state in words (pure, so it is tested in node: tests/main/visit-server/enrolment-settings.test.ts). */
import type { VisitServerStatus } from '../../../shared/domain/visit-server';

const CONNECTION_WORDS: Record<NonNullable<VisitServerStatus['connection']>, string> = {
  connecting: 'connecting to it',
  ready: 'connected',
  reconnecting: 'connection lost, trying again',
  refused: 'the server refused this console (revoked?): leave server mode and enrol again',
  closed: 'not connected',
};

export function visitServerWords(s: VisitServerStatus): string[] {
  const out: string[] = [];
  if (s.problem) out.push(`The stored enrolment cannot be used: ${s.problem}`);
  if (s.enrolled) out.push(`Enrolled as device ${s.deviceId} at ${s.server}.`);
  else if (!s.problem) out.push('Not enrolled: this console runs standalone (video through this computer).');
  if (s.running === 'server') {
    out.push(`Running in server mode now: ${CONNECTION_WORDS[s.connection ?? 'closed']}.`);
    if (!s.enrolled) out.push('Standalone from the next start of the console.');
  } else if (s.enrolled) {
    out.push('Running standalone now: server mode starts the next time the console starts.');
  }
  return out;
}
