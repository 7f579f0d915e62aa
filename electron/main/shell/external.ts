/**
 * The one place the app hands a URL to the operating system (issue 16:
 * sending the join link by mail or text). Only mailto: and sms: pass, and
 * only as the strict builders of services/contact-link.ts make them; the
 * renderer never reaches this (it asks visits:sendJoinLink, and the main
 * process builds the URL).
 */
import type { Shell } from 'electron';
import { isAllowedExternalUrl } from '../services/contact-link';
import type { ExternalOpener } from '../services/call-logistics';

export function createExternalOpener(shell: Pick<Shell, 'openExternal'>): ExternalOpener {
  return async (url) => {
    if (!isAllowedExternalUrl(url)) throw new Error('refused: only mailto: and sms: links are opened');
    await shell.openExternal(url, { activate: true });
  };
}
