/**
 * The console's enrolment on a visit server (server mode): the server's URL,
 * this console's device id and its credential, kept in `visit-server.enrolment`
 * beside the database, sealed (AES-256-GCM) with the database key — the key
 * the OS keyring (or the database passphrase) already protects — so the
 * credential is never on disk in the clear and is readable exactly when the
 * records are. A tampered file, or one sealed with another key, is refused.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const ENROLMENT_FILE = 'visit-server.enrolment';

export const Enrolment = z.strictObject({
  /** wss://host[:port]/console */
  url: z.string().regex(/^wss:\/\/[^\s/]+\/console$/),
  deviceId: z.string().min(1).max(64),
  credential: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});
export type Enrolment = z.infer<typeof Enrolment>;

const Sealed = z.strictObject({ v: z.literal(1), iv: z.string(), tag: z.string(), data: z.string() });

export class EnrolmentError extends Error {
  override name = 'EnrolmentError';
}

export function sealEnrolment(enrolment: Enrolment, key: Buffer): string {
  if (key.length !== 32) throw new EnrolmentError('The database key must be 32 bytes.');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from('bptc-visit-server-enrolment-v1'));
  const data = Buffer.concat([cipher.update(JSON.stringify(Enrolment.parse(enrolment)), 'utf8'), cipher.final()]);
  return JSON.stringify({ v: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') });
}

export function openEnrolment(text: string, key: Buffer): Enrolment {
  let sealed: z.infer<typeof Sealed>;
  try {
    sealed = Sealed.parse(JSON.parse(text));
  } catch {
    throw new EnrolmentError('The visit-server enrolment file is damaged. Enrol this console again.');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from('bptc-visit-server-enrolment-v1'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
    return Enrolment.parse(JSON.parse(plain));
  } catch {
    throw new EnrolmentError('The visit-server enrolment file was not made with this database key (or was changed). Enrol this console again.');
  }
}

/** Read this console's enrolment from `dir`, or null when it has none. */
export function readEnrolment(dir: string, key: Buffer): Enrolment | null {
  const file = join(dir, ENROLMENT_FILE);
  if (!existsSync(file)) return null;
  return openEnrolment(readFileSync(file, 'utf8'), key);
}

/** Write it (mode 0600, through a temp file and rename, so a crash never leaves half a file). */
export function writeEnrolment(dir: string, key: Buffer, enrolment: Enrolment): void {
  const file = join(dir, ENROLMENT_FILE);
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, sealEnrolment(enrolment, key), { mode: 0o600 });
  renameSync(tmp, file);
}

/**
 * Server mode at start-up: this console's enrolment, or null for standalone
 * (the default: everything embedded). An existing sealed file is used; with
 * none, `BPTC_VISIT_SERVER_URL` (https://visits.example.org) and a one-time
 * `BPTC_VISIT_SERVER_ENROLMENT_CODE` from the administrator enrol the console
 * once and seal the credential. A damaged file leaves the console standalone
 * and says so in the log (never a half-configured server mode).
 */
export async function consoleEnrolment(options: {
  dir: string;
  key: Buffer;
  env: Record<string, string | undefined>;
  enrol: (url: string, code: string) => Promise<{ deviceId: string; credential: string }>;
  log: (entry: { level: 'warn' | 'error'; code: string; detail?: string }) => void;
}): Promise<Enrolment | null> {
  try {
    const existing = readEnrolment(options.dir, options.key);
    if (existing) return existing;
  } catch (error) {
    options.log({ level: 'error', code: 'VISIT_SERVER_ENROLMENT_UNREADABLE', detail: error instanceof Error ? error.message : undefined });
    return null;
  }
  const origin = options.env.BPTC_VISIT_SERVER_URL;
  const code = options.env.BPTC_VISIT_SERVER_ENROLMENT_CODE;
  if (!origin || !code) return null;
  let url: string;
  try {
    const parsed = new URL(origin);
    if (parsed.protocol !== 'https:') throw new Error('not https');
    url = `wss://${parsed.host}/console`;
  } catch {
    options.log({ level: 'error', code: 'VISIT_SERVER_URL_INVALID', detail: 'BPTC_VISIT_SERVER_URL must be an https:// origin' });
    return null;
  }
  try {
    const enrolment = Enrolment.parse({ url, ...(await options.enrol(url, code)) });
    writeEnrolment(options.dir, options.key, enrolment);
    return enrolment;
  } catch (error) {
    options.log({ level: 'error', code: 'VISIT_SERVER_ENROLMENT_FAILED', detail: error instanceof Error ? error.message : undefined });
    return null;
  }
}
