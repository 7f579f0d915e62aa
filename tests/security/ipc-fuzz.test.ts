import { describe, expect, it } from 'vitest';
import { runIpcFuzz } from '../support/ipc-fuzz';
import { CHANNEL_NAMES } from '../../shared/ipc/contract';

describe('IPC fuzzing (every channel, real dispatcher and store)', () => {
  it('1,000 generated payloads per channel: no crash, no INTERNAL, no unhandled rejection, no change for a refused request', async () => {
    const report = await runIpcFuzz({ casesPerChannel: 1000 });
    expect(report.examples).toEqual([]);
    expect(report.failures).toBe(0);
    expect(Object.keys(report.perChannel).sort()).toEqual([...CHANNEL_NAMES].sort());
    for (const stats of Object.values(report.perChannel)) expect(stats.cases).toBe(1000);
  }, 600_000);
});
