import { describe, expect, it } from 'vitest';
import { SOURCE_LABEL, STATE_LABEL, capitalized } from '../../renderer/src/red-flags/labels';
import { WORDS } from '../../shared/words';
import { FlagState } from '../../shared/domain/record';
import { sideWords } from '../../renderer/src/visits/findings-text';

/** The console's flag words are the shared catalog's (issue 15, item 5), not a list of its own. */
describe('console flag labels', () => {
  it('say every flag state and source as the catalog does, capitalized', () => {
    for (const state of [...FlagState.options, 'not_screened'] as const) {
      expect(STATE_LABEL[state]?.toLowerCase()).toBe(WORDS.en.labels.flagState[state]);
    }
    expect(Object.keys(SOURCE_LABEL).sort()).toEqual(Object.keys(WORDS.en.labels.flagSource).sort());
    expect(SOURCE_LABEL.observation).toBe('Observed on video');
  });

  it('capitalizes only the first letter and keeps the keys', () => {
    expect(capitalized({ a: 'could not assess', b: 'x' })).toEqual({ a: 'Could not assess', b: 'X' });
  });

  it('say a finding’s side in the catalog’s words; a side it does not name as its value; none when it has no side', () => {
    expect(sideWords('left')).toBe('Left');
    expect(sideWords('both')).toBe('Both');
    expect(sideWords('midline')).toBe('Midline');
    expect(sideWords('not_applicable')).toBeNull();
  });
});
