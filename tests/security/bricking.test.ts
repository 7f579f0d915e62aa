/**
 * Issue 14, item 1: generated stored records (any intake and finding values
 * the schemas accept, dates from 1900 to 2100, what older versions wrote)
 * never make a room, gate or export path answer INTERNAL or throw.
 * BPTC_BRICKING_CASES raises the count (the security report runs more).
 */
import { describe, expect, it } from 'vitest';
import { runBricking } from './bricking';

describe('bricking inputs', () => {
  it('every generated stored visit opens, records, decides, signs and exports without INTERNAL', async () => {
    const report = await runBricking({ count: Number(process.env.BPTC_BRICKING_CASES ?? 40) });
    expect(report.examples).toEqual([]);
    expect(report.failed).toBe(0);
    expect(report.tried).toBeGreaterThan(0);
  }, 120_000);
});
