/**
 * The join link, sent through the system's own mail or messaging app
 * (issue 16). The message holds the link and one generic sentence: no name,
 * no date of birth, no reason for the visit — a text on a shared phone or a
 * mail in a shared inbox tells nobody who the patient is.
 *
 * The builders are strict: only a join link of the shape this console makes,
 * only a dialable number, and the result is a `mailto:` or `sms:` URL and
 * nothing else ({@link isAllowedExternalUrl} is checked again by the glue
 * right before shell.openExternal).
 */

import { GUARDIAN_EMAIL } from '../../../shared/domain/patient';

/** The message text, the same for mail and text. */
export const LINK_MESSAGE_SUBJECT = 'Your video visit link';
export function linkMessageBody(url: string): string {
  return `Here is the link for your child's video visit:\n${url}\n\nOpen it on the phone or tablet you will use for the visit, a few minutes before the time you were given.`;
}

/** A join link as the family server makes it: http(s)://host[:port]/join#t=<43 base64url characters>, nothing else. */
const JOIN_LINK = /^https?:\/\/[A-Za-z0-9.-]{1,253}(:\d{1,5})?\/join#t=[A-Za-z0-9_-]{43}$/;

export class ContactLinkError extends Error {}

export function assertJoinLink(url: string): string {
  if (url.length > 300 || !JOIN_LINK.test(url)) throw new ContactLinkError('Not a join link this console makes.');
  const parsed = new URL(url);
  if (parsed.username || parsed.password || parsed.search) throw new ContactLinkError('Not a join link this console makes.');
  return url;
}

/** The number as an sms: recipient: a leading + and digits only, 7 to 15 digits. */
export function smsRecipient(phone: string): string {
  const trimmed = phone.trim();
  if (trimmed.length > 32 || !/^[0-9 +().-]+$/.test(trimmed)) throw new ContactLinkError('The phone number on file cannot be texted.');
  const plus = trimmed.startsWith('+');
  if (trimmed.slice(1).includes('+')) throw new ContactLinkError('The phone number on file cannot be texted.');
  const digits = trimmed.replace(/[^0-9]/g, '');
  if (digits.length < 7 || digits.length > 15) throw new ContactLinkError('The phone number on file cannot be texted.');
  return `${plus ? '+' : ''}${digits}`;
}

/** sms:<number>?body=<text> (RFC 5724). */
export function buildSmsUrl(phone: string, joinLink: string): string {
  return `sms:${smsRecipient(phone)}?body=${encodeURIComponent(linkMessageBody(assertJoinLink(joinLink)))}`;
}

/** The guardian's address as a mailto: recipient: the one shape the patient form accepts, nothing that adds a recipient or a header. */
export function mailRecipient(email: string): string {
  const trimmed = email.trim();
  if (trimmed.length > 254 || !GUARDIAN_EMAIL.test(trimmed)) throw new ContactLinkError('The e-mail address on file cannot be used.');
  return trimmed;
}

/**
 * mailto:<guardian>?subject=…&body=… (RFC 6068), addressed to the guardian's
 * e-mail on file; with none on file, no recipient and the mail app asks for one.
 */
export function buildMailtoUrl(joinLink: string, email: string | null = null): string {
  const body = linkMessageBody(assertJoinLink(joinLink));
  const to = email === null ? '' : mailRecipient(email);
  return `mailto:${to}?subject=${encodeURIComponent(LINK_MESSAGE_SUBJECT)}&body=${encodeURIComponent(body)}`;
}

/**
 * The only URLs the main process hands to the system: mailto: or sms:, no
 * control characters or spaces (everything is percent-encoded), bounded.
 */
export function isAllowedExternalUrl(url: string): boolean {
  if (typeof url !== 'string' || url.length > 2000) return false;
  if (!/^(mailto|sms):[A-Za-z0-9%+?&=._~:;!*'()@-]*$/.test(url)) return false;
  // At most one "@", and only in a mailto: recipient (before the "?"): one address, never a list.
  const at = url.split('@').length - 1;
  if (at > 1 || (at === 1 && (!url.startsWith('mailto:') || url.indexOf('@') > url.indexOf('?')))) return false;
  try {
    const scheme = new URL(url).protocol;
    return scheme === 'mailto:' || scheme === 'sms:';
  } catch {
    return false;
  }
}
