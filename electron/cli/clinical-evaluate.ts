/**
 * `npm run --silent clinical:evaluate -- FILE.json`
 *
 * Reads a visit snapshot (docs/clinical-content.md), prints one JSON object:
 * flags, minimumTier and gate. Exit codes: 0 evaluated (whether or not the
 * gate is open), 2 unusable input (the error names the field). All logic is
 * in shared/clinical; this file only reads the file and prints.
 */
import { readFileSync } from 'node:fs';
import { evaluateVisit, parseVisitSnapshot } from '../../shared/clinical';
import { processIo, runIfEntry, type CliIo as Streams } from './io';

export interface CliIo extends Streams {
  readFile: (path: string) => string;
}

const USAGE = 'Usage: npm run --silent clinical:evaluate -- FILE.json';

/** Run the command; returns the exit code. */
export function main(argv: readonly string[], io: CliIo): number {
  const args = argv.filter((a) => a !== '--');
  if (args.length !== 1 || args[0] === '--help' || args[0] === '-h') {
    io.stderr(`${USAGE}\n`);
    return 2;
  }
  const file = args[0] as string;
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    io.stderr(`Cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    io.stderr(`${file} is not valid JSON: ${(e as Error).message}\n`);
    return 2;
  }
  const parsed = parseVisitSnapshot(json);
  if (!parsed.ok) {
    io.stderr(`Invalid visit snapshot in ${file}:\n${parsed.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}\n`);
    return 2;
  }
  const { allFlags: _allFlags, ...result } = evaluateVisit(parsed.value);
  io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

runIfEntry(import.meta.url, main, { ...processIo, readFile: (p) => readFileSync(p, 'utf8') });
