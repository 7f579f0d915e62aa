/**
 * npm run security:report [-- --kill-trials N --fuzz-cases N --lockout-seconds N]
 * Runs the security gate and the drills, prints what it found, and last one
 * JSON line: electronegativity {high, medium, low}, fuzz_cases, fuzz_failures,
 * kill_trials, acked_writes_lost, corrupt_fixtures, corrupt_mishandled,
 * family_server_lockout_trials {…, family_joins_refused},
 * intake_resubmissions_accepted_max,
 * bricking_inputs_tried, bricking_inputs_failed (issue 14: generated stored
 * visits every room, gate and export path must answer without INTERNAL).
 * The lockout trial runs 60 s unless --lockout-seconds or BPTC_LOCKOUT_SECONDS
 * says otherwise (a quick run). Exits 1 when anything failed.
 */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { runIpcFuzz } from '../support/ipc-fuzz';
import { runCorruptFixtures } from '../support/corrupt-fixtures';
import { killDrill } from '../drills/kill';
import { familyLockoutTrial, intakeResubmissions } from '../support/family-lockout';
import { runBricking } from './bricking';
import { FamilyClientMessage } from '../../shared/signaling/family';
import { MAX_SIGNAL_MESSAGE_BYTES } from '../../shared/signaling/limits';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  const n = i > 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

function electronegativity(): { high: number; medium: number; low: number } {
  let out: string;
  try {
    out = execFileSync(process.execPath, ['electron/tools/electronegativity-gate.mjs', '--input', 'out'], { encoding: 'utf8' });
  } catch (error) {
    out = String((error as { stdout?: string }).stdout ?? '{}');
  }
  const counts = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, number>;
  console.log(`electronegativity: ${JSON.stringify(counts)}`);
  return { high: counts.high ?? 0, medium: counts.medium ?? 0, low: counts.low ?? 0 };
}

/** The family signaling parser on malformed, oversized and mutated-valid frames: it must answer, never throw. */
function signalingFuzz(cases: number): { cases: number; failures: number } {
  const valid = { type: 'hello', token: 'A'.repeat(43), lang: 'en' };
  const frames = fc.sample(
    fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.anything({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'undefined'),
      fc.tuple(fc.constantFrom(...Object.keys(valid)), fc.anything()).map(([k, v]) => JSON.stringify({ ...valid, [k]: v })),
      fc.constant('x'.repeat(MAX_SIGNAL_MESSAGE_BYTES + 1)),
    ),
    { numRuns: cases, seed: 7 },
  );
  let failures = 0;
  for (const frame of frames) {
    try {
      if (frame.length > MAX_SIGNAL_MESSAGE_BYTES) continue; // refused by size before parsing
      let value: unknown;
      try {
        value = JSON.parse(frame);
      } catch {
        continue; // refused as malformed
      }
      FamilyClientMessage.safeParse(value);
    } catch {
      failures += 1;
    }
  }
  return { cases: frames.length, failures };
}

const fuzzPerChannel = arg('--fuzz-cases', 1000);
const killTrials = arg('--kill-trials', 100);
const lockoutSeconds = arg('--lockout-seconds', Number(process.env.BPTC_LOCKOUT_SECONDS) || 60);
const brickingCases = arg('--bricking-cases', 500);

const en = electronegativity();
const ipc = await runIpcFuzz({ casesPerChannel: fuzzPerChannel });
console.log(`IPC fuzz: ${ipc.cases} cases over ${Object.keys(ipc.perChannel).length} channels, ${ipc.failures} failures`);
for (const e of ipc.examples) console.log(`  ${e}`);
const sig = signalingFuzz(5000);
console.log(`signaling parser fuzz: ${sig.cases} frames, ${sig.failures} failures`);
const kill = await killDrill(killTrials, console.log);
console.log(`kill -9: ${kill.trials} trials, ${kill.ackedWrites} acknowledged writes, ${kill.ackedWritesLost} lost`);
const corrupt = await runCorruptFixtures();
// Issue 14: a stranger holding and recycling sockets must not keep a family with a valid link out.
const lockout = await familyLockoutTrial(lockoutSeconds * 1000, (l) => console.log(`  ${l}`));
console.log(
  `family server lockout trial: ${lockout.duration_s} s, ${lockout.family_joins} family joins, ${lockout.family_joins_refused} refused; ` +
    `stranger ${lockout.stranger_attempts} connections, ${lockout.stranger_refused} refused, at most ${lockout.unauthenticated_peak} unauthenticated sockets held`,
);
const intake = await intakeResubmissions();
console.log(`intake resubmission: ${intake.tried} tried over 3 links, at most ${intake.acceptedMaxPerParticipant} accepted per participant, ${intake.acceptedForVisit} for the visit`);
for (const r of corrupt) console.log(`corrupt fixture "${r.name}": ${r.got}${r.handled ? '' : ` (expected ${r.expected.join('/')}, untouched ${r.untouched})`}`);
const bricking = await runBricking({ count: brickingCases });
console.log(`bricking inputs: ${bricking.tried} generated stored visits, ${bricking.failed} with an INTERNAL or a throw`);
for (const e of bricking.examples) console.log(`  ${e}`);

const line = {
  electronegativity: en,
  fuzz_cases: ipc.cases + sig.cases,
  fuzz_failures: ipc.failures + sig.failures,
  kill_trials: kill.trials,
  acked_writes_lost: kill.ackedWritesLost,
  corrupt_fixtures: corrupt.length,
  corrupt_mishandled: corrupt.filter((r) => !r.handled).length,
  family_server_lockout_trials: lockout,
  intake_resubmissions_accepted_max: intake.acceptedMaxPerParticipant,
  bricking_inputs_tried: bricking.tried,
  bricking_inputs_failed: bricking.failed,
};
console.log(JSON.stringify(line));
const bad =
  en.high + en.medium + line.fuzz_failures + line.acked_writes_lost + line.corrupt_mishandled + kill.integrityFailures + line.bricking_inputs_failed;
// The family must never be refused; the intake cap is "a few" (MediaConfig.maxIntakeSubmissions, at most 50).
const badFamily = lockout.family_joins_refused + (intake.acceptedMaxPerParticipant > 50 ? 1 : 0);
process.exit(bad + badFamily > 0 ? 1 : 0);
