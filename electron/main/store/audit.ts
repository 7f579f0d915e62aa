/**
 * The audit trail: append-only (triggers in 0005) and hash-chained. Each row
 * stores SHA-256 over the previous row's hash and its own canonical content,
 * so an edited, deleted or reordered row breaks the chain at that row.
 *
 * Rows are appended by the same transaction as the change they describe
 * (callers run appendAudit inside their db.transaction).
 *
 * Keyed (issue 14, migration 0010): anyone who can edit rows can recompute
 * plain SHA-256 hashes, so each row also carries
 * `mac = HMAC-SHA256(auditKey, previous mac ‖ hash)`. The audit key is
 * derived (HKDF) from the database key, so it is kept exactly where that key
 * is (the keyring-wrapped key file) and nothing new needs backing up. A
 * store opened without a key (plain test files) writes no mac, and its chain
 * is only as strong as the plain hashes.
 */
import type { Database, Statement } from 'better-sqlite3';
import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** Who did it: a clinician id, 'family' (via a join link) or 'system'. */
export type ActorId = string;

export type AuditAction =
  | 'visit.create'
  | 'visit.open'
  | 'visit.status'
  | 'visit.change'
  | 'visit.sign'
  | 'visit.export'
  | 'addendum.add'
  | 'clinician.create'
  | 'catalog.sync'
  /** Issue 14: who created a patient, and who read a patient's record (ids only). */
  | 'patient.create'
  | 'patient.read'
  // EHR delivery (electron/main/ehr): queued with the signature, delivered, refused by the EHR, queued again by hand.
  | 'ehr.queue'
  | 'ehr.deliver'
  | 'ehr.fail'
  | 'ehr.retry'
  // Schedule in from the EHR (electron/main/ehr/schedule.ts): a visit added, brought in line, or a conflict kept local.
  | 'ehr.schedule'
  // Call logistics (issue 16): the child's location and a call-back number were confirmed (ids only, never the values).
  | 'call.check'
  // Call times (issue 16, migration 0019): the family was admitted, the call ended (ids and the kind only).
  | 'call.event';

/** Detail values are ids, codes, counts and field names only: never patient data. */
export type AuditDetail = Record<string, string | number | boolean | null | readonly string[]>;

export interface AuditEntry {
  actor: ActorId;
  action: AuditAction;
  entity: string;
  entityId: string;
  detail?: AuditDetail;
  at: string;
}

export interface AuditRow {
  /** HMAC over the previous mac and this row's hash (0010); null on a store opened without a key. */
  mac?: string | null;
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  detail_json: string;
  prev_hash: string;
  hash: string;
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** hash = sha256(prev_hash + canonical JSON of the row without its hash). */
export function auditRowHash(row: Omit<AuditRow, 'hash'>): string {
  const content = canonicalJson({
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    entity: row.entity,
    entity_id: row.entity_id,
    detail_json: row.detail_json,
    prev_hash: row.prev_hash,
  });
  return createHash('sha256').update(row.prev_hash, 'utf8').update(content, 'utf8').digest('hex');
}

/** The audit key for a database key: HKDF-SHA256 with a fixed label, 32 bytes. */
export function deriveAuditKey(databaseKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', databaseKey, Buffer.from('bptc-audit-chain'), Buffer.from('audit-mac-v1'), 32));
}

/** mac = HMAC-SHA256(key, prevMac ‖ hash), hex. The first row's prevMac is the genesis value. */
export function auditRowMac(key: Buffer, prevMac: string, hash: string): string {
  return createHmac('sha256', key).update(prevMac, 'utf8').update(hash, 'utf8').digest('hex');
}

const auditKeys = new WeakMap<Database, Buffer>();

interface Statements {
  last: Statement;
  insert: Statement;
  keyed: boolean;
  /** Multi-row inserts by row count (a {@link withAuditHead} batch writes its rows in one statement). */
  many: Map<number, Statement>;
}
const statements = new WeakMap<Database, Statements>();

function prepared(db: Database): Statements {
  let s = statements.get(db);
  if (!s) {
    const keyed = (db.prepare(`SELECT count(*) FROM pragma_table_info('audit_log') WHERE name = 'mac'`).pluck().get() as number) === 1;
    s = {
      keyed,
      last: db.prepare(`SELECT seq, hash${keyed ? ', mac' : ''} FROM audit_log ORDER BY seq DESC LIMIT 1`),
      insert: db.prepare(
        `INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, detail_json, prev_hash, hash${keyed ? ', mac' : ''})
         VALUES (@seq, @at, @actor, @action, @entity, @entity_id, @detail_json, @prev_hash, @hash${keyed ? ', @mac' : ''})`,
      ),
      many: new Map(),
    };
    statements.set(db, s);
  }
  return s;
}

/** Key this connection's audit chain (openStore calls it with the key derived from the database key). */
export function useAuditKey(db: Database, key: Buffer): void {
  auditKeys.set(db, key);
}

/**
 * Give rows written before the chain was keyed their mac. openStore calls
 * this only in the open that added the mac column (0010): later, a chain
 * with no macs is a stripped one, and sealing it would launder whatever was
 * rewritten. Even then it seals only when the plain chain verifies.
 * Returns the number of rows sealed.
 */
export function sealUnkeyedAuditRows(db: Database, key: Buffer): number {
  const plain = verifyAuditChain(db, null);
  const keyedRows = db.prepare(`SELECT count(*) FROM audit_log WHERE mac IS NOT NULL`).pluck().get() as number;
  if (!plain.ok || keyedRows > 0) return 0;
  const seal = db.prepare(`UPDATE audit_log SET mac = ? WHERE seq = ?`);
  let sealed = 0;
  db.transaction(() => {
    let prevMac = GENESIS_HASH;
    for (const row of db.prepare(`SELECT seq, hash FROM audit_log ORDER BY seq`).all() as AuditRow[]) {
      const mac = auditRowMac(key, prevMac, row.hash);
      seal.run(mac, row.seq);
      prevMac = mac;
      sealed += 1;
    }
  })();
  return sealed;
}

/** The chain head while a {@link withAuditHead} batch runs: null until its first row is written. */
type Head = { seq: number; hash: string; mac?: string | null };
const heads = new WeakMap<Database, Head | null>();

/**
 * Run `fn`, which must run inside one transaction, reading the chain head at
 * most once (issue 15, cost per write): after the first row, each row chains
 * on the row this transaction just wrote, and the rows are inserted together
 * when `fn` returns (one statement for up to 16 rows). Every append in the transaction
 * must go through {@link appendAudit} (they all do), and `fn` must not catch
 * a failed nested write and go on (the head would name a rolled-back row);
 * an error leaving `fn` rolls the whole transaction back.
 */
export function withAuditHead<T>(db: Database, fn: () => T): T {
  if (heads.has(db)) return fn();
  heads.set(db, null);
  pending.set(db, []);
  try {
    const result = fn();
    flushPending(db);
    return result;
  } finally {
    heads.delete(db);
    pending.delete(db);
  }
}

/**
 * Rows appended in a {@link withAuditHead} batch, written together when `fn` returns (still inside its
 * transaction): a key press that changes an observation and two flags writes its three audit rows in one
 * statement. Nothing reads audit_log inside a batch (no trigger does; the readers are the audit service's).
 */
const pending = new WeakMap<Database, AuditRow[]>();
const COLUMNS = ['seq', 'at', 'actor', 'action', 'entity', 'entity_id', 'detail_json', 'prev_hash', 'hash'] as const;
const MAX_ROWS_PER_INSERT = 16;

function flushPending(db: Database): void {
  const rows = pending.get(db);
  if (!rows || rows.length === 0) return;
  const s = prepared(db);
  const columns = s.keyed ? [...COLUMNS, 'mac' as const] : COLUMNS;
  for (let i = 0; i < rows.length; i += MAX_ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + MAX_ROWS_PER_INSERT);
    if (chunk.length === 1) {
      s.insert.run(chunk[0]);
      continue;
    }
    let insert = s.many.get(chunk.length);
    if (!insert) {
      const values = `(${columns.map(() => '?').join(', ')})`;
      insert = db.prepare(`INSERT INTO audit_log (${columns.join(', ')}) VALUES ${Array.from({ length: chunk.length }, () => values).join(', ')}`);
      s.many.set(chunk.length, insert);
    }
    insert.run(chunk.flatMap((row) => columns.map((c) => (c === 'mac' ? (row.mac ?? null) : row[c]))));
  }
  rows.length = 0;
}

/** Append one row. Call inside the transaction that makes the change it records. */
export function appendAudit(db: Database, entry: AuditEntry): AuditRow {
  const s = prepared(db);
  const cached = heads.get(db);
  const last = (cached ?? (s.last.get() as Head | undefined)) as { seq: number; hash: string } | undefined;
  const row: Omit<AuditRow, 'hash'> = {
    seq: (last?.seq ?? 0) + 1,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId,
    detail_json: canonicalJson(entry.detail ?? {}),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const hash = auditRowHash(row);
  const key = auditKeys.get(db);
  const mac = s.keyed && key ? auditRowMac(key, (last as { mac?: string | null } | undefined)?.mac ?? GENESIS_HASH, hash) : null;
  const full: AuditRow = { ...row, hash, ...(s.keyed ? { mac } : {}) };
  const batch = pending.get(db);
  if (batch) batch.push(full);
  else s.insert.run(full);
  if (heads.has(db)) heads.set(db, { seq: full.seq, hash: full.hash, mac: full.mac ?? null });
  return full;
}

export type AuditVerification =
  | { ok: true; rows: number }
  | { ok: false; firstBadSeq: number; reason: 'edited' | 'deleted' | 'broken_link' | 'forged' | 'unkeyed' };

/**
 * Walk the chain from the first row. Reports the first row that does not
 * follow: a gap in seq (a row deleted), a row whose hash does not match its
 * content (edited), or whose prev_hash is not the previous row's hash
 * (reordered, or a row deleted and the rest renumbered).
 *
 * Limits: removing rows from the *end* leaves a valid shorter chain; detect
 * that by comparing with an exported head (rows, last hash) — see docs/store.md.
 */
export function verifyAuditChain(db: Database, key: Buffer | null = auditKeys.get(db) ?? null): AuditVerification {
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let prevMac = GENESIS_HASH;
  let rows = 0;
  for (const row of db.prepare(`SELECT * FROM audit_log ORDER BY seq`).iterate() as IterableIterator<AuditRow>) {
    if (row.seq !== expectedSeq) return { ok: false, firstBadSeq: expectedSeq, reason: 'deleted' };
    // A moved row (or one re-linked after a deletion) no longer points at its predecessor.
    if (row.prev_hash !== prev) return { ok: false, firstBadSeq: row.seq, reason: 'broken_link' };
    if (auditRowHash(row) !== row.hash) return { ok: false, firstBadSeq: row.seq, reason: 'edited' };
    if (key) {
      // Keyed: rows rewritten with recomputed plain hashes (or with their macs removed) fail here.
      if (!row.mac) return { ok: false, firstBadSeq: row.seq, reason: 'unkeyed' };
      const expected = Buffer.from(auditRowMac(key, prevMac, row.hash), 'hex');
      const actual = Buffer.from(row.mac, 'hex');
      if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { ok: false, firstBadSeq: row.seq, reason: 'forged' };
      prevMac = row.mac;
    }
    prev = row.hash;
    expectedSeq += 1;
    rows += 1;
  }
  return { ok: true, rows };
}

/** The chain's head, to keep outside the database (exports, backups) and compare later. */
export function auditHead(db: Database): { rows: number; hash: string } {
  const last = prepared(db).last.get() as { seq: number; hash: string } | undefined;
  return { rows: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH };
}

/** Audit rows about one record (a visit id, an observation id, …), oldest first. */
export function auditRowsFor(db: Database, entityId: string): AuditRow[] {
  return db.prepare(`SELECT * FROM audit_log WHERE entity_id = ? ORDER BY seq`).all(entityId) as AuditRow[];
}
