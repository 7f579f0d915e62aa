/** Shown in the About box and on every export until a clinician has reviewed the content. */
export const CLINICAL_REVIEW_STATEMENT =
  'The clinical content and rules in this console have not yet been reviewed by a clinician. ' +
  'They are decision support drawn from published sources, not validated rules; the treating clinician decides.';

export const APP_NAME = 'Back Pain Telehealth Console';
