/**
 * The active red-flag catalog: the list of flags every visit must assess
 * before it can be signed. The close-gate trigger reads this table, so the
 * clinical content (shared/clinical, resources/clinical) is loaded here at
 * start-up with syncActiveCatalog; the store itself knows no flag.
 */
import type { Database } from 'better-sqlite3';
import { appendAudit } from './audit';

export interface CatalogFlag {
  id: string;
  /** The words a clinician knows the flag by (used in close-gate messages). */
  label: string;
}

export interface ActiveCatalog {
  version: string | null;
  flags: CatalogFlag[];
}

/**
 * Replace the active catalog with `flagIds` at `version`, in one transaction
 * (and audited when it changed). Plain ids are their own labels.
 */
export function syncActiveCatalog(
  db: Database,
  version: string,
  flagIds: readonly (string | CatalogFlag)[],
  at: Date = new Date(),
): { changed: boolean } {
  const flags = flagIds.map((f) => (typeof f === 'string' ? { id: f, label: f } : f));
  if (flags.length === 0) throw new Error('syncActiveCatalog: the catalog has no flags');
  if (new Set(flags.map((f) => f.id)).size !== flags.length) throw new Error('syncActiveCatalog: duplicate flag id');
  const run = db.transaction(() => {
    const current = activeCatalog(db);
    const same =
      current.version === version &&
      current.flags.length === flags.length &&
      current.flags.every((f, i) => f.id === flags[i]!.id && f.label === flags[i]!.label);
    if (same) return { changed: false };
    db.prepare(`DELETE FROM catalog_red_flags`).run();
    const insert = db.prepare(`INSERT INTO catalog_red_flags (flag_id, label, content_version) VALUES (?, ?, ?)`);
    for (const f of flags) insert.run(f.id, f.label, version);
    appendAudit(db, {
      actor: 'system',
      action: 'catalog.sync',
      entity: 'catalog',
      entityId: version,
      detail: { flags: flags.map((f) => f.id) },
      at: at.toISOString(),
    });
    return { changed: true };
  });
  return run();
}

export function activeCatalog(db: Database): ActiveCatalog {
  const rows = db.prepare(`SELECT flag_id, label, content_version FROM catalog_red_flags ORDER BY rowid`).all() as {
    flag_id: string;
    label: string;
    content_version: string;
  }[];
  return { version: rows[0]?.content_version ?? null, flags: rows.map((r) => ({ id: r.flag_id, label: r.label })) };
}
