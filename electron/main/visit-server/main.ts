/**
 * `npm run visit-server -- --config FILE`: the headless visit server (Node 20,
 * no Electron). Exit codes: 0 after a clean shutdown (SIGTERM/SIGINT), 2 for a
 * bad command line or configuration (the message names the field), 1 when it
 * cannot start (a port taken, a missing certificate file, no worker).
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadVisitServerConfig } from './config';
import { jsonLog } from './log';
import { startVisitServer } from './server';

const USAGE = 'usage: npm run visit-server -- --config FILE';

async function main(argv: string[]): Promise<number> {
  const log = jsonLog();
  let configFile: string | undefined;
  try {
    const { values } = parseArgs({ args: argv, options: { config: { type: 'string' } }, strict: true, allowPositionals: false });
    configFile = values.config;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!configFile) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let config;
  try {
    config = loadVisitServerConfig(configFile);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`visit server configuration: ${error.message}\n`);
      log('error', 'CONFIG_INVALID', { field: error.field });
      return 2;
    }
    throw error;
  }
  let server;
  try {
    server = await startVisitServer(config, log);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    log('error', 'START_FAILED', { error: e.name, ...(e.code ? { errno: e.code } : {}) });
    process.stderr.write(`visit server could not start: ${e.message}\n`);
    return 1;
  }
  const s = server;
  return new Promise<number>((done) => {
    const stop = (signal: string) => {
      log('info', 'SIGNAL', { signal });
      s.close().then(
        () => done(0),
        () => done(1),
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`visit server failed: ${error instanceof Error ? error.name : typeof error}\n`);
    process.exit(1);
  },
);
