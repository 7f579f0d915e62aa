/**
 * Time-limited TURN credentials (the TURN REST API scheme coturn implements
 * as `use-auth-secret`): username = "<expiry unix seconds>:<participant>",
 * credential = base64(HMAC-SHA1(secret, username)). The TURN server checks
 * the HMAC and the expiry; the secret never leaves the main process.
 */
import { createHmac } from 'node:crypto';
import type { IceServer } from '../../../shared/signaling/media';
import type { TurnServerConfig } from './config';

export function turnCredentials(servers: readonly TurnServerConfig[], participant: string, now: Date): IceServer[] {
  return servers.map((s) => {
    const expiry = Math.floor(now.getTime() / 1000) + s.credentialTtlSeconds;
    const username = `${expiry}:${participant}`;
    const credential = createHmac('sha1', s.secret).update(username).digest('base64');
    return { urls: [...s.urls], username, credential };
  });
}
