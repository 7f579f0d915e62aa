/** Test key pairs for the SMART client (generated per run; nothing secret is checked in). */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';

export function testKeyPair(kind: 'ES384' | 'RS384' = 'ES384'): { privatePem: string; publicKey: KeyObject } {
  const pair = kind === 'ES384' ? generateKeyPairSync('ec', { namedCurve: 'P-384' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privatePem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey: pair.publicKey };
}
