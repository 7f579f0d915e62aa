/**
 * Issue 14, item 9a: control characters in a search (pasted from a PDF, a
 * terminal, a barcode scanner) are stripped, never an INTERNAL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { validPatient } from '../../support/db';
import { openServicesHarness } from '../../support/services';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function setup() {
  const h = await openServicesHarness({ idSeed: 17, displayName: 'Dr Search' });
  cleanup = h.close;
  await h.services.patients.create(validPatient, h.actor);
  return h;
}

/** Dropped wherever they are. */
const DROPPED = ['\u0000', '\u0001', '\u0007', '\b', '\u001b', '\u007f', '\u009f', '\u200b', '\ufeff'];
/** Read as a space (so "first<TAB>last" is two words). */
const SPACING = ['\t', '\n', '\r', '\u0085', '\u2028'];

describe('search with control characters', () => {
  it('strips them and finds the patient, on the patient list and the visit list', async () => {
    const { call } = await setup();
    const searches = [...DROPPED.flatMap((c) => [`mi${c}a`, `${c}mia${c}`]), ...SPACING.map((c) => `${c}mia${c}`), 'mia\texample'];
    for (const search of searches) {
      const patients = await call('patients:list', { search });
      expect(patients, JSON.stringify(search)).toMatchObject({ ok: true });
      expect((patients as { value: { childName: string }[] }).value.map((p) => p.childName), JSON.stringify(search)).toEqual([validPatient.childName]);
      const visits = await call('visits:list', { search });
      expect(visits, JSON.stringify(search)).toMatchObject({ ok: true });
    }
  });

  it('a search of nothing but control characters is an empty search, not an error', async () => {
    const { call } = await setup();
    const all = await call('patients:list', { search: '\u0000\u0001\u001b' });
    expect(all).toMatchObject({ ok: true });
    expect((all as { value: unknown[] }).value).toHaveLength(1);
    // The visit list's full-text path answered INTERNAL on a NUL.
    const visits = await call('visits:list', { search: '\u0000\u0000\u0000' });
    expect(visits).toMatchObject({ ok: true });
  });
});
