/** Words every part of the console says the same way (docs/i18n.md). English only: the console is English. */
export const common = {
  cancel: 'Cancel',
  close: 'Close',
  save: 'Save',
  saving: 'Saving…',
  saved: 'Saved',
  retry: 'Try again',
  yes: 'Yes',
  no: 'No',
} as const;
