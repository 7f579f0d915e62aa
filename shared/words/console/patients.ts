/** The console's words shown by renderer/src/patients (docs/i18n.md). English only: the console is English. */
export const patients = {} as const;
