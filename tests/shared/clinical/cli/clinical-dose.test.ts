import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../../../electron/cli/clinical-dose';

function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('clinical:dose', () => {
  it('prints the dose in mg and mL, the interval and the daily limits', () => {
    const { code, stdout } = run(['--drug', 'acetaminophen', '--weight-kg', '20', '--age-months', '72', '--product', 'acetaminophen-160mg-5ml']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ doseMg: 288, doseMl: 9, intervalHours: 4, maxDosesPer24h: 5, maxMgPer24h: 1440 });
    expect(out.product.id).toBe('acetaminophen-160mg-5ml');
    expect(out.clinicalReviewStatement).toMatch(/not yet been reviewed/);
  });

  it('honours --jurisdiction', () => {
    const out = JSON.parse(run(['--drug', 'ibuprofen', '--weight-kg', '20', '--age-months', '72', '--product', 'ibuprofen-100mg-5ml', '--jurisdiction', 'UK']).stdout);
    expect(out.maxDosesPer24h).toBe(3);
  });

  it('prints a refusal with its reason and exits 2 when the weight is missing', () => {
    const { code, stdout } = run(['--drug', 'ibuprofen', '--age-months', '72', '--product', 'ibuprofen-100mg-5ml']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).refusal).toEqual({ code: 'weight_missing', reason: 'Enter a recent weight in kilograms; the dose depends on it.' });
  });

  it('refuses a 6-year-old\'s weight typed in pounds, and doses it with a recorded override', () => {
    const base = ['--drug', 'acetaminophen', '--weight-kg', '46', '--age-months', '74', '--product', 'acetaminophen-160mg-5ml', '--sex', 'female'];
    const refused = run(base);
    expect(refused.code).toBe(2);
    const r = JSON.parse(refused.stdout).refusal;
    expect(r.code).toBe('weight_implausible');
    expect(r.reason).toMatch(/above the 99\.9th percentile .*Check the weight — was it entered in pounds\?/);
    const overridden = run([...base, '--weight-override-reason', 'Weighed 46 kg at the GP yesterday.']);
    expect(overridden.code).toBe(0);
    expect(JSON.parse(overridden.stdout).weightOverride).toEqual({ reason: 'Weighed 46 kg at the GP yesterday.' });
  });

  it('shows an old weight and a high-percentile weight beside the dose', () => {
    const { code, stdout } = run([
      '--drug', 'ibuprofen', '--weight-kg', '30', '--age-months', '74', '--product', 'ibuprofen-100mg-5ml', '--sex', 'female',
      '--weight-recorded-on', '2025-01-01', '--today', '2025-03-10',
    ]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.weightCheck.status).toBe('high');
    expect(out.weightAgeDays).toBe(68);
    expect(out.warnings.join('\n')).toMatch(/between the 97th and 99\.9th percentile/);
    expect(out.warnings.join('\n')).toMatch(/Weight recorded 68 days ago/);
  });

  it('refuses an infant under the minimum age with exit 2', () => {
    const { code, stdout } = run(['--drug', 'ibuprofen', '--weight-kg', '6', '--age-months', '4', '--product', 'ibuprofen-50mg-1.25ml']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).refusal.code).toBe('under_minimum_age');
  });

  it.each([
    [['--drug', 'aspirin', '--weight-kg', '20', '--age-months', '72', '--product', 'x'], /--drug must be one of/],
    [['--drug', 'ibuprofen', '--weight-kg', 'twenty', '--age-months', '72', '--product', 'ibuprofen-100mg-5ml'], /--weight-kg must be a number/],
    [['--drug', 'ibuprofen', '--weight-kg', '20', '--product', 'ibuprofen-100mg-5ml'], /--age-months must be a number/],
    [['--drug', 'ibuprofen', '--weight-kg', '20', '--age-months', '72'], /--product is required/],
    [['--drug', 'ibuprofen', '--weight-kg', '20', '--age-months', '72', '--product', 'ibuprofen-100mg-5ml', '--jurisdiction', 'FR'], /--jurisdiction must be one of/],
    [['--drug', 'ibuprofen', '--dose', '5'], /Unknown option/],
  ])('exits 2 naming the bad argument: %j', (argv, message) => {
    const { code, stderr } = run(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/ibuprofen-50mg-1\.25ml/);
  });

  it('exits 2 through the npm script when it refuses', async () => {
    const err = await promisify(execFile)('npm', ['run', '--silent', 'clinical:dose', '--', '--drug', 'acetaminophen', '--weight-kg', '5', '--age-months', '1', '--product', 'acetaminophen-160mg-5ml']).catch((e: { code: number; stdout: string }) => e);
    expect((err as { code: number }).code).toBe(2);
    expect(JSON.parse((err as { stdout: string }).stdout).refusal.code).toBe('under_minimum_age');
  });
});
