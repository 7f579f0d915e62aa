/**
 * Issue 11: the console's "Visit server" card on home, against a real visit
 * server (in-process, TLS on loopback): a wrong address is refused at its
 * field, an unknown code is refused in words, the administrator's code
 * enrols the console (the card names the device and the server, and says
 * server mode starts at the next start), and Leave server mode makes it
 * standalone again. The credential is never in the page.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { enrolConsole } from '../../electron/main/visit-server-client/client';
import { readEnrolment } from '../../electron/main/visit-server-client/enrolment';
import { createVisitServerSettings } from '../../electron/main/visit-server-client/settings';
import { loadVisitServerConfig } from '../../electron/main/visit-server/config';
import { startVisitServer, type VisitServer } from '../../electron/main/visit-server/server';
import { test, expect, shot } from './support/visit-room-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'bptc-e2e-enrol-'));
const consoleDir = join(dir, 'console');
mkdirSync(consoleDir, { recursive: true });
const key = randomBytes(32);
const trust: { ca?: string } = {};
const settings = createVisitServerSettings({
  dir: consoleDir,
  key,
  enrol: (url, code) => enrolConsole(url, code, trust.ca),
  running: () => ({ enrolment: null, connection: null }),
});
let server: VisitServer;

test.use({ mainOptions: { visitServer: settings } });

test.beforeAll(async () => {
  // A test certificate for 127.0.0.1 (openssl), and an empty family page: only /console is used here.
  const cert = { certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') };
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', cert.keyFile, '-out', cert.certFile, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  trust.ca = readFileSync(cert.certFile, 'utf8');
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'family.html'), '<!doctype html><title>join</title>');
  const file = join(dir, 'visit-server.json');
  writeFileSync(file, JSON.stringify({
    workers: 1,
    media: { listenIp: '127.0.0.1', rtcPort: 0, portMin: 46000, portMax: 46999 },
    http: { host: '127.0.0.1', port: 0, tls: { certFile: cert.certFile, keyFile: cert.keyFile }, publicOrigin: 'https://visits.example.org' },
    stateDir: join(dir, 'state'),
    rendererDir,
    shutdownGraceMs: 100,
  }));
  server = await startVisitServer(loadVisitServerConfig(file), () => undefined);
});

test.afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('an administrator enrols the console from home with the server’s address and a one-time code, and leaves server mode', async ({ app: page }) => {
  const card = page.getByTestId('visit-server-settings');
  const state = card.getByTestId('visit-server-state');
  await expect(state).toContainText('Not enrolled: this console runs standalone');
  await card.getByRole('button', { name: 'Enrol this console' }).click();

  // Not an https:// address: refused at the field, nothing stored.
  await card.getByLabel('Visit server address').fill('http://visits.example.org');
  await card.getByLabel('One-time enrolment code').fill('A'.repeat(20));
  await card.getByRole('button', { name: 'Enrol', exact: true }).click();
  await expect(page.getByTestId('vs-serverUrl-error')).toContainText('https://');
  // A code the server does not know: refused in words.
  await card.getByLabel('Visit server address').fill(server.origin);
  await card.getByRole('button', { name: 'Enrol', exact: true }).click();
  await expect(card.getByRole('status')).toContainText('refused');
  expect(readEnrolment(consoleDir, key)).toBeNull();

  const issued = server.devices.issueEnrolment('Exam room 3');
  await card.getByLabel('One-time enrolment code').fill(issued.code);
  await card.getByRole('button', { name: 'Enrol', exact: true }).click();
  await expect(card.getByRole('status')).toContainText('Enrolled. Server mode starts the next time the console starts.');
  await expect(state).toContainText(`Enrolled as device ${issued.deviceId} at ${server.origin}.`);
  await expect(state).toContainText('Running standalone now: server mode starts the next time the console starts.');
  const stored = readEnrolment(consoleDir, key)!;
  expect(stored.deviceId).toBe(issued.deviceId);
  expect(await page.content()).not.toContain(stored.credential);
  await shot(page, 'home-visit-server-enrolled');

  await card.getByRole('button', { name: 'Leave server mode' }).click();
  await expect(state).toContainText('Not enrolled: this console runs standalone');
  await expect(card.getByRole('status')).toContainText('Ask the administrator to revoke this device');
  expect(readEnrolment(consoleDir, key)).toBeNull();
});
