/** The console's words shown by renderer/src/clinic (docs/i18n.md). English only: the console is English. */
export const clinic = {
  title: 'Clinic',
  yourClinic: 'Your clinic',
  noPhone: 'No phone number yet: family summaries cannot say whom to call.',
  show: 'Clinic details',
  hide: 'Hide clinic details',
  name: 'Clinic name',
  phone: 'Phone number for families',
  phoneHint: 'Printed on the family summary and shown when a join link no longer works.',
  followUp: 'Default follow-up (days after the visit)',
  followUpHint: 'Used when the plan gives no follow-up date; 0 for none.',
  wholeDays: 'Whole days only, 0 to 90.',
  notSaved: 'The clinic settings were not saved.',
  saved: 'Saved. Family summaries and link pages will show this number.',
  submit: 'Save clinic details',
} as const;
