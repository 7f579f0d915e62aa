/**
 * The active catalog: the red flags every visit must assess (with the tier
 * each demands) and the checklist movements every visit must examine or skip
 * with a reason, before it can be signed. The close-gate triggers read these
 * tables, so the clinical content (shared/clinical, resources/clinical) is
 * loaded here at start-up with syncActiveCatalog; the store itself knows no
 * flag and no movement.
 */
import type { Database } from 'better-sqlite3';
import { appendAudit } from './audit';

export interface CatalogFlag {
  id: string;
  /** The words a clinician knows the flag by (used in close-gate messages). */
  label: string;
  /** The tier the flag demands when present (migration 0018); null = not given (counts as D). */
  tier?: 'A' | 'B' | 'C' | 'D' | null;
}

/** A checklist movement the close gate wants examined or skipped with a reason (migration 0018). */
export interface CatalogMovement {
  id: string;
  title: string;
}

export interface ActiveCatalog {
  version: string | null;
  flags: Required<CatalogFlag>[];
  movements: CatalogMovement[];
}

/**
 * Replace the active catalog with `flagIds` (and `movements`) at `version`,
 * in one transaction (and audited when it changed). Plain ids are their own
 * labels, with no tier.
 */
export function syncActiveCatalog(
  db: Database,
  version: string,
  flagIds: readonly (string | CatalogFlag)[],
  at: Date = new Date(),
  movements: readonly CatalogMovement[] = [],
): { changed: boolean } {
  const flags = flagIds.map((f) => (typeof f === 'string' ? { id: f, label: f, tier: null } : { ...f, tier: f.tier ?? null }));
  if (flags.length === 0) throw new Error('syncActiveCatalog: the catalog has no flags');
  if (new Set(flags.map((f) => f.id)).size !== flags.length) throw new Error('syncActiveCatalog: duplicate flag id');
  if (new Set(movements.map((m) => m.id)).size !== movements.length) throw new Error('syncActiveCatalog: duplicate movement id');
  const run = db.transaction(() => {
    const current = activeCatalog(db);
    const same =
      current.version === version &&
      current.flags.length === flags.length &&
      current.flags.every((f, i) => f.id === flags[i]!.id && f.label === flags[i]!.label && f.tier === flags[i]!.tier) &&
      current.movements.length === movements.length &&
      current.movements.every((m, i) => m.id === movements[i]!.id && m.title === movements[i]!.title);
    if (same) return { changed: false };
    db.prepare(`DELETE FROM catalog_red_flags`).run();
    db.prepare(`DELETE FROM catalog_movements`).run();
    const insert = db.prepare(`INSERT INTO catalog_red_flags (flag_id, label, content_version, tier) VALUES (?, ?, ?, ?)`);
    for (const f of flags) insert.run(f.id, f.label, version, f.tier);
    const insertMovement = db.prepare(`INSERT INTO catalog_movements (maneuver_id, title, content_version) VALUES (?, ?, ?)`);
    for (const m of movements) insertMovement.run(m.id, m.title, version);
    appendAudit(db, {
      actor: 'system',
      action: 'catalog.sync',
      entity: 'catalog',
      entityId: version,
      detail: { flags: flags.map((f) => f.id), movements: movements.map((m) => m.id) },
      at: at.toISOString(),
    });
    return { changed: true };
  });
  return run();
}

export function activeCatalog(db: Database): ActiveCatalog {
  const rows = db.prepare(`SELECT flag_id, label, content_version, tier FROM catalog_red_flags ORDER BY rowid`).all() as {
    flag_id: string;
    label: string;
    content_version: string;
    tier: 'A' | 'B' | 'C' | 'D' | null;
  }[];
  const movements = db.prepare(`SELECT maneuver_id, title FROM catalog_movements ORDER BY rowid`).all() as { maneuver_id: string; title: string }[];
  return {
    version: rows[0]?.content_version ?? null,
    flags: rows.map((r) => ({ id: r.flag_id, label: r.label, tier: r.tier })),
    movements: movements.map((m) => ({ id: m.maneuver_id, title: m.title })),
  };
}
