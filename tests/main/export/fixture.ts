/**
 * A temp store with the real clinical catalog and the demo visits (one per
 * tier, one with an addendum, one draft), seeded through the real services on
 * a fixed clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAppStore } from '../../../electron/main/app-store';
import { createServices } from '../../../electron/main/services';
import { fixedClock, type ServiceDeps } from '../../../electron/main/services/deps';
import { seedDemoVisits, type SeededVisit } from '../../../electron/main/export/demo-data';
import { sequentialIds } from '../../support/db';

export const EXPORT_NOW = '2026-11-27T15:00:00.000Z';

/** `clock`: a clock of the test's own (e.g. one that moves on, so the visits take time); the fixed EXPORT_NOW otherwise. */
export async function openSeededStore(only?: string[], options: { clock?: ServiceDeps['clock'] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bptc-export-'));
  const file = join(dir, 'visits.sqlite');
  const { db } = openAppStore(file);
  const clock = options.clock ?? fixedClock(EXPORT_NOW);
  const deps: ServiceDeps = { db, clock, newId: sequentialIds(7) };
  const services = createServices(deps);
  const seeded = await seedDemoVisits(services, db, { today: clock.today(), nowIso: clock.now().toISOString(), ...(only ? { only } : {}) });
  const byKey = (key: string): SeededVisit => {
    const v = seeded.visits.find((x) => x.key === key);
    if (!v) throw new Error(`no seeded visit ${key}`);
    return v;
  };
  return {
    dir,
    file,
    db,
    deps,
    clock,
    services,
    clinicianId: seeded.clinicianId,
    visits: seeded.visits,
    byKey,
    close: () => {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
