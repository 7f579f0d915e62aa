import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../../../electron/cli/clinical-evaluate';
import { CONTENT_VERSION } from '../../../../shared/clinical';

const EXAMPLE = 'resources/examples/visit-snapshot.json';

function run(argv: string[], files: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = main(argv, {
    readFile: (p) => {
      if (p in files) return files[p] as string;
      return readFileSync(p, 'utf8');
    },
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

describe('clinical:evaluate', () => {
  it('prints flags with evidence, the minimum tier and the gate for the README example', () => {
    const { code, stdout } = run([EXAMPLE]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.flags.map((f: { id: string }) => f.id)).toEqual(['posterior-element-pain']);
    expect(out.flags[0].evidence).toContain('Bend backward: painful');
    expect(out.minimumTier).toBe('D');
    expect(out.gate).toEqual({ canClose: true, blockingReasons: [] });
    expect(out.contentVersion).toBe(CONTENT_VERSION);
    expect(out.clinicalReviewStatement).toMatch(/not yet been reviewed by a clinician/);
  });

  it('reports a closed gate with its reasons and still exits 0', () => {
    const example = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    delete example.escalation;
    const { code, stdout } = run(['snap.json'], { 'snap.json': JSON.stringify(example) });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).gate.blockingReasons[0].code).toBe('decision_missing');
  });

  it('exits 2 naming the field when the input is invalid', () => {
    const example = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    example.observations['heel-walk'].result = 'wobbly';
    const { code, stdout, stderr } = run(['bad.json'], { 'bad.json': JSON.stringify(example) });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/observations\.heel-walk\.result: Use one of: able, unable, asymmetric, not_assessed\./);
  });

  it('exits 2 for a missing argument, a missing file and malformed JSON', () => {
    expect(run([]).code).toBe(2);
    expect(run(['/nonexistent/visit.json']).stderr).toMatch(/Cannot read/);
    const broken = run(['x.json'], { 'x.json': '{ "dateOfBirth": ' });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/not valid JSON/);
  });

  it('runs through the npm script and prints one JSON object', async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'clinical:evaluate', '--', EXAMPLE]);
    expect(JSON.parse(stdout).minimumTier).toBe('D');
  });
});
