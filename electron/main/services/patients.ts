import { AppError } from '../../../shared/ipc/errors';
import { validateNewPatient, type NewPatientInput, type PatientSummary } from '../../../shared/domain/patient';
import { appendAudit } from '../store/audit';
import { storageGuard, type ServiceDeps } from './deps';

/** A patient as the list shows them: the columns are named as PatientSummary's fields. */
const SELECT_PATIENT = `
  SELECT p.id, p.child_name AS childName, p.date_of_birth AS dateOfBirth, p.sex, p.weight_kg AS weightKg,
         g.name AS guardianName, g.phone AS guardianPhone, g.email AS guardianEmail, p.created_at AS createdAt
  FROM patients p
  JOIN guardians g ON g.id = (SELECT id FROM guardians WHERE patient_id = p.id ORDER BY created_at, id LIMIT 1)`;

/** Escape LIKE wildcards so a search for "50%" means the characters, not a pattern. */
export function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function createPatientService(deps: ServiceDeps) {
  const { db, clock, newId } = deps;
  const insertPatient = db.prepare(
    `INSERT INTO patients (id, child_name, name_search, date_of_birth, sex, weight_kg, weight_recorded_at, created_at)
     VALUES (@id, @childName, @nameSearch, @dateOfBirth, @sex, @weightKg, @now, @now)`,
  );
  const insertGuardian = db.prepare(
    `INSERT INTO guardians (id, patient_id, name, phone, email, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare(`${SELECT_PATIENT} WHERE p.id = ?`);
  const list = db.prepare(`${SELECT_PATIENT} WHERE p.hidden_at IS NULL ORDER BY p.name_search, p.id LIMIT 200`);
  const search = db.prepare(`${SELECT_PATIENT} WHERE p.hidden_at IS NULL AND p.name_search LIKE ? ESCAPE '\\' ORDER BY p.name_search, p.id LIMIT 200`);

  // The acting clinician is recorded in the same transaction as the rows (issue 14): ids only, never the details.
  const createTx = db.transaction((input: NewPatientInput, id: string, now: string, actor: string) => {
    insertPatient.run({ id, nameSearch: input.childName.toLowerCase(), now, ...input });
    const guardianId = newId();
    insertGuardian.run(guardianId, id, input.guardianName, input.guardianPhone, input.guardianEmail ?? null, now);
    appendAudit(db, { actor, action: 'patient.create', entity: 'patient', entityId: id, at: now, detail: { guardianId } });
  });
  const readTx = db.transaction((id: string, actor: string, view: string, now: string) => {
    appendAudit(db, { actor, action: 'patient.read', entity: 'patient', entityId: id, at: now, detail: { view } });
  });

  return {
    /** Add a child and their guardian. Validates again: the main process is the authority. */
    async create(input: NewPatientInput, actor = 'system'): Promise<PatientSummary> {
      const checked = validateNewPatient(input, clock.today());
      if (!checked.ok) throw new AppError('VALIDATION', 'Some of the information is not valid.', checked.fields);
      const id = newId();
      storageGuard(() => createTx(checked.value, id, clock.now().toISOString(), actor));
      return this.get(id);
    },

    /** A clinician reads a patient's record (`view` names which screen): audited, then answered. */
    async read(id: string, actor: string, view = 'summary'): Promise<PatientSummary> {
      const patient = await this.get(id);
      storageGuard(() => readTx(id, actor, view, clock.now().toISOString()));
      return patient;
    },

    async get(id: string): Promise<PatientSummary> {
      const patient = byId.get(id) as PatientSummary | undefined;
      if (!patient) throw new AppError('NOT_FOUND', 'That patient was not found.');
      return patient;
    },

    async list(query: { search?: string | undefined } = {}): Promise<PatientSummary[]> {
      return (query.search ? search.all(likeContains(query.search)) : list.all()) as PatientSummary[];
    },
  };
}
export type PatientService = ReturnType<typeof createPatientService>;
