/**
 * IPC handlers for call logistics (issue 16): the call check, and sending a
 * join link through the system's mail or messaging app.
 *
 * Sending: the renderer names the visit, the way (email or sms) and the link
 * it was given by visits:createJoinLink. The main process only accepts a link
 * it made for that visit in this run (tokens are stored hashed, so it cannot
 * rebuild one), addresses a text to the guardian's number on file, builds the
 * URL with the strict builders of ./contact-link.ts and hands it to the glue's
 * opener. The renderer never gets shell.openExternal.
 */
import { AppError } from '../../../shared/ipc/errors';
import type { Handlers } from '../ipc/dispatch';
import { buildMailtoUrl, buildSmsUrl, ContactLinkError, isAllowedExternalUrl } from './contact-link';
import type { Services } from './index';

/** Opens a mailto:/sms: URL in the system's handler (electron/main/shell/external.ts). */
export type ExternalOpener = (url: string) => Promise<void>;

export const unavailableExternalOpener: ExternalOpener = async () => {
  throw new AppError('CONFLICT', 'Sending links needs the desktop app.');
};

/** Links made per visit, newest last; bounded so a loop of "new link" cannot grow memory. */
const MAX_LINKS_PER_VISIT = 20;
const MAX_VISITS = 500;

export function createCallHandlers(deps: {
  services: Services;
  actor: () => string;
  external: ExternalOpener;
  createJoinLink: Handlers['visits:createJoinLink'];
}): Pick<Handlers, 'calls:recordCheck' | 'visits:sendJoinLink' | 'visits:createJoinLink'> {
  const { services, actor, external } = deps;
  const issued = new Map<string, string[]>();
  const remember = (visitId: string, url: string) => {
    const list = issued.get(visitId) ?? [];
    issued.delete(visitId);
    issued.set(visitId, [...list, url].slice(-MAX_LINKS_PER_VISIT));
    if (issued.size > MAX_VISITS) issued.delete(issued.keys().next().value as string);
  };
  return {
    'visits:createJoinLink': async (req) => {
      const link = await deps.createJoinLink(req);
      remember(req.visitId, link.url);
      return link;
    },
    'calls:recordCheck': async (req) => {
      services.callChecks.record(req, actor());
      return services.visitRoom.state(req.visitId);
    },
    'visits:sendJoinLink': async ({ visitId, via, url }) => {
      actor();
      if (!(issued.get(visitId) ?? []).includes(url)) {
        throw new AppError('VALIDATION', 'Make a new link for this visit, then send it.', [{ path: 'url', message: 'Not a link made for this visit.' }]);
      }
      const record = await services.record.getVisitRecord(visitId);
      if (record.visit.status === 'signed') throw new AppError('CONFLICT', 'This visit is signed: there is no call to join.');
      let target: string;
      let to: string | null = null;
      try {
        if (via === 'sms') {
          const phone = record.guardians[0]?.phone;
          if (!phone) throw new ContactLinkError('There is no phone number on file for the guardian.');
          target = buildSmsUrl(phone, url);
          to = phone;
        } else {
          const email = (await services.patients.get(record.visit.patientId)).guardianEmail;
          target = buildMailtoUrl(url, email);
          to = email;
        }
      } catch (error) {
        if (error instanceof ContactLinkError) throw new AppError('CONFLICT', error.message);
        throw error;
      }
      if (!isAllowedExternalUrl(target)) throw new AppError('CONFLICT', 'The message could not be prepared.');
      await external(target);
      return { via, to };
    },
  };
}
