import type { Migration } from './types';

/** One history trigger per versioned table: the old row, as JSON, goes to clinical_revisions before it changes. */
function historyTrigger(table: string, entity: string, idExpr: string, columns: readonly string[]): string {
  const json = columns.map((c) => `'${c}', OLD.${c}`).join(', ');
  return `
      CREATE TRIGGER ${table}_keep_history AFTER UPDATE ON ${table} BEGIN
        INSERT INTO clinical_revisions (entity, entity_id, visit_id, version, old_json, replaced_at, replaced_by)
        VALUES ('${entity}', ${idExpr}, OLD.visit_id, OLD.version, json_object(${json}), NEW.updated_at, NEW.updated_by);
      END;`;
}

/**
 * The clinical record of a visit: movement observations, red-flag
 * assessments, the escalation decision, the plan, still-image consent and
 * images, addenda, the history of every changed entry, and the active
 * red-flag catalog the close gate checks against.
 *
 * Entries the clinician may correct before signing carry a `version`; a
 * trigger copies the old row to `clinical_revisions` on every update, so a
 * change can never lose what was there before.
 */
export const m0004ClinicalRecord: Migration = {
  version: 4,
  name: '0004-clinical-record',
  up(db) {
    db.exec(`
      CREATE TABLE catalog_red_flags (
        flag_id TEXT PRIMARY KEY CHECK (length(flag_id) BETWEEN 1 AND 100),
        label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
        content_version TEXT NOT NULL CHECK (length(content_version) BETWEEN 1 AND 100)
      ) STRICT;

      CREATE TABLE clinical_revisions (
        seq INTEGER PRIMARY KEY,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        visit_id TEXT NOT NULL REFERENCES visits(id),
        version INTEGER NOT NULL,
        old_json TEXT NOT NULL CHECK (json_valid(old_json)),
        replaced_at TEXT NOT NULL,
        replaced_by TEXT NOT NULL,
        UNIQUE (entity, entity_id, version)
      ) STRICT;

      CREATE TABLE observations (
        id TEXT PRIMARY KEY,
        visit_id TEXT NOT NULL REFERENCES visits(id),
        maneuver_id TEXT NOT NULL CHECK (length(maneuver_id) BETWEEN 1 AND 100),
        result TEXT NOT NULL CHECK (result IN ('normal', 'abnormal', 'unable', 'not_tested')),
        side TEXT NOT NULL CHECK (side IN ('left', 'right', 'both', 'midline', 'not_applicable')),
        pain_score INTEGER CHECK (pain_score IS NULL OR pain_score BETWEEN 0 AND 10),
        pain_scale TEXT CHECK (pain_scale IS NULL OR length(pain_scale) BETWEEN 1 AND 50),
        note TEXT CHECK (note IS NULL OR length(note) <= 2000),
        -- the maneuver's own fields (resources/clinical/maneuvers.json), validated by
        -- shared/clinical before writing; result/side above are a coarse summary of them
        fields_json TEXT NOT NULL DEFAULT '{}'
          CHECK (json_valid(fields_json) AND json_type(fields_json) = 'object' AND length(fields_json) <= 20000),
        -- struck out before signing (entered in error); never deleted
        retracted INTEGER NOT NULL DEFAULT 0 CHECK (retracted IN (0, 1)),
        author TEXT NOT NULL REFERENCES clinicians(id),
        observed_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL REFERENCES clinicians(id),
        CHECK ((pain_score IS NULL) = (pain_scale IS NULL))
      ) STRICT;
      CREATE INDEX observations_by_visit ON observations(visit_id, observed_at, id);

      CREATE TABLE flag_assessments (
        visit_id TEXT NOT NULL REFERENCES visits(id),
        flag_id TEXT NOT NULL CHECK (length(flag_id) BETWEEN 1 AND 100),
        state TEXT NOT NULL CHECK (state IN ('present', 'absent', 'unassessable')),
        source TEXT NOT NULL CHECK (source IN ('family_intake', 'observation', 'derived', 'clinician')),
        note TEXT CHECK (note IS NULL OR length(note) <= 2000),
        -- a clinician id, 'family' or 'system'
        author TEXT NOT NULL CHECK (length(author) BETWEEN 1 AND 64),
        assessed_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL CHECK (length(updated_by) BETWEEN 1 AND 64),
        PRIMARY KEY (visit_id, flag_id)
      ) STRICT;

      CREATE TABLE escalation_decisions (
        visit_id TEXT PRIMARY KEY REFERENCES visits(id),
        tier TEXT NOT NULL CHECK (tier IN ('A', 'B', 'C', 'D', 'E')),
        rationale TEXT CHECK (rationale IS NULL OR length(rationale) <= 4000),
        -- what the family was told (the tier's script, as said)
        family_told TEXT CHECK (family_told IS NULL OR length(family_told) <= 4000),
        decided_by TEXT NOT NULL REFERENCES clinicians(id),
        decided_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL REFERENCES clinicians(id)
      ) STRICT;

      CREATE TABLE plans (
        visit_id TEXT PRIMARY KEY REFERENCES visits(id),
        advice_json TEXT NOT NULL CHECK (json_valid(advice_json) AND json_type(advice_json) = 'array' AND length(advice_json) <= 20000),
        analgesia_json TEXT NOT NULL CHECK (json_valid(analgesia_json) AND json_type(analgesia_json) = 'array' AND length(analgesia_json) <= 20000),
        follow_up_json TEXT NOT NULL CHECK (json_valid(follow_up_json) AND json_type(follow_up_json) = 'object' AND length(follow_up_json) <= 20000),
        -- body-map regions where it hurts (ids from the renderer's SVG map)
        body_map_json TEXT NOT NULL DEFAULT '[]'
          CHECK (json_valid(body_map_json) AND json_type(body_map_json) = 'array' AND length(body_map_json) <= 2000),
        author TEXT NOT NULL REFERENCES clinicians(id),
        written_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL REFERENCES clinicians(id)
      ) STRICT;

      CREATE TABLE consents (
        id TEXT PRIMARY KEY,
        visit_id TEXT NOT NULL REFERENCES visits(id),
        kind TEXT NOT NULL CHECK (kind IN ('still_capture')),
        given_by TEXT NOT NULL CHECK (given_by IN ('guardian', 'patient', 'guardian_and_patient')),
        recorded_by TEXT NOT NULL REFERENCES clinicians(id),
        recorded_at TEXT NOT NULL,
        withdrawn_at TEXT,
        withdrawn_by TEXT REFERENCES clinicians(id)
      ) STRICT;
      CREATE INDEX consents_by_visit ON consents(visit_id, kind);

      CREATE TABLE still_images (
        id TEXT PRIMARY KEY,
        visit_id TEXT NOT NULL REFERENCES visits(id),
        consent_id TEXT NOT NULL REFERENCES consents(id),
        mime TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
        byte_size INTEGER NOT NULL CHECK (byte_size BETWEEN 1 AND 2000000),
        data BLOB NOT NULL CHECK (length(data) = byte_size),
        caption TEXT CHECK (caption IS NULL OR length(caption) <= 500),
        captured_by TEXT NOT NULL REFERENCES clinicians(id),
        captured_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX still_images_by_visit ON still_images(visit_id, captured_at);

      CREATE TABLE addenda (
        id TEXT PRIMARY KEY,
        visit_id TEXT NOT NULL REFERENCES visits(id),
        author TEXT NOT NULL REFERENCES clinicians(id),
        created_at TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
        corrects_entity TEXT CHECK (corrects_entity IS NULL OR corrects_entity IN
          ('observation', 'flag_assessment', 'escalation_decision', 'plan', 'intake', 'still_image', 'consent', 'visit')),
        corrects_id TEXT CHECK (corrects_id IS NULL OR length(corrects_id) BETWEEN 1 AND 200),
        CHECK ((corrects_entity IS NULL) = (corrects_id IS NULL))
      ) STRICT;
      CREATE INDEX addenda_by_visit ON addenda(visit_id, created_at);

      -- the intake (0002) becomes a versioned entry too
      ALTER TABLE intakes ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE intakes ADD COLUMN updated_at TEXT;
      ALTER TABLE intakes ADD COLUMN updated_by TEXT;

      ${historyTrigger('observations', 'observation', 'OLD.id', [
        'maneuver_id', 'result', 'side', 'pain_score', 'pain_scale', 'note', 'fields_json', 'retracted', 'author', 'observed_at', 'updated_at', 'updated_by',
      ])}
      ${historyTrigger('flag_assessments', 'flag_assessment', `OLD.visit_id || '/' || OLD.flag_id`, [
        'flag_id', 'state', 'source', 'note', 'author', 'assessed_at', 'updated_at', 'updated_by',
      ])}
      ${historyTrigger('escalation_decisions', 'escalation_decision', 'OLD.visit_id', [
        'tier', 'rationale', 'family_told', 'decided_by', 'decided_at', 'updated_at', 'updated_by',
      ])}
      ${historyTrigger('plans', 'plan', 'OLD.visit_id', [
        'advice_json', 'analgesia_json', 'follow_up_json', 'body_map_json', 'author', 'written_at', 'updated_at', 'updated_by',
      ])}
      CREATE TRIGGER intakes_keep_history AFTER UPDATE ON intakes BEGIN
        INSERT INTO clinical_revisions (entity, entity_id, visit_id, version, old_json, replaced_at, replaced_by)
        VALUES ('intake', OLD.visit_id, OLD.visit_id, OLD.version,
          json_object('answers_json', OLD.answers_json, 'language', OLD.language, 'submitted_at', OLD.submitted_at,
                      'submitted_by', OLD.submitted_by, 'updated_at', OLD.updated_at, 'updated_by', OLD.updated_by),
          coalesce(NEW.updated_at, NEW.submitted_at), coalesce(NEW.updated_by, NEW.submitted_by));
      END;
    `);
  },
};
