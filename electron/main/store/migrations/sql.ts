/**
 * SQL builders the migrations share: the guard triggers (a BEFORE trigger
 * whose whole body is one RAISE(ABORT, …)) that make the store the last guard.
 *
 * FROZEN, like the migrations that use it: SQLite keeps the text of every
 * CREATE statement in sqlite_master, so these builders must keep producing
 * the released text to the character (layout included). A change here is a
 * change to every released schema step; tests/main/store/schema-snapshot.test.ts
 * compares each step's full sqlite_master SQL with the snapshot taken before
 * these builders existed, and fails on any difference. A new rule goes into a
 * new migration (with its own SQL, or a new builder), never into an edit here.
 */

/** SQL string literal content: a quote doubled. */
const literal = (text: string) => text.replace(/'/g, "''");

/**
 * `CREATE TRIGGER name <when> BEGIN SELECT RAISE(ABORT, 'message'); END;`,
 * laid out as the migrations write it (statement at six spaces, body at eight).
 * `when` is everything between the name and BEGIN: `BEFORE UPDATE ON t`, or
 * `BEFORE INSERT ON t WHEN <condition>`; given as lines, the lines after the
 * first go on lines of their own at eight spaces (plus their own indent).
 */
export function guard(name: string, when: string | readonly string[], message: string): string {
  const head = typeof when === 'string' ? when : when.join('\n        ');
  return `CREATE TRIGGER ${name} ${head} BEGIN
        SELECT RAISE(ABORT, '${literal(message)}');
      END;`;
}

/** Clinical rows are never deleted: `<table>_never_deleted`. */
export function neverDeleted(table: string): string {
  return guard(`${table}_never_deleted`, `BEFORE DELETE ON ${table}`, 'clinical rows are never deleted');
}

