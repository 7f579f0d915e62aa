import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calculateDose,
  checkWeightForAge,
  clinicalContent,
  DRUG_IDS,
  JURISDICTION_IDS,
  productIds,
  type DoseCalculation,
  type DoseRequest,
} from '../../../shared/clinical';

const { analgesics } = clinicalContent;

function dose(req: DoseRequest): DoseCalculation {
  const r = calculateDose(req);
  if (!r.ok) throw new Error(`refused: ${r.refusal.reason}`);
  return r.dose;
}

function refusal(req: DoseRequest) {
  const r = calculateDose(req);
  if (r.ok) throw new Error(`expected a refusal, got ${r.dose.doseMg} mg`);
  return r.refusal;
}

describe('calculateDose()', () => {
  describe('worked examples a clinician can check by hand', () => {
    it('gives a 20 kg child 9 mL (288 mg) of 160 mg/5 mL acetaminophen: 15 mg/kg rounded down to a 0.5 mL mark', () => {
      const d = dose({ drug: 'acetaminophen', productId: 'acetaminophen-160mg-5ml', weightKg: 20, ageMonths: 72 });
      expect(d).toMatchObject({ doseMl: 9, doseMg: 288, intervalHours: 4, maxIntervalHours: 6, maxDosesPer24h: 5, maxMgPer24h: 1440 });
    });

    it('gives a 20 kg child 10 mL (200 mg) of 100 mg/5 mL ibuprofen every 6 hours, at most 4 doses in the US', () => {
      const d = dose({ drug: 'ibuprofen', productId: 'ibuprofen-100mg-5ml', weightKg: 20, ageMonths: 72 });
      expect(d).toMatchObject({ doseMl: 10, doseMg: 200, intervalHours: 6, maxDosesPer24h: 4, maxMgPer24h: 800 });
    });

    it('uses 0.25 mL marks for small volumes: 7 kg infant gets 1.75 mL of 50 mg/1.25 mL drops (70 mg)', () => {
      const d = dose({ drug: 'ibuprofen', productId: 'ibuprofen-50mg-1.25ml', weightKg: 7, ageMonths: 8 });
      expect(d).toMatchObject({ doseMl: 1.75, doseMg: 70 });
    });

    it('rounds 2.25 mL for a 5 kg baby down to the 0.25 mL mark, never up', () => {
      // 15 mg/kg x 5 kg = 75 mg = 2.34 mL -> 2.25 mL = 72 mg.
      const d = dose({ drug: 'acetaminophen', productId: 'acetaminophen-160mg-5ml', weightKg: 5, ageMonths: 3 });
      expect(d).toMatchObject({ doseMl: 2.25, doseMg: 72 });
    });

    it('caps a 70 kg teenager in the US at 800 mg so 5 doses stay within 4 g a day', () => {
      const d = dose({ drug: 'acetaminophen', productId: 'acetaminophen-160mg-5ml', weightKg: 70, ageMonths: 180, jurisdiction: 'US' });
      expect(d).toMatchObject({ doseMg: 800, doseMl: 25, maxDosesPer24h: 5, maxMgPer24h: 4000 });
    });

    it('caps the same teenager in the UK under 1 g a dose with 4 doses a day', () => {
      const d = dose({ drug: 'acetaminophen', productId: 'acetaminophen-160mg-5ml', weightKg: 70, ageMonths: 180, jurisdiction: 'UK' });
      expect(d).toMatchObject({ doseMl: 31, doseMg: 992, maxDosesPer24h: 4 });
    });

    it('keeps ibuprofen within the 1.2 g OTC daily limit for a 52 kg teenager (300 mg x 4)', () => {
      const d = dose({ drug: 'ibuprofen', productId: 'ibuprofen-100mg-5ml', weightKg: 52, ageMonths: 164 });
      expect(d).toMatchObject({ doseMg: 300, doseMl: 15, maxMgPer24h: 1200 });
    });

    it('allows 3 ibuprofen doses in the UK and in Australia', () => {
      for (const jurisdiction of ['UK', 'AU'] as const) {
        expect(dose({ drug: 'ibuprofen', productId: 'ibuprofen-100mg-5ml', weightKg: 20, ageMonths: 72, jurisdiction }).maxDosesPer24h).toBe(3);
      }
    });

    it('uses the settings.json jurisdiction when none is given', () => {
      expect(dose({ drug: 'acetaminophen', productId: 'acetaminophen-160mg-5ml', weightKg: 20, ageMonths: 72 }).jurisdiction).toBe(
        clinicalContent.settings.jurisdiction.value,
      );
    });

    it('lists the ibuprofen cautions (dehydration, chickenpox, kidney disease) only for ibuprofen', () => {
      const ibu = dose({ drug: 'ibuprofen', productId: 'ibuprofen-100mg-5ml', weightKg: 20, ageMonths: 72 });
      const para = dose({ drug: 'acetaminophen', productId: 'acetaminophen-160mg-5ml', weightKg: 20, ageMonths: 72 });
      expect(ibu.cautions.join(' ')).toMatch(/chickenpox/);
      expect(para.cautions.join(' ')).not.toMatch(/chickenpox/);
      expect(para.cautions.join(' ')).toMatch(/aspirin/i);
    });
  });

  describe('refusals', () => {
    it('refuses acetaminophen under 12 weeks (2 completed months) but calculates at 3 months', () => {
      expect(refusal({ drug: 'acetaminophen', productId: 'acetaminophen-160mg-5ml', weightKg: 5, ageMonths: 2 }).code).toBe('under_minimum_age');
      expect(calculateDose({ drug: 'acetaminophen', productId: 'acetaminophen-160mg-5ml', weightKg: 5, ageMonths: 3 }).ok).toBe(true);
    });

    it('refuses ibuprofen under 6 months and says a physician must decide', () => {
      const r = refusal({ drug: 'ibuprofen', productId: 'ibuprofen-50mg-1.25ml', weightKg: 7, ageMonths: 5 });
      expect(r.code).toBe('under_minimum_age');
      expect(r.reason).toMatch(/physician/i);
      expect(calculateDose({ drug: 'ibuprofen', productId: 'ibuprofen-50mg-1.25ml', weightKg: 7, ageMonths: 6 }).ok).toBe(true);
    });

    it.each([null, undefined])('refuses without a weight (%s)', (weightKg) => {
      expect(refusal({ drug: 'ibuprofen', productId: 'ibuprofen-100mg-5ml', weightKg, ageMonths: 72 }).code).toBe('weight_missing');
    });

    it.each([
      { weightKg: 250, ageMonths: 50, why: '250 kg typed for 25.0 kg at 4 years' },
      { weightKg: 2.5, ageMonths: 120, why: '2.5 kg typed for 25 kg at 10 years' },
      { weightKg: 0, ageMonths: 72, why: 'zero' },
      { weightKg: -12, ageMonths: 72, why: 'negative' },
      { weightKg: Number.NaN, ageMonths: 72, why: 'not a number' },
      { weightKg: Number.POSITIVE_INFINITY, ageMonths: 72, why: 'infinite' },
    ])('refuses an implausible weight: $why', ({ weightKg, ageMonths }) => {
      const r = refusal({ drug: 'acetaminophen', productId: 'acetaminophen-160mg-5ml', weightKg, ageMonths });
      expect(r.code).toBe('weight_implausible');
      expect(r.reason).toMatch(/check the weight — was it entered in pounds\?/i);
    });

    it('refuses a product of the other drug', () => {
      expect(refusal({ drug: 'acetaminophen', productId: 'ibuprofen-100mg-5ml', weightKg: 20, ageMonths: 72 }).code).toBe('product_drug_mismatch');
    });

    it('refuses an unknown product and lists the known ones', () => {
      const r = refusal({ drug: 'ibuprofen', productId: 'ibuprofen-200mg-tablet', weightKg: 20, ageMonths: 72 });
      expect(r.code).toBe('unknown_product');
      for (const id of productIds()) expect(r.reason).toContain(id);
    });

    it('refuses ages outside the paediatric range and negative ages', () => {
      expect(refusal({ drug: 'ibuprofen', productId: 'ibuprofen-100mg-5ml', weightKg: 70, ageMonths: 400 }).code).toBe('age_out_of_range');
      expect(refusal({ drug: 'ibuprofen', productId: 'ibuprofen-100mg-5ml', weightKg: 20, ageMonths: -1 }).code).toBe('age_invalid');
    });
  });

  describe('weights against the WHO and CDC weight-for-age references', () => {
    const para = { drug: 'acetaminophen' as const, productId: 'acetaminophen-160mg-5ml' };

    it('refuses a 6-year-old boy\'s weight typed in pounds (46 lb for 21 kg) and says so', () => {
      const r = refusal({ ...para, weightKg: 46, ageMonths: 72, sex: 'male' });
      expect(r.code).toBe('weight_implausible');
      expect(r.reason).toMatch(/above the 99\.9th percentile/);
      expect(r.reason).toMatch(/Check the weight — was it entered in pounds\?/);
      expect(r.weightCheck?.referenceId).toBe('cdc-2000-weight-for-age');
      expect(dose({ ...para, weightKg: 21, ageMonths: 72, sex: 'male' }).warnings).toEqual([]);
    });

    it('gives the dose with a recorded override, and says it was overridden', () => {
      const d = dose({ ...para, weightKg: 46, ageMonths: 72, sex: 'male', weightOverride: { reason: 'Weighed 46 kg in clinic last week; known obesity.' } });
      expect(d.weightOverride).toEqual({ reason: 'Weighed 46 kg in clinic last week; known obesity.' });
      expect(d.warnings.join(' ')).toMatch(/override: Weighed 46 kg in clinic/);
      expect(refusal({ ...para, weightKg: 46, ageMonths: 72, sex: 'male', weightOverride: { reason: '   ' } }).code).toBe('weight_implausible');
    });

    it('warns beside the dose between the 97th and 99.9th, and between the 0.1st and 3rd percentile', () => {
      const high = dose({ ...para, weightKg: 31, ageMonths: 72, sex: 'male' });
      expect(high.weightCheck?.status).toBe('high');
      expect(high.warnings.join(' ')).toMatch(/between the 97th and 99\.9th percentile/);
      const low = dose({ ...para, weightKg: 15.5, ageMonths: 72, sex: 'male' });
      expect(low.weightCheck?.status).toBe('low');
      expect(low.warnings.join(' ')).toMatch(/between the 0\.1st and 3rd percentile/);
    });

    it('matches the published percentiles (CDC wtage.csv P3/P97 at 72.5 months, WHO -2 SD at 12 months)', () => {
      // CDC wtage.csv, boys, Agemos 72.5: P3 16.50370229, P50 20.77769565, P97 28.27114631.
      const boy6 = checkWeightForAge(20, 72, 'male')!;
      expect(boy6.range.warnBelowKg).toBeCloseTo(16.5, 1);
      expect(boy6.range.medianKg).toBeCloseTo(20.8, 1);
      expect(boy6.range.warnAboveKg).toBeCloseTo(28.3, 1);
      // WHO weight-for-age, boys, 12 months: -2 SD 7.7 kg, median 9.6 kg; girls 0 months median 3.2 kg.
      expect(checkWeightForAge(7.7, 12, 'male')!.zScore).toBeCloseTo(-2, 1);
      expect(checkWeightForAge(9.65, 12, 'male')!.zScore).toBeCloseTo(0, 1);
      expect(checkWeightForAge(3.2, 0, 'female')!.referenceId).toBe('who-2006-weight-for-age');
      expect(checkWeightForAge(3.2, 0, 'female')!.percentile).toBeCloseTo(50, -1);
    });

    it('checks boys and girls when the sex is not recorded, keeping the less alarming verdict', () => {
      // A 20-year-old's 53 kg is under the 3rd percentile for a man, typical for a woman.
      const man = checkWeightForAge(53, 240, 'male')!;
      const woman = checkWeightForAge(53, 240, 'female')!;
      const unknown = checkWeightForAge(53, 240, 'unknown')!;
      expect(man.status).toBe('low');
      expect(woman.status).toBe('typical');
      expect(unknown).toMatchObject({ sexChecked: 'both', status: 'typical', message: null });
      expect(unknown.range.refuseAboveKg).toBe(Math.max(man.range.refuseAboveKg, woman.range.refuseAboveKg));
      expect(unknown.range.refuseBelowKg).toBe(Math.min(man.range.refuseBelowKg, woman.range.refuseBelowKg));
    });

    it('shows a weight older than 30 days as such beside the dose', () => {
      const stale = dose({ ...para, weightKg: 21, ageMonths: 72, sex: 'male', weightRecordedAt: '2025-01-20T10:00:00Z', today: '2025-03-10' });
      expect(stale.weightAgeDays).toBe(49);
      expect(stale.warnings.join(' ')).toMatch(/Weight recorded 49 days ago \(2025-01-20\), more than 30 days/);
      const fresh = dose({ ...para, weightKg: 21, ageMonths: 72, sex: 'male', weightRecordedAt: '2025-03-01', today: '2025-03-10' });
      expect(fresh.weightAgeDays).toBe(9);
      expect(fresh.warnings).toEqual([]);
    });
  });

  describe('properties over any weight, age, product and jurisdiction', () => {
    const sex = fc.constantFrom('male' as const, 'female' as const, 'other' as const, 'unknown' as const, null, undefined);
    // A clinician's override of an extreme weight must not loosen any cap either.
    const override = fc.option(fc.record({ reason: fc.constantFrom('Known very small child, weighed today.', '  ', '') }), { nil: undefined });
    const request = fc.record({
      drug: fc.constantFrom(...DRUG_IDS),
      productId: fc.constantFrom(...productIds()),
      weightKg: fc.oneof(
        fc.double({ min: 0, max: 250, noNaN: true }),
        fc.double(),
        fc.constantFrom(null, undefined, 0, -0, Number.MIN_VALUE, 1e308),
      ),
      ageMonths: fc.oneof(fc.integer({ min: -5, max: 320 }), fc.double()),
      jurisdiction: fc.constantFrom(...JURISDICTION_IDS),
      sex,
      weightOverride: override,
    });
    // Random doubles are mostly refused; this one lands between the 0.1st and 99.9th WHO/CDC percentile
    // for the age and sex, so the caps are really exercised.
    const plausible = fc
      .record({
        product: fc.constantFrom(...analgesics.products),
        ageMonths: fc.integer({ min: 0, max: 300 }),
        sex,
        weightFraction: fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        jurisdiction: fc.constantFrom(...JURISDICTION_IDS),
      })
      .map(({ product, ageMonths, sex, weightFraction, jurisdiction }) => {
        const { range } = checkWeightForAge(10, ageMonths, sex)!;
        return {
          drug: product.drug,
          productId: product.id,
          weightKg: range.refuseBelowKg + weightFraction * (range.refuseAboveKg - range.refuseBelowKg),
          ageMonths,
          sex,
          jurisdiction,
        };
      });
    const anyRequest = fc.oneof(request, plausible);

    it('either refuses or stays within every cap, with a measurable volume that matches the mg', () => {
      let doses = 0;
      fc.assert(
        fc.property(anyRequest, (req) => {
          const r = calculateDose(req);
          if (!r.ok) return;
          doses += 1;
          const d = r.dose;
          const drug = analgesics.drugs.find((x) => x.id === req.drug)!;
          const product = analgesics.products.find((p) => p.id === req.productId)!;
          const w = req.weightKg as number;
          expect(d.doseMg).toBeGreaterThan(0);
          expect(d.doseMg).toBeLessThanOrEqual(drug.maxSingleDoseMg);
          expect(d.doseMg).toBeLessThanOrEqual(drug.doseMgPerKg * w);
          expect(d.doseMg * d.maxDosesPer24h).toBeLessThanOrEqual(drug.maxDailyMg);
          expect(d.doseMg * d.maxDosesPer24h).toBeLessThanOrEqual(drug.maxDailyMgPerKg * w);
          expect(d.maxMgPer24h).toBeLessThanOrEqual(d.dailyCapMg);
          expect(d.doseMl * (product.mg / product.ml)).toBe(d.doseMg);
          const increments = product.measuring.map((b) => b.incrementMl);
          expect(increments.some((inc) => Number.isInteger(Math.round((d.doseMl / inc) * 1e9) / 1e9))).toBe(true);
          expect(d.ageMonths).toBeGreaterThanOrEqual(drug.minAgeMonths);
        }),
        { numRuns: 5000 },
      );
      // Guard against a property that holds only because everything was refused.
      expect(doses).toBeGreaterThan(1000);
    });

    it('never gives a dose when the weight is missing or the child is under the minimum age', () => {
      fc.assert(
        fc.property(request, (req) => {
          const drug = analgesics.drugs.find((x) => x.id === req.drug)!;
          const under = Number.isFinite(req.ageMonths) && req.ageMonths >= 0 && Math.floor(req.ageMonths) < drug.minAgeMonths;
          if (req.weightKg === null || req.weightKg === undefined || under) expect(calculateDose(req).ok).toBe(false);
        }),
        { numRuns: 2000 },
      );
    });

    it('does not under-dose: one more measuring step would break a cap', () => {
      fc.assert(
        fc.property(plausible, (req) => {
          const r = calculateDose(req);
          if (!r.ok) return;
          const d = r.dose;
          const drug = analgesics.drugs.find((x) => x.id === req.drug)!;
          const product = analgesics.products.find((p) => p.id === req.productId)!;
          const w = req.weightKg as number;
          const limit = Math.min(drug.maxSingleDoseMg, drug.doseMgPerKg * w, d.dailyCapMg / d.maxDosesPer24h);
          const biggestStepMg = Math.max(...product.measuring.map((b) => b.incrementMl)) * (product.mg / product.ml);
          expect(d.doseMg + biggestStepMg).toBeGreaterThan(limit);
        }),
        { numRuns: 2000 },
      );
    });
  });
});
