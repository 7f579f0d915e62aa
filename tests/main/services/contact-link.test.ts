import { describe, expect, it } from 'vitest';
import {
  assertJoinLink,
  buildMailtoUrl,
  buildSmsUrl,
  isAllowedExternalUrl,
  linkMessageBody,
  mailRecipient,
  smsRecipient,
} from '../../../electron/main/services/contact-link';

const TOKEN = 'A'.repeat(21) + '_-' + 'z'.repeat(20);
const LINK = `https://visits.clinic.example/join#t=${TOKEN}`;

describe('the join-link message builders (mailto:, sms:)', () => {
  it('texts the link to the number on file, digits only, with nothing but the link and a generic sentence', () => {
    const url = buildSmsUrl('+1 (555) 010-2000', LINK);
    expect(url.startsWith('sms:+15550102000?body=')).toBe(true);
    const body = decodeURIComponent(url.split('?body=')[1]!);
    expect(body).toBe(linkMessageBody(LINK));
    expect(body).toContain(LINK);
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it('mails the link with no recipient (no address is on file) and a subject that names no one', () => {
    const url = buildMailtoUrl(LINK);
    const parsed = new URL(url);
    expect(parsed.protocol).toBe('mailto:');
    expect(parsed.pathname).toBe('');
    expect(parsed.searchParams.get('subject')).toBe('Your video visit link');
    expect(parsed.searchParams.get('body')).toContain(LINK);
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it('mails the link to the guardian\'s address on file, one recipient and nothing else', () => {
    const url = buildMailtoUrl(LINK, ' ana.example+visits@mail.example.org ');
    const parsed = new URL(url);
    expect(parsed.pathname).toBe('ana.example+visits@mail.example.org');
    expect(parsed.searchParams.get('body')).toContain(LINK);
    expect([...parsed.searchParams.keys()]).toEqual(['subject', 'body']);
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it('refuses an address that could add a recipient or a header, or is not an address', () => {
    for (const bad of [
      'a@b.example?cc=x@evil.example',
      'a@b.example,c@evil.example',
      'a@b.example;c@evil.example',
      'a@b.example\nBcc: x@evil.example',
      'a@b.example%0ABcc:x@evil.example',
      '"a b"@b.example',
      '<a@b.example>',
      'a@@b.example',
      'a@b',
      '@b.example',
      'a b@c.example',
      `${'a'.repeat(65)}@b.example`,
      '',
    ]) {
      expect(() => mailRecipient(bad), JSON.stringify(bad)).toThrow(/cannot be used/);
      expect(() => buildMailtoUrl(LINK, bad), JSON.stringify(bad)).toThrow();
    }
  });

  it('refuses anything that is not a join link of the console\'s shape', () => {
    for (const bad of [
      `javascript:alert(1)//join#t=${TOKEN}`,
      `https://evil.example/join#t=${TOKEN}&x=1`,
      `https://user:pw@clinic.example/join#t=${TOKEN}`,
      `https://clinic.example/join?x=1#t=${TOKEN}`,
      `https://clinic.example/other#t=${TOKEN}`,
      `https://clinic.example/join#t=short`,
      `https://clinic.example/join#t=${TOKEN}\nBCC: x@evil.example`,
      `file:///etc/passwd#t=${TOKEN}`,
    ]) {
      expect(() => assertJoinLink(bad), bad).toThrow(/Not a join link/);
      expect(() => buildMailtoUrl(bad), bad).toThrow();
    }
  });

  it('refuses a number that cannot be texted (too short, too long, letters, a second +)', () => {
    for (const bad of ['12345', '1'.repeat(16), '555-CALL-NOW', '+1+5550102000', '', '555 0102 000;body=x']) {
      expect(() => smsRecipient(bad), bad).toThrow(/cannot be texted/);
    }
    expect(smsRecipient(' 555.010.2000 ')).toBe('5550102000');
  });

  it('lets only mailto: and sms: through, fully encoded and bounded', () => {
    for (const bad of [
      'https://clinic.example/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'mailto:a@b.example?body=line one',
      'sms:+1555\u0000',
      `mailto:?body=${'a'.repeat(2001)}`,
      'MAILTO:?body=x',
      'tel:+15550102000',
      'mailto:a@b.example,c@d.example?body=x',
      'mailto:a@b.example?cc=c@d.example',
      'mailto:?body=a@b.example',
      'sms:a@b.example',
    ]) {
      expect(isAllowedExternalUrl(bad), bad).toBe(false);
    }
  });
});
