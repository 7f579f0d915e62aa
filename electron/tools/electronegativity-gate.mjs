#!/usr/bin/env node
// Electronegativity always exits 0, so this wrapper is the gate: it runs the
// scanner offline, drops findings allowlisted with a reason, prints the rest,
// and exits 1 when any MEDIUM-or-higher finding remains or when a file of
// main/ or preload/ could not be parsed (and so was not scanned).
// Usage: node electron/tools/electronegativity-gate.mjs [--input out] [--allowlist FILE]
// Last line of output: one JSON object with unallowlisted counts by severity
// and `unscanned`, the number of files the scanner could not parse.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
/** Child mode: scan `input` with the scanner's API and write its findings to `resultFile` as one JSON object. */
async function scanChild(input, electronVersion, resultFile) {
  const runner = createRequire(import.meta.url)('@doyensec/electronegativity/dist/runner.js');
  const run = runner.default ?? runner;
  const { issues, errors } = await run(
    {
      input: resolve(input),
      isRelative: true,
      isVerbose: false,
      customScan: [],
      excludeFromScan: [],
      parserPlugins: [],
      electronVersionOverride: electronVersion,
    },
    false,
  );
  const findings = issues.map((i) => ({
    check: i.id,
    severity: String(i.severity?.name ?? '').toUpperCase(),
    confidence: i.confidence?.name ?? '',
    file: i.file,
    location: `${i.location?.line}:${i.location?.column}`,
    sample: i.sample ?? '',
  }));
  const parseErrors = errors.filter((e) => !e.tolerable).map((e) => ({ file: e.file, message: String(e.message) }));
  writeFileSync(resultFile, JSON.stringify({ findings, errors: parseErrors }));
}

if (args[0] === '--scan-child') {
  await scanChild(args[1], args[2], args[3]);
  process.exit(0);
}

const input = opt('--input', 'out');
const allowlistFile = opt('--allowlist', join(here, 'electronegativity-allowlist.json'));
const electronVersion = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('electron/package.json'), 'utf8')).version;

// Each run gets its own working folder, and the scanner's temp folder is
// pointed into it: Electronegativity keeps its Electron release list in
// os.tmpdir() (the temp-dir package), where two scans at once would read and
// delete each other's files. TMPDIR is what os.tmpdir() reads on Linux and
// macOS; TEMP/TMP on Windows.
const work = mkdtempSync(join(tmpdir(), 'electronegativity-'));
const scannerTmp = join(work, 'tmp');
mkdirSync(scannerTmp);
let exitCode = 1;
try {
  // The scanner runs in a child process (so TMPDIR reaches its temp-dir
  // module) through its programmatic API, and the child writes the findings
  // as one JSON file. Not the CLI's `-o findings.csv`: Electronegativity
  // 1.10.3 writes the CSV header and the rows with two concurrent
  // fs.writeFile calls (one truncating, one appending), and on a loaded
  // machine the header can land over the rows and garble the report.
  const result = join(work, 'findings.json');
  execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--scan-child', input, electronVersion, result], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, TMPDIR: scannerTmp, TEMP: scannerTmp, TMP: scannerTmp },
  });
  const { findings, errors } = JSON.parse(readFileSync(result, 'utf8'));
  // A file the scanner cannot parse is not scanned. In main/ and preload/
  // (where the BrowserWindow and session settings live) that would let the
  // gate pass without looking, so it fails; elsewhere it is printed.
  const unscanned = errors.map((e) => ({ ...e, file: relative(resolve(input), e.file) }));
  for (const e of unscanned) console.log(`NOT SCANNED   ${e.file}: ${e.message}`.slice(0, 300));
  const blind = unscanned.filter((e) => /^(main|preload)[\\/]/.test(e.file)).length;
  const allowlist = JSON.parse(readFileSync(allowlistFile, 'utf8')).entries ?? [];
  for (const entry of allowlist) {
    if (!entry.reason || entry.reason.trim().length < 20) throw new Error(`allowlist entry ${entry.check} needs a reason`);
  }
  const allowed = (f) => allowlist.some((e) => e.check === f.check && (!e.file || e.file === f.file));
  const open = findings.filter((f) => !allowed(f));
  const counts = { high: 0, medium: 0, low: 0, informational: 0 };
  for (const f of open) {
    const key = f.severity.toLowerCase();
    if (key in counts) counts[key] += 1;
    console.log(`${f.severity.padEnd(13)} ${f.check} ${f.file}:${f.location} ${f.sample ?? ''}`.slice(0, 300));
  }
  console.log(`electronegativity: ${findings.length} findings, ${findings.length - open.length} allowlisted, ${open.length} open`);
  console.log(JSON.stringify({ ...counts, unscanned: unscanned.length }));
  exitCode = counts.high + counts.medium + blind > 0 ? 1 : 0;
} finally {
  // process.exit() inside the try would skip this and leave the folder behind.
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = exitCode;
