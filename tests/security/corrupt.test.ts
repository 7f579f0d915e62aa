import { describe, expect, it } from 'vitest';
import { runCorruptFixtures } from '../support/corrupt-fixtures';

describe('corrupt database files', () => {
  it('every damaged, foreign, too-new or wrongly keyed file gets its typed error and is left byte-for-byte untouched', async () => {
    const results = await runCorruptFixtures();
    expect(results.length).toBeGreaterThanOrEqual(10);
    expect(results.filter((r) => !r.handled)).toEqual([]);
  }, 120_000);
});
