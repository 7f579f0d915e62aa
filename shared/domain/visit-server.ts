/**
 * Enrolling this console on a visit server (issue 11, docs/deployment.md):
 * what the administrator types (the server's https:// address and the
 * one-time code the server printed) and what the console says back. The
 * device credential the code is exchanged for never crosses IPC: the main
 * process seals it beside the database and the renderer sees only the
 * device id, the server and the state in words.
 */
import { z } from 'zod';

/** Codes are 20 URL-safe characters (visit-server/devices.ts); spaces around a pasted code are dropped. */
export const ENROLMENT_CODE = /^[A-Za-z0-9_-]{20}$/;

export const VisitServerEnrolInput = z.strictObject({
  /** https://visits.example.org (an origin: no path, query or fragment). */
  serverUrl: z
    .string()
    .trim()
    .min(1, { error: 'Enter the visit server’s address, e.g. https://visits.example.org.' })
    .max(300, { error: 'The address must be 300 characters or fewer.' })
    .refine(
      (s) => {
        try {
          const u = new URL(s);
          return u.protocol === 'https:' && !u.username && !u.password && (u.pathname === '/' || u.pathname === '') && !u.search && !u.hash;
        } catch {
          return false;
        }
      },
      { error: 'Use the server’s https:// address only, e.g. https://visits.example.org.' },
    ),
  code: z
    .string()
    .trim()
    .regex(ENROLMENT_CODE, { error: 'The enrolment code is the 20 letters, digits, - and _ the administrator was given.' }),
});
export type VisitServerEnrolInput = z.infer<typeof VisitServerEnrolInput>;

export const VisitServerStatus = z.strictObject({
  /** A sealed enrolment is stored on this console. */
  enrolled: z.boolean(),
  /** The server's https:// origin, when enrolled. */
  server: z.string().max(300).nullable(),
  /** This console's device id on that server (not a secret), when enrolled. */
  deviceId: z.string().max(64).nullable(),
  /** What this console runs now: server mode starts and stops at the next start of the console. */
  running: z.enum(['standalone', 'server']),
  /** In server mode: the outbound connection's state. */
  connection: z.enum(['connecting', 'ready', 'reconnecting', 'refused', 'closed']).nullable(),
  /** A stored enrolment that cannot be read (damaged, another database key), in words. */
  problem: z.string().max(300).nullable(),
});
export type VisitServerStatus = z.infer<typeof VisitServerStatus>;
