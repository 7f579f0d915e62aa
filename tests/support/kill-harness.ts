/**
 * The kill -9 loop shared by the durability test and the benchmark: a child
 * writes and acknowledges, the parent kills it at a random moment, reopens
 * the database and checks every acknowledged row and integrity_check.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../electron/main/store/database';
import { verifyAuditChain } from '../../electron/main/store/audit';

const WRITER = fileURLToPath(new URL('./kill-writer.ts', import.meta.url));

export interface KillTrial {
  acked: number;
  lost: number;
  integrity: string;
  auditOk: boolean;
  uncleanShutdown: boolean;
}

export interface KillSummary {
  trials: number;
  ackedWrites: number;
  ackedWritesLost: number;
  integrityFailures: number;
  auditFailures: number;
  uncleanShutdowns: number;
}

/** Run one child until a random moment after its first ack, SIGKILL it, and return every id it acknowledged. */
function runAndKill(file: string, visitId: string, clinicianId: string, maxDelayMs: number, random: () => number, key?: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file, visitId, clinicianId], {
      env: key ? { ...process.env, BPTC_TEST_DB_KEY: key.toString('hex') } : process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: string[] = [];
    let buffer = '';
    let stderr = '';
    let armed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('ack ')) acked.push(line.slice(4));
        if (line.startsWith('ack ') && !armed) {
          armed = true;
          setTimeout(() => child.kill('SIGKILL'), Math.floor(random() * maxDelayMs));
        }
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      // A line cut off by the kill was never acknowledged: only complete lines count.
      if (signal !== 'SIGKILL') reject(new Error(`writer exited without being killed: ${stderr.slice(0, 500)}`));
      else resolve(acked);
    });
  });
}

/** Check one reopened database against the ids acknowledged so far. */
export function checkAfterKill(file: string, acked: readonly string[], key?: Buffer): KillTrial {
  const { db, report } = openStore(file, key ? { key } : {});
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    const has = db.prepare('SELECT 1 FROM observations WHERE id = ?');
    const lost = acked.filter((id) => !has.get(id)).length;
    return { acked: acked.length, lost, integrity, auditOk: verifyAuditChain(db).ok, uncleanShutdown: report.uncleanShutdown };
  } finally {
    db.close();
  }
}

/**
 * `trials` rounds of write → SIGKILL → reopen → check, on one database file
 * with a visit in progress. A seeded PRNG makes the kill moments repeatable.
 */
export async function runKillTrials(options: {
  file: string;
  visitId: string;
  clinicianId: string;
  trials: number;
  maxDelayMs?: number;
  seed?: number;
  /** Encrypt the drill's database with this key (the app always does). */
  key?: Buffer;
  onTrial?: (i: number, t: KillTrial) => void;
}): Promise<KillSummary> {
  let s = options.seed ?? 0x5eed;
  const random = () => {
    // mulberry32
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const allAcked: string[] = [];
  const summary: KillSummary = { trials: 0, ackedWrites: 0, ackedWritesLost: 0, integrityFailures: 0, auditFailures: 0, uncleanShutdowns: 0 };
  for (let i = 0; i < options.trials; i += 1) {
    const acked = await runAndKill(options.file, options.visitId, options.clinicianId, options.maxDelayMs ?? 150, random, options.key);
    allAcked.push(...acked);
    const trial = checkAfterKill(options.file, allAcked, options.key);
    options.onTrial?.(i, trial);
    summary.trials += 1;
    summary.ackedWrites = allAcked.length;
    summary.ackedWritesLost = Math.max(summary.ackedWritesLost, trial.lost);
    if (trial.integrity !== 'ok') summary.integrityFailures += 1;
    if (!trial.auditOk) summary.auditFailures += 1;
    if (trial.uncleanShutdown) summary.uncleanShutdowns += 1;
  }
  return summary;
}
