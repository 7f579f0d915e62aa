/**
 * The console's "Visit server" settings (issue 11; the card beside the clinic
 * and EHR cards): enrol this console with the server's address and the
 * administrator's one-time code, see the state in words, leave server mode.
 * Enrolling exchanges the code for this console's device credential
 * (client.ts `enrolConsole`) and seals it with the database key
 * (enrolment.ts); the credential never leaves the main process. The mode a
 * console runs in is chosen when it starts (media/live-video.ts), so enrolling
 * or leaving takes effect at the next start; the status says which mode runs
 * now and which is stored.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/ipc/errors';
import { parseOrRefuse } from '../../../shared/ipc/issues';
import { VisitServerEnrolInput, type VisitServerStatus } from '../../../shared/domain/visit-server';
import { ENROLMENT_FILE, Enrolment, EnrolmentError, readEnrolment, writeEnrolment } from './enrolment';
import type { ClientState } from './client';

export interface VisitServerSettingsOptions {
  /** The folder the database is in (userData). */
  dir: string;
  /** The database key (32 bytes). */
  key: Buffer;
  /** Exchange a code for a credential at `url` (wss://…/console): client.ts `enrolConsole`. */
  enrol: (url: string, code: string) => Promise<{ deviceId: string; credential: string }>;
  /** What runs now: the enrolment the console started with (null: standalone) and its connection's state. */
  running: () => { enrolment: Enrolment | null; connection: ClientState | null };
  log?: (entry: { level: 'warn' | 'error'; code: string }) => void;
}

/** wss://host/console → https://host */
const originOf = (url: string) => `https://${new URL(url).host}`;

export function createVisitServerSettings(options: VisitServerSettingsOptions) {
  function status(): VisitServerStatus {
    const now = options.running();
    let stored: Enrolment | null = null;
    let problem: string | null = null;
    try {
      stored = readEnrolment(options.dir, options.key);
    } catch (error) {
      problem = error instanceof EnrolmentError ? error.message : 'The enrolment file cannot be read.';
    }
    return {
      enrolled: stored !== null,
      server: stored ? originOf(stored.url) : null,
      deviceId: stored?.deviceId ?? null,
      running: now.enrolment ? 'server' : 'standalone',
      connection: now.enrolment ? now.connection : null,
      problem,
    };
  }

  let busy = false;
  return {
    status: async (): Promise<VisitServerStatus> => status(),

    /** Exchange the code and seal the credential; nothing is written unless the server gave one. */
    async enrol(input: unknown): Promise<VisitServerStatus> {
      const { serverUrl, code } = parseOrRefuse(VisitServerEnrolInput, input, 'This console was not enrolled.');
      const current = status();
      if (current.enrolled) throw new AppError('CONFLICT', `This console is already enrolled on ${current.server}. Leave server mode first.`);
      if (busy) throw new AppError('CONFLICT', 'An enrolment is already in progress.');
      busy = true;
      try {
        const url = `wss://${new URL(serverUrl).host}/console`;
        let issued: { deviceId: string; credential: string };
        try {
          issued = await options.enrol(url, code);
        } catch (error) {
          options.log?.({ level: 'warn', code: 'VISIT_SERVER_ENROLMENT_FAILED' });
          throw error instanceof AppError ? error : new AppError('CONFLICT', 'The visit server could not enrol this console.');
        }
        const enrolment = Enrolment.safeParse({ url, ...issued });
        if (!enrolment.success) throw new AppError('CONFLICT', 'The visit server answered with a credential this console cannot use.');
        writeEnrolment(options.dir, options.key, enrolment.data);
        return status();
      } finally {
        busy = false;
      }
    },

    /**
     * Forget the credential: standalone again from the next start. The server
     * still lists the device until the administrator revokes it (`--revoke`).
     * Also clears an enrolment file that cannot be read.
     */
    async leave(): Promise<VisitServerStatus> {
      const file = join(options.dir, ENROLMENT_FILE);
      if (!existsSync(file)) throw new AppError('CONFLICT', 'This console is not enrolled on a visit server.');
      rmSync(file, { force: true });
      return status();
    },
  };
}
export type VisitServerSettings = ReturnType<typeof createVisitServerSettings>;

/** Where no enrolment can be stored (tools, tests without it): standalone, and enrolling is refused. */
export function unavailableVisitServerSettings(): VisitServerSettings {
  const refuse = async (): Promise<never> => {
    throw new AppError('CONFLICT', 'Visit server settings are not available here.');
  };
  return {
    status: async () => ({ enrolled: false, server: null, deviceId: null, running: 'standalone', connection: null, problem: null }),
    enrol: refuse,
    leave: refuse,
  };
}
