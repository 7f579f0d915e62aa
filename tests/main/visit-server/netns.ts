/**
 * Network namespaces for tests on real network paths (/work/shared/network-testing.md):
 * a server namespace (visit server and coturn), a family namespace and a
 * console namespace, each joined to the server's by its own veth pair on a
 * private test subnet the test makes and removes.
 * Names carry the test's pid, so parallel runs do not collide; nothing
 * outside these namespaces is touched.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';

function run(cmd: string, args: string[], input?: string): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...(input !== undefined ? { input } : {}) });
}

export class NetLab {
  readonly server: string;
  readonly family: string;
  readonly console: string;
  readonly serverIp: string;
  readonly familyIp: string;
  /** The server's address on the console's link, and the console's. */
  readonly serverIpForConsole: string;
  readonly consoleIp: string;
  private created: string[] = [];
  private children: ChildProcess[] = [];

  constructor(tag = String(process.pid)) {
    this.server = `b11s${tag}`;
    this.family = `b11f${tag}`;
    this.console = `b11c${tag}`;
    const octet = 10 + (process.pid % 240);
    this.serverIp = `10.211.${octet}.1`;
    this.familyIp = `10.211.${octet}.2`;
    this.serverIpForConsole = `10.212.${octet}.1`;
    this.consoleIp = `10.212.${octet}.2`;
  }

  /** Build the namespaces; throws (with the reason) when that is not possible here. */
  up(): void {
    for (const ns of [this.server, this.family, this.console]) {
      run('ip', ['netns', 'add', ns]);
      this.created.push(ns);
      run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    this.link(this.family, 'f', this.serverIp, this.familyIp);
    this.link(this.console, 'c', this.serverIpForConsole, this.consoleIp);
    // The console reaches the SFU's address (the family's side of the server) through its own link, as a clinic's
    // default route reaches the internet; the server namespace owns both addresses, so nothing is forwarded.
    run('ip', ['-n', this.console, 'route', 'add', 'default', 'via', this.serverIpForConsole]);
  }

  /** Run a short command inside a namespace; its output, or null when it failed or timed out. */
  exec(ns: string, cmd: string, args: string[], timeoutMs = 10_000): string | null {
    try {
      return execFileSync('ip', ['netns', 'exec', ns, cmd, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    } catch {
      return null;
    }
  }

  private link(other: string, letter: string, serverSide: string, otherSide: string): void {
    const vs = `vs${letter}${process.pid}`.slice(0, 15);
    const vo = `vo${letter}${process.pid}`.slice(0, 15);
    // Made inside the server namespace and one end moved: no interface ever appears in the host's namespace.
    run('ip', ['-n', this.server, 'link', 'add', vs, 'type', 'veth', 'peer', 'name', vo]);
    run('ip', ['-n', this.server, 'link', 'set', vo, 'netns', other]);
    run('ip', ['-n', this.server, 'addr', 'add', `${serverSide}/24`, 'dev', vs]);
    run('ip', ['-n', other, 'addr', 'add', `${otherSide}/24`, 'dev', vo]);
    run('ip', ['-n', this.server, 'link', 'set', vs, 'up']);
    run('ip', ['-n', other, 'link', 'set', vo, 'up']);
  }

  /** Load an nftables ruleset inside a namespace. */
  nft(ns: string, ruleset: string): void {
    run('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], ruleset);
  }

  /** Start a long-running process inside a namespace; it is killed by down(). */
  spawn(ns: string, cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', ns, cmd, ...args], { stdio: ['pipe', 'pipe', 'pipe'], ...options });
    this.children.push(child);
    return child;
  }

  /** A wrapper script Playwright can launch as "the browser": Chromium inside `ns`. */
  chromiumWrapper(ns: string, dir: string, chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'): string {
    const file = join(dir, `chromium-in-${ns}.sh`);
    writeFileSync(file, `#!/bin/sh\nexec ip netns exec ${ns} ${chromium} "$@"\n`);
    chmodSync(file, 0o755);
    return file;
  }

  down(): void {
    for (const c of this.children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const ns of this.created.splice(0).reverse()) {
      try {
        // Anything still running inside (a Chromium helper) goes first, so the namespace can be removed.
        const pids = run('ip', ['netns', 'pids', ns]).split('\n').filter(Boolean);
        for (const pid of pids) {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            // already gone
          }
        }
        run('ip', ['netns', 'del', ns]);
      } catch {
        // best effort: removing one must not stop removing the other
      }
    }
  }
}

/**
 * Whether namespaces can be made here. In CI they must (the test fails);
 * on a developer machine without root the namespace tests are skipped.
 */
export function namespacesAvailable(): { ok: true } | { ok: false; why: string } {
  try {
    if (process.getuid?.() !== 0) return { ok: false, why: 'not root' };
    for (const tool of ['ip', 'nft', 'turnserver']) run('sh', ['-c', `command -v ${tool}`]);
    return { ok: true };
  } catch (error) {
    return { ok: false, why: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * namespacesAvailable() for a namespace test file: in CI (CI=true or 1) a
 * machine that cannot build them gets a failing test under `suite`, saying
 * why; the file skips its own suite when the answer is not ok.
 */
export function namespacesOrFailInCi(suite: string): ReturnType<typeof namespacesAvailable> {
  const available = namespacesAvailable();
  const inCi = process.env.CI === 'true' || process.env.CI === '1';
  if (!available.ok && inCi) {
    describe(suite, () => {
      it('can build its network namespaces (required in CI)', () => {
        throw new Error(`cannot build network namespaces in CI: ${available.why}`);
      });
    });
  }
  return available;
}
