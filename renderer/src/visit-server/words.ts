/** The "Visit server" card's state in words (pure, so it is tested in node: tests/main/visit-server/enrolment-settings.test.ts). */
import type { VisitServerStatus } from '../../../shared/domain/visit-server';
import { CONSOLE } from '../../../shared/words/console';

const t = CONSOLE.visitServer.state;

export function visitServerWords(s: VisitServerStatus): string[] {
  const out: string[] = [];
  if (s.problem) out.push(t.problem(s.problem));
  if (s.enrolled) out.push(t.enrolledAs(s.deviceId, s.server));
  else if (!s.problem) out.push(t.notEnrolled);
  if (s.running === 'server') {
    out.push(t.runningServer(t.connection[s.connection ?? 'closed']));
    if (!s.enrolled) out.push(t.standaloneNext);
  } else if (s.enrolled) {
    out.push(t.runningStandalone);
  }
  return out;
}
