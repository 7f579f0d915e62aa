#!/usr/bin/env node
// Electronegativity always exits 0, so this wrapper is the gate: it runs the
// scanner offline, drops findings allowlisted with a reason, prints the rest,
// and exits 1 when any MEDIUM-or-higher finding remains.
// Usage: node electron/tools/electronegativity-gate.mjs [--input out] [--allowlist FILE]
// Last line of output: one JSON object with unallowlisted counts by severity.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const input = opt('--input', 'out');
const allowlistFile = opt('--allowlist', join(here, 'electronegativity-allowlist.json'));
const electronVersion = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('electron/package.json'), 'utf8')).version;

/** Minimal RFC 4180 CSV parser (fields may be quoted and contain commas or doubled quotes). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field.trim());
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field.trim());
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field.trim());
    rows.push(row);
  }
  return rows;
}

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
  const csv = join(work, 'findings.csv');
  const bin = createRequire(import.meta.url).resolve('@doyensec/electronegativity/dist/index.js');
  execFileSync(process.execPath, [bin, '-i', input, '-e', electronVersion, '-r', '-o', csv, '-v', 'false'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, TMPDIR: scannerTmp, TEMP: scannerTmp, TMP: scannerTmp },
  });
  const [, ...rows] = parseCsv(readFileSync(csv, 'utf8'));
  const findings = rows.map(([check, severity, confidence, file, location, sample]) => ({
    check, severity: severity.toUpperCase(), confidence, file, location, sample,
  }));
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
  console.log(JSON.stringify(counts));
  exitCode = counts.high + counts.medium > 0 ? 1 : 0;
} finally {
  // process.exit() inside the try would skip this and leave the folder behind.
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = exitCode;
