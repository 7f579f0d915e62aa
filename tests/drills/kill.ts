/**
 * The kill -9 durability drill: a child process writes observations and
 * acknowledges each after commit; this process kills it with SIGKILL at a
 * random moment, reopens the database and checks that every acknowledged row
 * is there and integrity_check is ok.
 *   npm run drill:kill -- [--trials 100]
 * Last line: {"kill_trials":N,"acked_writes":N,"acked_writes_lost":0,"integrity_failures":0}
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../electron/main/store/database';
import { createServices } from '../../electron/main/services';
import { syncActiveCatalog } from '../../electron/main/store/catalog';
import { clinicalContent, CONTENT_VERSION } from '../../shared/clinical';
import { defaultDeps } from '../../electron/main/services/deps';
import { runKillTrials, type KillSummary } from '../support/kill-harness';
import { validPatient } from '../support/db';

export async function killDrill(trials: number, log: (line: string) => void = () => {}): Promise<KillSummary> {
  const dir = mkdtempSync(join(tmpdir(), 'bptc-kill-'));
  try {
    const file = join(dir, 'visits.sqlite');
    // Encrypted, as the app's database is.
    const key = randomBytes(32);
    const { db } = openStore(file, { key });
    syncActiveCatalog(db, CONTENT_VERSION, clinicalContent.redFlags.flags.map((f) => ({ id: f.id, label: f.label })));
    const services = createServices(defaultDeps(db));
    const { current } = await services.session.setup({ displayName: 'Dr Drill', credentials: 'MD', passcode: 'drill-passcode' });
    const p = await services.patients.create(validPatient);
    const v = await services.visits.schedule({ patientId: p.id, scheduledStart: new Date().toISOString(), durationMinutes: 20 });
    db.close();
    return await runKillTrials({
      file,
      visitId: v.id,
      clinicianId: current!.id,
      trials,
      key,
      seed: Date.now() | 0,
      onTrial: (i, t) => {
        if ((i + 1) % 10 === 0) log(`trial ${i + 1}/${trials}: ${t.acked} acknowledged, ${t.lost} lost, integrity ${t.integrity}`);
      },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!);
if (isMain) {
  const i = process.argv.indexOf('--trials');
  const trials = i > 0 ? Number(process.argv[i + 1]) : 100;
  if (!Number.isInteger(trials) || trials < 1) {
    console.error('--trials takes a whole number');
    process.exit(2);
  }
  const s = await killDrill(trials, console.log);
  console.log(`kill -9 trials ${s.trials}: ${s.ackedWrites} acknowledged writes, ${s.ackedWritesLost} lost, ${s.integrityFailures} integrity failures`);
  console.log(JSON.stringify({ kill_trials: s.trials, acked_writes: s.ackedWrites, acked_writes_lost: s.ackedWritesLost, integrity_failures: s.integrityFailures }));
  process.exit(s.ackedWritesLost === 0 && s.integrityFailures === 0 ? 0 : 1);
}
