/**
 * Opening the visit store the way the app does (also used by the CLIs and the
 * end-to-end harness): checks, migrations with a verified backup first, and
 * the active red-flag catalog synced from the clinical content so the SQL
 * close gate checks the same flags the visit room shows.
 */
import type { Database } from 'better-sqlite3';
import { clinicalContent, CONTENT_VERSION, storeCatalogOf } from '../../shared/clinical';
import { openStore, type OpenOptions, type OpenReport } from './store/database';
import { syncActiveCatalog } from './store/catalog';

export function openAppStore(file: string, options: OpenOptions = {}): { db: Database; report: OpenReport } {
  const opened = openStore(file, options);
  if (!options.readonly) {
    // Flags with their tiers and the checklist's movements: what the close-gate triggers check (0006, 0018).
    const catalog = storeCatalogOf(clinicalContent);
    syncActiveCatalog(opened.db, CONTENT_VERSION, catalog.flags, new Date(), catalog.movements);
  }
  return opened;
}
