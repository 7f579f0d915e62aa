/**
 * The migrations are frozen: a refactor of how they are written (the guard
 * trigger builders in migrations/sql.ts) must not change the schema they
 * make, by a single character. The snapshot was taken from the migrations as
 * released, before that refactor, and holds the full `sqlite_master` SQL
 * after every step (an upgrade from any released version runs the later
 * steps on that step's schema, so each intermediate schema matters too).
 *
 * The snapshot is never regenerated to make this test pass. A new migration
 * appends its step: `npx tsx tests/main/store/schema-snapshot.ts --append`.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MIGRATIONS } from '../../../electron/main/store/migrations';
import { SNAPSHOT_FILE, schemaAfterEachStep } from './schema-snapshot';

const snapshot = JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')) as { version: number; name: string; schema: string[] }[];

describe('the schema each migration step makes', () => {
  const actual = schemaAfterEachStep();

  it('covers every released step', () => {
    expect(snapshot.length).toBeGreaterThanOrEqual(17);
    expect(snapshot.map((s) => s.name)).toEqual(MIGRATIONS.slice(0, snapshot.length).map((m) => m.name));
  });

  it.each(snapshot.map((s) => [s.version, s.name, s] as const))('after %i (%s) is the released schema, character for character', (version, _name, step) => {
    expect(actual[version - 1]?.schema).toEqual(step.schema);
  });

  it('fails when a single trigger changes (the comparison can fail)', () => {
    const last = snapshot[snapshot.length - 1]!;
    const changed = last.schema.map((sql) => sql.replace('RAISE(ABORT', 'RAISE(FAIL'));
    expect(changed).not.toEqual(last.schema);
  });
});
