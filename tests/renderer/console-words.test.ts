/**
 * The console's words live in the catalog (issue 15, item 5; docs/i18n.md):
 * no component writes a word of its own in JSX, and every word the catalog
 * holds for the console is a real, non-empty string.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONSOLE } from '../../shared/words/console';
import { leaves, literalWords } from '../support/words-scan';

const RENDERER = join(process.cwd(), 'renderer', 'src');

function tsxFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsxFiles(p) : p.endsWith('.tsx') ? [p] : [];
  });
}

describe('no console component writes its own words', () => {
  const dirs = readdirSync(RENDERER).filter((d) => statSync(join(RENDERER, d)).isDirectory());
  it('the scan covers every part of the renderer, the family page included', () => {
    expect(dirs).toEqual(expect.arrayContaining(['app', 'checklist', 'family', 'plan', 'red-flags', 'video', 'visit-room', 'visits']));
  });
  for (const dir of dirs) {
    it(`renderer/src/${dir}`, () => {
      const found = tsxFiles(join(RENDERER, dir)).flatMap((f) => literalWords(readFileSync(f, 'utf8'), f).map((w) => `${relative(process.cwd(), f)}:${w}`));
      expect(found).toEqual([]);
    });
  }

  it('the scan bites: JSX text, a spoken attribute, a string in braces and a branch are each reported', () => {
    const source = [
      'export const A = (p: { x: boolean }) => (',
      '  <div title="Clinical status" data-testid="not-spoken">',
      '    Hello there',
      "    {p.x ? 'Saving…' : t.saved}",
      "    {p.x && `Tier ${p.x} chosen`}",
      '    <input placeholder={t.name} aria-label="Child name" />',
      '    {t.fine} — 3',
      '  </div>',
      ');',
    ].join('\n');
    expect(literalWords(source)).toEqual(['2: title="Clinical status"', '3: Hello there', '4: Saving…', '5: Tier chosen', '6: aria-label="Child name"']);
  });
});

describe('the console catalog', () => {
  it('has no empty word (functions return words)', () => {
    const bad = leaves(CONSOLE).filter(([, v]) => typeof v !== 'string' || v.trim() === '');
    expect(bad.map(([p]) => p)).toEqual([]);
  });
});
