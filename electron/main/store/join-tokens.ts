/**
 * Join-link tokens: 256 random bits, handed out once, stored only hashed,
 * single use, expiring with the visit window. Each is stored with the role it
 * was made for (migration 0012); a token without a known role (made before
 * roles were stored) is refused, never defaulted, and not used up.
 *
 * Rejoin (issue 16, migration 0015): using a link binds it to that browser
 * with a rejoin key (only its hash is stored, replaced on every rejoin). The
 * same family may come back with the link and its key while the visit is
 * open; anyone else holding the used link is still refused as "used".
 */
import type { Database } from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { GuestRole } from '../../../shared/signaling/media';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A URL-safe token with 256 bits of entropy. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are 43 base64url characters; anything else is refused before hashing. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export type ConsumeResult =
  | { ok: true; visitId: string; role: GuestRole }
  | { ok: false; reason: 'unknown' | 'expired' | 'used' | 'revoked' };

/** What a token would open, without using it up (to check the room before the token is spent). */
export type PeekResult = { ok: true; visitId: string; role: GuestRole } | { ok: false; reason: 'unknown' | 'expired' | 'used' | 'revoked' };

const ROLES_SQL = GuestRole.options.map((r) => `'${r}'`).join(', ');

export function createJoinTokenRepository(db: Database) {
  const insert = db.prepare(
    `INSERT INTO join_tokens (token_hash, visit_id, created_at, expires_at, role) VALUES (?, ?, ?, ?, ?)`,
  );
  const lookup = db.prepare(`SELECT visit_id, expires_at, used_at, revoked_at, role FROM join_tokens WHERE token_hash = ?`);
  // The WHERE clause makes use atomic: of two concurrent uses exactly one changes a row.
  // A token without a known role is never used up (it is refused as unknown).
  const use = db.prepare(
    `UPDATE join_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?
       AND role IN (${ROLES_SQL})`,
  );
  type Row = { visit_id: string; expires_at: string; used_at: string | null; revoked_at: string | null; role: string | null };
  const whyNot = (row: Row | undefined, at: string): Exclude<ConsumeResult, { ok: true }> | null => {
    if (!row) return { ok: false, reason: 'unknown' };
    if (!GuestRole.safeParse(row.role).success) return { ok: false, reason: 'unknown' };
    if (row.revoked_at) return { ok: false, reason: 'revoked' };
    if (row.used_at) return { ok: false, reason: 'used' };
    if (row.expires_at <= at) return { ok: false, reason: 'expired' };
    return null;
  };
  const revokeForVisit = db.prepare(`UPDATE join_tokens SET revoked_at = ? WHERE visit_id = ? AND used_at IS NULL AND revoked_at IS NULL`);

  // Rejoining with a used link (migration 0015; docs/video.md). A store without the column (the visit
  // server's state file) has no rejoin: a used link stays used.
  const hasColumn = (table: string, column: string) =>
    (db.prepare(`SELECT count(*) FROM pragma_table_info(?) WHERE name = ?`).pluck().get(table, column) as number) === 1;
  const rejoinable = hasColumn('join_tokens', 'rejoin_hash');
  const visitOpen = hasColumn('visits', 'status') ? `AND (SELECT status FROM visits WHERE id = join_tokens.visit_id) NOT IN ('signed')` : '';
  const setRejoin = rejoinable ? db.prepare(`UPDATE join_tokens SET rejoin_hash = ? WHERE token_hash = ? AND used_at IS NOT NULL`) : null;
  // The WHERE clause makes a rejoin atomic: the key is replaced as it is used, so of two uses of one key exactly one wins.
  const rejoinUse = rejoinable
    ? db.prepare(
        `UPDATE join_tokens SET rejoin_hash = @next WHERE token_hash = @hash AND rejoin_hash = @key AND used_at IS NOT NULL
           AND revoked_at IS NULL AND expires_at > @at AND role IN (${ROLES_SQL}) ${visitOpen}`,
      )
    : null;
  const rejoinPeek = rejoinable
    ? db.prepare(
        `SELECT visit_id, expires_at, used_at, revoked_at, role FROM join_tokens WHERE token_hash = @hash AND rejoin_hash = @key
           AND used_at IS NOT NULL AND revoked_at IS NULL AND expires_at > @at AND role IN (${ROLES_SQL}) ${visitOpen}`,
      )
    : null;
  const endRejoins = rejoinable ? db.prepare(`UPDATE join_tokens SET rejoin_hash = NULL WHERE visit_id = ? AND rejoin_hash IS NOT NULL`) : null;

  return {
    /** True when this store can let the family who used a link come back with it. */
    rejoinable,

    /**
     * Bind a used link to the browser that used it: store the hash of a new
     * rejoin key (returned, never stored). Null when this store has no rejoin.
     */
    bindRejoin(token: string): string | null {
      if (!setRejoin || !TOKEN_PATTERN.test(token)) return null;
      const key = newToken();
      return setRejoin.run(hashToken(key), hashToken(token)).changes === 1 ? key : null;
    },

    /** What a rejoin would open, without replacing the key (to check the room first). */
    peekRejoin(token: string, rejoinKey: string, now: Date): { ok: true; visitId: string; role: GuestRole } | { ok: false; reason: 'used' } {
      if (!rejoinPeek || !TOKEN_PATTERN.test(token) || !TOKEN_PATTERN.test(rejoinKey)) return { ok: false, reason: 'used' };
      const row = rejoinPeek.get({ hash: hashToken(token), key: hashToken(rejoinKey), at: now.toISOString() }) as Row | undefined;
      return row ? { ok: true, visitId: row.visit_id, role: row.role as GuestRole } : { ok: false, reason: 'used' };
    },

    /**
     * The family who used `token` comes back with its rejoin key while the
     * link has not expired, has not been revoked and the visit is not signed.
     * The key is replaced by a new one (returned); anything else is "used".
     */
    rejoin(token: string, rejoinKey: string, now: Date): { ok: true; visitId: string; role: GuestRole; rejoinKey: string } | { ok: false; reason: 'used' } {
      if (!rejoinUse || !TOKEN_PATTERN.test(token) || !TOKEN_PATTERN.test(rejoinKey)) return { ok: false, reason: 'used' };
      const next = newToken();
      const hash = hashToken(token);
      if (rejoinUse.run({ next: hashToken(next), hash, key: hashToken(rejoinKey), at: now.toISOString() }).changes !== 1) return { ok: false, reason: 'used' };
      const row = lookup.get(hash) as Row;
      return { ok: true, visitId: row.visit_id, role: row.role as GuestRole, rejoinKey: next };
    },

    /** The call ended: nobody rejoins with an old link any more. */
    endRejoins(visitId: string): number {
      return endRejoins ? endRejoins.run(visitId).changes : 0;
    },

    /** Store a new token's hash; returns the token itself, which is never stored. */
    issue(visitId: string, now: Date, expiresAt: Date, role: GuestRole): string {
      const checked = GuestRole.parse(role);
      const token = newToken();
      insert.run(hashToken(token), visitId, now.toISOString(), expiresAt.toISOString(), checked);
      return token;
    },

    /** What the token would open now, without using it. */
    peek(token: string, now: Date): PeekResult {
      if (!TOKEN_PATTERN.test(token)) return { ok: false, reason: 'unknown' };
      const row = lookup.get(hashToken(token)) as Row | undefined;
      const refused = whyNot(row, now.toISOString());
      return refused ?? { ok: true, visitId: row!.visit_id, role: row!.role as GuestRole };
    },

    /** Use a token once. */
    consume(token: string, now: Date): ConsumeResult {
      if (!TOKEN_PATTERN.test(token)) return { ok: false, reason: 'unknown' };
      const hash = hashToken(token);
      const at = now.toISOString();
      if (use.run(at, hash, at).changes === 1) {
        const row = lookup.get(hash) as Row;
        return { ok: true, visitId: row.visit_id, role: row.role as GuestRole };
      }
      return whyNot(lookup.get(hash) as Row | undefined, at) ?? { ok: false, reason: 'expired' };
    },

    /** Invalidate every unused link of a visit (a new link was made, or the visit closed). */
    revokeAll(visitId: string, now: Date): number {
      return revokeForVisit.run(now.toISOString(), visitId).changes;
    },
  };
}
export type JoinTokenRepository = ReturnType<typeof createJoinTokenRepository>;
