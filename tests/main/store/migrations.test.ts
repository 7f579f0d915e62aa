/**
 * One test per migration (Signal Desktop style): migrate a database to the
 * step before, insert rows, run the step, check the rows. Plus the registry
 * rules and the all-or-nothing behaviour of a step.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { Sqlite as BetterSqlite3 } from '../../../electron/main/store/sqlite';
import { existsSync, readFileSync } from 'node:fs';
import { applyConnectionPragmas, migrate, openDatabase, openStore, userVersion } from '../../../electron/main/store/database';
import { StoreError } from '../../../electron/main/store/errors';
import { assertRegistry, MIGRATIONS, SCHEMA_VERSION, type Migration } from '../../../electron/main/store/migrations';
import { appendAudit, verifyAuditChain } from '../../../electron/main/store/audit';
import { listBackups, defaultBackupDir } from '../../../electron/main/store/backup';
import { tempDbFile } from '../../support/db';
import { createJoinTokenRepository, hashToken } from '../../../electron/main/store/join-tokens';

let db: Database | undefined;
let tmp: ReturnType<typeof tempDbFile> | undefined;
afterEach(() => {
  if (db?.open) db.close();
  db = undefined;
  tmp?.cleanup();
  tmp = undefined;
});

const AT = '2026-11-27T10:00:00.000Z';
const P = '00000000-0000-4000-8000-00000000000a';
const V = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

/** An in-memory database with the connection pragmas, migrated to `version`. */
function at(version: number): Database {
  db = new BetterSqlite3(':memory:');
  applyConnectionPragmas(db);
  migrate(db, MIGRATIONS.slice(0, version));
  expect(userVersion(db)).toBe(version);
  return db;
}
const step = (version: number) => migrate(db!, MIGRATIONS.slice(0, version));
const tables = (d: Database) => (d.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name);

function insertPatientAndVisit(d: Database, status = 'scheduled'): void {
  d.prepare(
    `INSERT INTO patients (id, child_name, name_search, date_of_birth, sex, weight_kg, weight_recorded_at, created_at)
     VALUES (?, 'Ana Old', 'ana old', '2015-01-01', 'female', 30, ?, ?)`,
  ).run(P, AT, AT);
  d.prepare(`INSERT INTO guardians (id, patient_id, name, phone, created_at) VALUES ('g1', ?, 'G', '1', ?)`).run(P, AT);
  d.prepare(`INSERT INTO visits (id, patient_id, scheduled_start, duration_minutes, status, created_at) VALUES (?, ?, ?, 20, ?, ?)`).run(
    V, P, AT, status, AT,
  );
}
function insertClinician(d: Database): void {
  d.prepare(`INSERT INTO clinicians (id, display_name, credentials, passcode_hash, created_at) VALUES (?, 'Dr', 'MD', 'scrypt$x', ?)`).run(C, AT);
}

describe('the migration registry', () => {
  it('is numbered 1, 2, 3, … with unique names, and SCHEMA_VERSION is its length', () => {
    expect(() => assertRegistry(MIGRATIONS)).not.toThrow();
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
    expect(MIGRATIONS.map((m) => m.name)).toEqual([
      '0001-initial',
      '0002-join-tokens-and-intake',
      '0003-clinicians-and-visit-lifecycle',
      '0004-clinical-record',
      '0005-audit-log',
      '0006-signed-record-guards',
      '0007-patient-name-index',
      '0008-demo-patients',
      '0009-signed-snapshots',
      '0010-keyed-audit-chain',
      '0011-unlock-guard',
      '0012-join-token-roles',
      '0013-ehr-outbox',
      '0014-ehr-schedule',
      '0015-call-logistics',
      '0016-pose-estimates',
      '0017-record-vocabulary',
      '0018-close-gate-agrees',
      '0019-call-times',
      '0020-guardian-email',
      '0021-pose-estimate-retractions',
    ]);
  });

  it('refuses a registry that skips, repeats or reorders a step', () => {
    const [a, b] = MIGRATIONS as [Migration, Migration];
    expect(() => assertRegistry([b, a])).toThrow(/expected 1/);
    expect(() => assertRegistry([a, { ...a, version: 2 }])).toThrow(/unique/);
  });

  it('refuses a database newer than the registry with TOO_NEW', () => {
    at(3);
    expect(() => migrate(db!, MIGRATIONS.slice(0, 2))).toThrow(StoreError);
  });

  it('leaves schema and version as they were when a step fails midway', () => {
    at(2);
    const failing: Migration = {
      version: 3,
      name: '0003-fails',
      up(d) {
        d.exec('CREATE TABLE half_done (x INTEGER)');
        d.exec('INSERT INTO no_such_table VALUES (1)');
      },
    };
    const error = (() => {
      try {
        migrate(db!, [...MIGRATIONS.slice(0, 2), failing]);
      } catch (e) {
        return e as StoreError;
      }
      return null;
    })();
    expect(error?.code).toBe('MIGRATION_FAILED');
    expect(userVersion(db!)).toBe(2);
    expect(tables(db!)).not.toContain('half_done');
  });
});

describe('each migration', () => {
  it('0001 creates patients, guardians and visits', () => {
    at(0);
    step(1);
    insertPatientAndVisit(db!);
    expect(db!.prepare('SELECT status FROM visits').get()).toEqual({ status: 'scheduled' });
  });

  it('0002 adds join tokens and intakes that reference existing visits', () => {
    at(1);
    insertPatientAndVisit(db!);
    step(2);
    db!.prepare(`INSERT INTO join_tokens (token_hash, visit_id, created_at, expires_at) VALUES (?, ?, ?, ?)`).run('a'.repeat(64), V, AT, AT);
    db!.prepare(`INSERT INTO intakes (visit_id, answers_json, language, submitted_at, submitted_by) VALUES (?, '{}', 'en', ?, 'family')`).run(V, AT);
    expect(() => db!.prepare(`INSERT INTO intakes (visit_id, answers_json, language, submitted_at, submitted_by) VALUES ('nope', '{}', 'en', ?, 'family')`).run(AT)).toThrow(/FOREIGN KEY/);
  });

  it('0003 adds clinicians and lifecycle columns; existing visits read as created by the system', () => {
    at(2);
    insertPatientAndVisit(db!);
    step(3);
    expect(db!.prepare('SELECT created_by, started_at, signed_at, signed_by FROM visits').get()).toEqual({
      created_by: 'system',
      started_at: null,
      signed_at: null,
      signed_by: null,
    });
    insertClinician(db!);
    expect(() =>
      db!.prepare(`INSERT INTO clinicians (id, display_name, credentials, passcode_hash, created_at) VALUES ('family', 'F', '', 'scrypt$x', ?)`).run(AT),
    ).toThrow(/CHECK/);
  });

  it('0004 adds the clinical record; an existing intake becomes version 1 and keeps its history on change', () => {
    at(3);
    insertPatientAndVisit(db!);
    insertClinician(db!);
    db!.prepare(`INSERT INTO intakes (visit_id, answers_json, language, submitted_at, submitted_by) VALUES (?, '{"a":1}', 'en', ?, 'family')`).run(V, AT);
    step(4);
    expect(db!.prepare('SELECT version FROM intakes').get()).toEqual({ version: 1 });
    db!.prepare(`UPDATE intakes SET answers_json = '{"a":2}', version = 2, updated_at = ?, updated_by = 'family'`).run(AT);
    const rev = db!.prepare('SELECT entity, version, old_json FROM clinical_revisions').get() as { entity: string; version: number; old_json: string };
    expect(rev).toMatchObject({ entity: 'intake', version: 1 });
    expect(JSON.parse(rev.old_json).answers_json).toBe('{"a":1}');
    db!.prepare(
      `INSERT INTO observations (id, visit_id, maneuver_id, result, side, author, observed_at, updated_at, updated_by)
       VALUES ('o1', ?, 'walk', 'normal', 'both', ?, ?, ?, ?)`,
    ).run(V, C, AT, AT, C);
    expect(() =>
      db!.prepare(`UPDATE observations SET pain_score = 3 WHERE id = 'o1'`).run(),
    ).toThrow(/CHECK/); // a score needs its scale
  });

  it('0005 adds an empty audit log that only accepts rows extending the chain', () => {
    at(4);
    insertPatientAndVisit(db!);
    step(5);
    expect(db!.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 0 });
    appendAudit(db!, { actor: 'system', action: 'visit.create', entity: 'visit', entityId: V, at: AT });
    appendAudit(db!, { actor: 'system', action: 'visit.open', entity: 'visit', entityId: V, at: AT });
    expect(verifyAuditChain(db!)).toEqual({ ok: true, rows: 2 });
    expect(() =>
      db!.prepare(`INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, detail_json, prev_hash, hash) VALUES (3, ?, 'x', 'a', 'e', 'i', '{}', ?, ?)`).run(AT, 'f'.repeat(64), 'f'.repeat(64)),
    ).toThrow(/prev_hash/);
  });

  it('0006 freezes nothing that is unsigned, but refuses deletes and bad status changes on existing rows', () => {
    at(5);
    insertPatientAndVisit(db!, 'in_progress');
    insertClinician(db!);
    db!.prepare(
      `INSERT INTO observations (id, visit_id, maneuver_id, result, side, author, observed_at, updated_at, updated_by)
       VALUES ('o1', ?, 'walk', 'normal', 'both', ?, ?, ?, ?)`,
    ).run(V, C, AT, AT, C);
    step(6);
    db!.prepare(`UPDATE observations SET note = 'ok', version = 2 WHERE id = 'o1'`).run();
    expect(() => db!.prepare(`DELETE FROM observations`).run()).toThrow(/never deleted/);
    expect(() => db!.prepare(`DELETE FROM visits`).run()).toThrow(/never deleted/);
    expect(() => db!.prepare(`UPDATE visits SET status = 'scheduled'`).run()).toThrow(/not allowed/);
    db!.prepare(`UPDATE visits SET status = 'awaiting_decision'`).run();
  });

  it('0007 indexes the names of existing and new patients for search', () => {
    at(6);
    insertPatientAndVisit(db!);
    step(7);
    const find = (term: string) =>
      db!.prepare(`SELECT p.id FROM patient_names n JOIN patients p ON p.rowid = n.rowid WHERE patient_names MATCH ?`).all(`"${term}"`);
    expect(find('na ol')).toEqual([{ id: P }]);
    db!.prepare(`UPDATE patients SET child_name = 'Ana New', name_search = 'ana new'`).run();
    expect(find('na ol')).toEqual([]);
    expect(find('a new')).toEqual([{ id: P }]);
  });

  it('0008 marks existing patients as real (not demo) and lets a demo patient be hidden, never deleted', () => {
    at(7);
    insertPatientAndVisit(db!);
    step(8);
    expect(db!.prepare(`SELECT is_demo, hidden_at FROM patients WHERE id = ?`).get(P)).toEqual({ is_demo: 0, hidden_at: null });
    db!.prepare(`UPDATE patients SET is_demo = 1, hidden_at = ? WHERE id = ?`).run(AT, P);
    expect(() => db!.prepare(`DELETE FROM patients WHERE id = ?`).run(P)).toThrow();
    expect(() => db!.prepare(`UPDATE patients SET is_demo = 2 WHERE id = ?`).run(P)).toThrow(/CHECK/);
  });

  it('0012 stores a join link\'s role; a link made before it has none and is refused, not defaulted to the family', () => {
    // Found by name: the lead renumbers issue migrations at merge.
    const v = MIGRATIONS.findIndex((m) => m.name === '0012-join-token-roles') + 1;
    at(v - 1);
    insertPatientAndVisit(db!);
    const old = 'A'.repeat(43);
    db!.prepare(`INSERT INTO join_tokens (token_hash, visit_id, created_at, expires_at) VALUES (?, ?, ?, ?)`).run(hashToken(old), V, AT, '2099-01-01T00:00:00.000Z');
    step(v);
    expect(db!.prepare(`SELECT role, used_at FROM join_tokens`).get()).toEqual({ role: null, used_at: null });
    const repo = createJoinTokenRepository(db!);
    expect(repo.consume(old, new Date(AT))).toEqual({ ok: false, reason: 'unknown' });
    expect(db!.prepare(`SELECT used_at FROM join_tokens`).get()).toEqual({ used_at: null });
    const fresh = repo.issue(V, new Date(AT), new Date('2099-01-01T00:00:00.000Z'), 'caregiver');
    expect(repo.consume(fresh, new Date(AT))).toEqual({ ok: true, visitId: V, role: 'caregiver' });
    expect(() =>
      db!.prepare(`INSERT INTO join_tokens (token_hash, visit_id, created_at, expires_at, role) VALUES (?, ?, ?, ?, 'admin')`).run('b'.repeat(64), V, AT, AT),
    ).toThrow(/CHECK/);
  });
  it('0013 adds the EHR outbox: signed visits only, unique per version, never deleted, a delivered row stays delivered', () => {
    // Found by name: the lead renumbers issue migrations at merge.
    const v = MIGRATIONS.findIndex((m) => m.name === '0013-ehr-outbox') + 1;
    at(v - 1);
    insertPatientAndVisit(db!, 'in_progress');
    step(v);
    expect(tables(db!)).toContain('ehr_outbox');
    const insert = db!.prepare(`INSERT INTO ehr_outbox (visit_id, version, reason, next_attempt_at, enqueued_at) VALUES (?, ?, 'signed', ?, ?)`);
    expect(() => insert.run(V, 1, AT, AT)).toThrow(/only signed visits/);
    db!.exec(`DROP TRIGGER IF EXISTS visits_status_follows_life; DROP TRIGGER IF EXISTS visits_close_gate`);
    db!.prepare(`UPDATE visits SET status = 'signed' WHERE id = ?`).run(V);
    insert.run(V, 1, AT, AT);
    expect(() => insert.run(V, 1, AT, AT)).toThrow(/UNIQUE/);
    expect(db!.prepare(`SELECT state, attempts, remote_id FROM ehr_outbox`).get()).toEqual({ state: 'queued', attempts: 0, remote_id: null });
    expect(() => db!.prepare(`UPDATE ehr_outbox SET state = 'sent'`).run()).toThrow(/CHECK/);
    db!.prepare(`UPDATE ehr_outbox SET state = 'sent', remote_id = 'doc-1', sent_at = ?`).run(AT);
    expect(() => db!.prepare(`UPDATE ehr_outbox SET state = 'queued', remote_id = NULL, sent_at = NULL`).run()).toThrow(/stays delivered/);
    expect(() => db!.prepare(`DELETE FROM ehr_outbox`).run()).toThrow(/never deleted/);
  });
  it('0014 links EHR patients and appointments to local ones: one visit per appointment, links never moved or deleted', () => {
    // Found by name: the lead renumbers issue migrations at merge.
    const v = MIGRATIONS.findIndex((m) => m.name === '0014-ehr-schedule') + 1;
    at(v - 1);
    insertPatientAndVisit(db!);
    step(v);
    expect(tables(db!)).toEqual(expect.arrayContaining(['ehr_patients', 'ehr_appointments']));
    // Existing visits and patients are untouched and simply have no EHR link.
    expect(db!.prepare(`SELECT COUNT(*) AS n FROM visits`).get()).toEqual({ n: 1 });
    db!.prepare(`INSERT INTO ehr_patients (ehr_patient_id, patient_id, linked_at) VALUES ('pat-1', ?, ?)`).run(P, AT);
    const appt = db!.prepare(
      `INSERT INTO ehr_appointments (appointment_id, visit_id, ehr_patient_id, ehr_status, ehr_start, ehr_minutes, first_pulled_at, last_pulled_at)
       VALUES (?, ?, 'pat-1', 'booked', ?, 20, ?, ?)`,
    );
    appt.run('appt-1', V, AT, AT, AT);
    expect(() => appt.run('appt-1', V, AT, AT, AT)).toThrow(/UNIQUE/);
    expect(() => appt.run('appt-2', V, AT, AT, AT)).toThrow(/UNIQUE/); // one visit, one appointment
    expect(() => db!.prepare(`INSERT INTO ehr_patients (ehr_patient_id, patient_id, linked_at) VALUES ('pat-2', ?, ?)`).run(P, AT)).toThrow(/UNIQUE/);
    expect(() => db!.prepare(`UPDATE ehr_appointments SET ehr_minutes = 500`).run()).toThrow(/CHECK/);
    db!.prepare(`UPDATE ehr_appointments SET ehr_start = ?, conflict = 'x'`).run(AT);
    expect(() => db!.prepare(`UPDATE ehr_appointments SET visit_id = 'other'`).run()).toThrow(/cannot be moved/);
    expect(() => db!.prepare(`UPDATE ehr_patients SET patient_id = 'other'`).run()).toThrow(/cannot be moved/);
    expect(() => db!.prepare(`DELETE FROM ehr_appointments`).run()).toThrow(/never deleted/);
    expect(() => db!.prepare(`DELETE FROM ehr_patients`).run()).toThrow(/never deleted/);
  });
});

describe('0015 call logistics', () => {
  it('adds append-only call checks with bounded values, a close-gate rule for tiers A and B, and the rejoin hash on join links', () => {
    // Found by name: the lead renumbers issue migrations at merge.
    const v = MIGRATIONS.findIndex((m) => m.name === '0015-call-logistics') + 1;
    at(v - 1);
    insertClinician(db!);
    insertPatientAndVisit(db!, 'awaiting_decision');
    db!.prepare(`INSERT INTO join_tokens (token_hash, visit_id, created_at, expires_at, role) VALUES (?, ?, ?, ?, 'family')`).run('a'.repeat(64), V, AT, AT);
    step(v);
    expect(tables(db!)).toContain('call_checks');
    expect(db!.prepare(`SELECT rejoin_hash FROM join_tokens`).get()).toEqual({ rejoin_hash: null });
    expect(() => db!.prepare(`UPDATE join_tokens SET rejoin_hash = 'short'`).run()).toThrow(/CHECK/);
    const insert = db!.prepare(`INSERT INTO call_checks (visit_id, child_location, callback_phone, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?)`);
    expect(() => insert.run(V, '   ', '+1 555 010 2000', AT, C)).toThrow(/CHECK/);
    expect(() => insert.run(V, 'x'.repeat(201), '+1 555 010 2000', AT, C)).toThrow(/CHECK/);
    expect(() => insert.run(V, 'Home', '555; DROP', AT, C)).toThrow(/CHECK/);
    expect(() => insert.run(V, 'Home', '12', AT, C)).toThrow(/CHECK/);
    expect(db!.prepare(`SELECT count(*) AS n FROM call_checks`).get()).toEqual({ n: 0 });

    // Tier A without a call check: the store refuses to sign.
    db!.prepare(`INSERT OR IGNORE INTO catalog_red_flags (flag_id, label, content_version) VALUES ('f1', 'F', '1')`).run();
    for (const f of db!.prepare(`SELECT flag_id FROM catalog_red_flags`).pluck().all() as string[]) {
      db!.prepare(`INSERT INTO flag_assessments (visit_id, flag_id, state, source, author, assessed_at, version, updated_at, updated_by) VALUES (?, ?, 'present', 'clinician', ?, ?, 1, ?, ?)`).run(V, f, C, AT, AT, C);
    }
    db!.prepare(`INSERT INTO escalation_decisions (visit_id, tier, decided_by, decided_at, updated_at, updated_by) VALUES (?, 'A', ?, ?, ?, ?)`).run(V, C, AT, AT, C);
    const sign = db!.prepare(`UPDATE visits SET status = 'signed', signed_at = ?, signed_by = ? WHERE id = ?`);
    expect(() => sign.run(AT, C, V)).toThrow(/child's location and a call-back number/);
    insert.run(V, 'Home, 12 Elm Street', '+1 (555) 010-2000', AT, C);
    expect(() => db!.prepare(`UPDATE call_checks SET child_location = 'elsewhere'`).run()).toThrow(/never changed/);
    expect(() => db!.prepare(`DELETE FROM call_checks`).run()).toThrow(/never deleted/);
    sign.run(AT, C, V);
    expect(() => insert.run(V, 'School', '+1 555 010 2000', AT, C)).toThrow(/signed/);
  });
});

describe('0009 signed snapshots', () => {
  it('backfills a snapshot (marked) for a visit signed before the step, refuses changing it, and takes one at every later signing', () => {
    at(3);
    insertClinician(db!);
    insertPatientAndVisit(db!, 'signed');
    db!.prepare(`UPDATE visits SET signed_at = ?, signed_by = ? WHERE id = ?`).run(AT, C, V);
    step(8);
    step(9);
    const row = db!.prepare(`SELECT * FROM signed_snapshots WHERE visit_id = ?`).get(V) as Record<string, string | number>;
    expect(row.backfilled).toBe(1);
    expect(JSON.parse(row.patient_json as string)).toMatchObject({ childName: 'Ana Old', dateOfBirth: '2015-01-01', isDemo: false });
    expect(JSON.parse(row.guardians_json as string)).toEqual([{ id: 'g1', name: 'G', phone: '1' }]);
    expect(JSON.parse(row.signer_json as string)).toEqual({ id: C, displayName: 'Dr', credentials: 'MD' });
    expect(() => db!.prepare(`UPDATE signed_snapshots SET backfilled = 0`).run()).toThrow(/frozen/);
    expect(() => db!.prepare(`DELETE FROM signed_snapshots`).run()).toThrow(/frozen/);
  });
});

describe('0010 keyed audit chain', () => {
  it('adds a mac column; the only update allowed sets a missing mac; once keyed, every new row needs one', () => {
    at(9);
    appendAudit(db!, { actor: 'system', action: 'visit.create', entity: 'visit', entityId: V, at: AT });
    step(10);
    const row = db!.prepare(`SELECT seq, mac FROM audit_log`).get() as { seq: number; mac: string | null };
    expect(row).toEqual({ seq: 1, mac: null });
    expect(() => db!.prepare(`UPDATE audit_log SET actor = 'x', mac = ? WHERE seq = 1`).run('a'.repeat(64))).toThrow(/append-only/);
    expect(() => db!.prepare(`UPDATE audit_log SET mac = 'short' WHERE seq = 1`).run()).toThrow(/CHECK/);
    db!.prepare(`UPDATE audit_log SET mac = ? WHERE seq = 1`).run('a'.repeat(64));
    expect(() => db!.prepare(`UPDATE audit_log SET mac = ? WHERE seq = 1`).run('b'.repeat(64))).toThrow(/append-only/);
    const last = db!.prepare(`SELECT hash FROM audit_log WHERE seq = 1`).pluck().get() as string;
    expect(() =>
      db!.prepare(`INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, detail_json, prev_hash, hash) VALUES (2, ?, 'x', 'a', 'e', 'i', '{}', ?, ?)`).run(AT, last, 'f'.repeat(64)),
    ).toThrow(/keyed chain/);
  });
});

describe('0011 unlock guard', () => {
  it('adds one console-wide row with no failures, and refuses a second row or a negative count', () => {
    at(10);
    step(11);
    expect(db!.prepare(`SELECT * FROM unlock_guard`).all()).toEqual([{ id: 1, failures: 0, paused_until: null, last_failure_at: null }]);
    expect(() => db!.prepare(`INSERT INTO unlock_guard (id, failures) VALUES (2, 0)`).run()).toThrow(/CHECK/);
    expect(() => db!.prepare(`UPDATE unlock_guard SET failures = -1`).run()).toThrow(/CHECK/);
  });
});

describe('opening an older database', () => {
  it('makes a verified backup first, then migrates; the backup holds the old version and rows', () => {
    tmp = tempDbFile();
    const old = openDatabase(tmp.file, { migrations: MIGRATIONS.slice(0, 2) });
    insertPatientAndVisit(old);
    old.close();
    const { db: opened, report } = openStore(tmp.file);
    db = opened;
    expect(report).toMatchObject({ fromVersion: 2, toVersion: SCHEMA_VERSION, check: 'quick_check' });
    expect(report.backup?.schemaVersion).toBe(2);
    const [backup] = listBackups(defaultBackupDir(tmp.file));
    expect(backup?.file).toBe(report.backup?.file);
    const copy = new BetterSqlite3(backup!.file, { readonly: true });
    expect(copy.prepare('SELECT id FROM visits').all()).toEqual([{ id: V }]);
    expect(copy.pragma('user_version', { simple: true })).toBe(2);
    copy.close();
  });

  it('does not migrate when the backup fails, and leaves the file as it was', () => {
    tmp = tempDbFile();
    openDatabase(tmp.file, { migrations: MIGRATIONS.slice(0, 2) }).close();
    const before = readFileSync(tmp.file);
    expect(() =>
      openDatabase(tmp!.file, {
        backupBeforeMigrate: () => {
          throw new StoreError('BACKUP_FAILED');
        },
      }),
    ).toThrow(/verified backup could not be made/);
    expect(readFileSync(tmp.file).equals(before)).toBe(true);
    expect(existsSync(defaultBackupDir(tmp.file))).toBe(false);
  });
});
