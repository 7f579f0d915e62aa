/**
 * Counts the SQL statements the real store runs (issue 15's cost per write):
 * wraps better-sqlite3's Statement run/get/all/iterate and Database exec,
 * on the prototypes, in the test or bench process only (no product code
 * changes). The BEGIN and COMMIT of `db.transaction` go through a statement
 * too and are counted.
 */
import type { Database } from 'better-sqlite3';

export interface StatementCounter {
  /** Statements run since the last reset. */
  readonly count: number;
  /** The SQL of each statement run since the last reset (for finding where they come from). */
  readonly log: readonly string[];
  reset(): void;
  /** Put the prototypes back. */
  restore(): void;
}

export function countStatements(db: Database): StatementCounter {
  const statementProto = Object.getPrototypeOf(db.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
  const dbProto = Object.getPrototypeOf(db) as Record<string, (...args: unknown[]) => unknown>;
  let count = 0;
  let log: string[] = [];
  const originals: [Record<string, (...args: unknown[]) => unknown>, string, (...args: unknown[]) => unknown][] = [];
  const wrap = (proto: Record<string, (...args: unknown[]) => unknown>, name: string, sqlOf: (self: unknown, args: unknown[]) => string) => {
    const original = proto[name]!;
    originals.push([proto, name, original]);
    proto[name] = function (this: unknown, ...args: unknown[]) {
      count += 1;
      log.push(sqlOf(this, args));
      return original.apply(this, args);
    };
  };
  for (const m of ['run', 'get', 'all', 'iterate']) wrap(statementProto, m, (self) => (self as { source: string }).source.replace(/\s+/g, ' ').slice(0, 90));
  wrap(dbProto, 'exec', (_self, args) => String(args[0]).replace(/\s+/g, ' ').slice(0, 90));
  return {
    get count() {
      return count;
    },
    get log() {
      return log;
    },
    reset() {
      count = 0;
      log = [];
    },
    restore() {
      for (const [proto, name, original] of originals) proto[name] = original;
    },
  };
}
