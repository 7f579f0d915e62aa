/**
 * What every CLI shares: its output streams as an injectable pair (tests pass
 * their own), and running `main` when the file is the process's entry (not
 * when a test imports it). Exit codes are the command's own, set as
 * process.exitCode so pending output is flushed before Node exits.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The process's own streams. */
export const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

/** Print the message and the usage; exit code 2 (unusable arguments). */
export function usageError(io: CliIo, usage: string, message: string): number {
  io.stderr(`${message}\n${usage}\n`);
  return 2;
}

/**
 * The command's flags, read strictly: an unknown flag, a value of the wrong
 * type or a positional argument is refused with parseArgs's message; a lone
 * `--` (npm run passes one) is ignored. `strings` take a value, `booleans` none.
 */
export function readFlags(
  argv: readonly string[],
  flags: { strings: readonly string[]; booleans?: readonly string[] },
): { values: Record<string, string | boolean | undefined> } | { error: string } {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const name of flags.strings) options[name] = { type: 'string' };
  for (const name of flags.booleans ?? []) options[name] = { type: 'boolean' };
  try {
    const { values } = parseArgs({ args: argv.filter((a) => a !== '--'), options, strict: true, allowPositionals: false });
    return { values: values as Record<string, string | boolean | undefined> };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Run `main(argv, io)` if `moduleUrl` (the CLI's import.meta.url) is the script Node was started with. */
export function runIfEntry<I extends CliIo>(moduleUrl: string, main: (argv: readonly string[], io: I) => number | Promise<number>, io: I): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  void Promise.resolve(main(process.argv.slice(2), io)).then((code) => {
    process.exitCode = code;
  });
}
