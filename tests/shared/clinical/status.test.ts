import { describe, expect, it } from 'vitest';
import { CLINICAL_REVIEW_STATEMENT } from '../../../shared/about';
import { clinicalContentStatus, clinicalContentStatusLine, CONTENT_VERSION, loadClinicalContent } from '../../../shared/clinical';
import { RAW_CLINICAL_CONTENT } from '../../../shared/clinical/content';

describe('clinicalContentStatus()', () => {
  it('says the content has not been reviewed by a clinician and names its version', () => {
    const s = clinicalContentStatus();
    expect(s).toEqual({ contentVersion: CONTENT_VERSION, reviewed: false, statement: CLINICAL_REVIEW_STATEMENT });
    expect(s.statement).toMatch(/not yet been reviewed by a clinician/);
    expect(clinicalContentStatusLine()).toBe(`Clinical content version ${CONTENT_VERSION}. ${CLINICAL_REVIEW_STATEMENT}`);
  });

  it('stops saying "not reviewed" only when the manifest records a review', () => {
    const raw = structuredClone(RAW_CLINICAL_CONTENT);
    (raw.manifest as { clinicalReview: unknown }).clinicalReview = { status: 'reviewed', reviewedBy: 'Dr Example', reviewedOn: '2025-06-01' };
    const s = clinicalContentStatus(loadClinicalContent(raw as never));
    expect(s.reviewed).toBe(true);
    expect(s.statement).not.toMatch(/not yet been reviewed/);
  });
});
