/**
 * The review status every export and the About box must show (issue 4, item 6).
 * The wording lives in shared/about.ts; this adds the content version.
 */
import { CLINICAL_REVIEW_STATEMENT } from '../about';
import { clinicalContent, type ClinicalContent } from './content';

/** What an export or the About box says about the clinical content. */
export interface ClinicalContentStatus {
  contentVersion: string;
  reviewed: boolean;
  /** The sentence to print; the not-reviewed statement until a clinician has signed the manifest. */
  statement: string;
}

/** The content's version and review status. */
export function clinicalContentStatus(content: ClinicalContent = clinicalContent): ClinicalContentStatus {
  return {
    contentVersion: content.version,
    reviewed: content.reviewed,
    statement: content.reviewed ? 'The clinical content has been reviewed by a clinician.' : CLINICAL_REVIEW_STATEMENT,
  };
}

/** One line for the foot of an export: "Clinical content version X. <statement>" */
export function clinicalContentStatusLine(content: ClinicalContent = clinicalContent): string {
  const s = clinicalContentStatus(content);
  return `Clinical content version ${s.contentVersion}. ${s.statement}`;
}
