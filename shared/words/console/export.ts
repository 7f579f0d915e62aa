/** The console's words shown by renderer/src/export (docs/i18n.md). English only: the console is English. */
export const exporting = {
  choices: {
    note: 'Clinician note (PDF)',
    familyEn: 'Family summary, English (PDF)',
    familyEs: 'Family summary, Spanish (PDF)',
    fhir: 'FHIR document (JSON)',
  },
  stage: {
    choosing: 'Choose where to save…',
    loading: 'Reading the visit…',
    building: 'Building…',
    printing: 'Printing…',
    done: 'Done',
    cancelled: 'Cancelled',
    failed: 'Failed',
  },
  saved: (fileName: string, draft: boolean) => `Saved ${fileName}${draft ? ' (draft)' : ''}.`,
  cancelled: 'Export cancelled.',
  failed: 'The export failed.',
  open: 'Export…',
  group: 'Export this visit',
  draft: 'This visit is not signed: exports are marked DRAFT.',
  progress: 'Export progress',
  starting: 'Starting…',
  confirm: 'They are in the family’s language: export',
  back: 'Go back and edit',
} as const;
