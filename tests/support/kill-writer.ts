/**
 * Child process for the kill -9 durability test: writes observations through
 * the real service as fast as it can and prints `ack <id>` only after each
 * write's transaction has committed. The parent kills it with SIGKILL.
 *
 * Usage: node --import tsx tests/support/kill-writer.ts <dbFile> <visitId> <clinicianId>
 * The database key, when the drill runs encrypted, comes as hex in BPTC_TEST_DB_KEY (not argv).
 */
import { randomUUID } from 'node:crypto';
import { writeSync } from 'node:fs';
import { openDatabase } from '../../electron/main/store/database';
import { createServices } from '../../electron/main/services';
import { defaultDeps } from '../../electron/main/services/deps';

const [file, visitId, clinicianId] = process.argv.slice(2);
if (!file || !visitId || !clinicianId) {
  console.error('usage: kill-writer <dbFile> <visitId> <clinicianId>');
  process.exit(2);
}
const keyHex = process.env.BPTC_TEST_DB_KEY;
const db = openDatabase(file, keyHex ? { key: Buffer.from(keyHex, 'hex') } : {});
const services = createServices({ ...defaultDeps(db), newId: randomUUID });
writeSync(1, 'ready\n');
for (let i = 0; ; i += 1) {
  const o = await services.record.addObservation(
    visitId,
    { maneuverId: 'kill-test', result: 'normal', side: 'both', painScore: i % 11, painScale: 'nrs-11', note: `write ${i}` },
    clinicianId,
  );
  // Synchronous write to the pipe: the ack leaves only after the commit returned.
  writeSync(1, `ack ${o.id}\n`);
}
