/**
 * Bulk fixtures for benchmarks and list tests: many patients and visits
 * inserted directly (one transaction), with deterministic names and times.
 * Not audited: this stands in for years of history, not for app writes.
 */
import type { Database } from 'better-sqlite3';

const FIRST = ['Mia', 'Leo', 'Ava', 'Noah', 'Zoe', 'Liam', 'Emma', 'Omar', 'Sofía', 'Jonas', 'Aiko', 'Ravi', 'Lena', 'Mateo', 'Nora', 'Ibrahim', 'Chloé', 'Yusuf', 'Hana', 'Diego'];
const LAST = ['García', 'Smith', 'Nguyen', 'Müller', 'Okafor', 'Kowalski', 'Haddad', 'Rossi', 'Tanaka', 'Silva', 'Johansson', 'Patel', 'Dubois', 'Novak', 'Cohen', 'Ahmed', 'Kim', 'López', 'Brown', 'Ivanova'];

/** A deterministic, mostly unique child name for patient number `i`. */
export function seededName(i: number): string {
  return `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}-${(i * 7919) % 100_003}`;
}

export function seedVisits(db: Database, options: { patients: number; visits: number; start?: string }): { patientIds: string[] } {
  const start = Date.parse(options.start ?? '2020-01-01T08:00:00Z');
  const statuses = ['scheduled', 'waiting', 'in_progress', 'awaiting_decision'] as const;
  const hex = (n: number) => n.toString(16).padStart(12, '0');
  const patientIds: string[] = [];
  const insertPatient = db.prepare(
    `INSERT INTO patients (id, child_name, name_search, date_of_birth, sex, weight_kg, weight_recorded_at, created_at)
     VALUES (?, ?, ?, '2014-05-01', 'unknown', 30, '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z')`,
  );
  const insertGuardian = db.prepare(
    `INSERT INTO guardians (id, patient_id, name, phone, created_at) VALUES (?, ?, 'Guardian', '+1 555 0100', '2020-01-01T00:00:00.000Z')`,
  );
  const insertVisit = db.prepare(
    `INSERT INTO visits (id, patient_id, scheduled_start, duration_minutes, reason, status, created_at, created_by)
     VALUES (?, ?, ?, 20, NULL, ?, '2020-01-01T00:00:00.000Z', 'system')`,
  );
  db.transaction(() => {
    for (let i = 0; i < options.patients; i += 1) {
      const id = `10000000-0000-4000-8000-${hex(i)}`;
      const name = seededName(i);
      insertPatient.run(id, name, name.toLowerCase());
      insertGuardian.run(`20000000-0000-4000-8000-${hex(i)}`, id);
      patientIds.push(id);
    }
    for (let i = 0; i < options.visits; i += 1) {
      // spread over ~5 years, 30-minute slots, patients interleaved
      const at = new Date(start + i * 30 * 60 * 1000).toISOString();
      insertVisit.run(`30000000-0000-4000-8000-${hex(i)}`, patientIds[(i * 31) % options.patients]!, at, statuses[i % statuses.length]!);
    }
  })();
  db.pragma('optimize');
  return { patientIds };
}
