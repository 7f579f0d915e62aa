/**
 * `npm run visit-server -- --config FILE`: the headless visit server (Node 20,
 * no Electron). Administration, on the server host, with the same file:
 * `--enrol LABEL` prints a one-time enrolment code for a new console,
 * `--revoke DEVICE_ID` revokes one, `--devices` lists them (JSON lines). Exit codes: 0 after a clean shutdown (SIGTERM/SIGINT), 2 for a
 * bad command line or configuration (the message names the field), 1 when it
 * cannot start (a port taken, a missing certificate file, no worker).
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadVisitServerConfig } from './config';
import { jsonLog } from './log';
import { startVisitServer } from './server';
import { createDeviceRegistry } from './devices';
import { openServerState } from './state';

const USAGE = 'usage: npm run visit-server -- --config FILE [--enrol LABEL | --revoke DEVICE_ID | --devices]';

async function main(argv: string[]): Promise<number> {
  const log = jsonLog();
  let configFile: string | undefined;
  let admin: { enrol?: string; revoke?: string; devices?: boolean } = {};
  try {
    const { values } = parseArgs({
      args: argv,
      options: { config: { type: 'string' }, enrol: { type: 'string' }, revoke: { type: 'string' }, devices: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    });
    configFile = values.config;
    admin = { ...(values.enrol !== undefined ? { enrol: values.enrol } : {}), ...(values.revoke !== undefined ? { revoke: values.revoke } : {}), ...(values.devices ? { devices: true } : {}) };
    if (Object.keys(admin).length > 1) throw new Error('Give one of --enrol, --revoke, --devices.');
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
  if (admin.enrol !== undefined || admin.revoke !== undefined || admin.devices) {
    // Administration works on the state file directly (the running server reads it on each use).
    const db = openServerState(config.stateDir);
    try {
      const devices = createDeviceRegistry(db);
      if (admin.enrol !== undefined) {
        const issued = devices.issueEnrolment(admin.enrol);
        process.stdout.write(`${JSON.stringify(issued)}\n`);
        process.stderr.write(`Enter this code in the console within 24 hours (it works once): ${issued.code}\n`);
      } else if (admin.revoke !== undefined) {
        if (!devices.revoke(admin.revoke)) {
          process.stderr.write(`No enrolled, unrevoked device ${admin.revoke}.\n`);
          return 2;
        }
        process.stdout.write(`${JSON.stringify({ revoked: admin.revoke })}\n`);
      } else {
        for (const d of devices.list()) process.stdout.write(`${JSON.stringify(d)}\n`);
      }
      return 0;
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n`);
      return 2;
    } finally {
      db.close();
    }
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
