/** The console's words shown by renderer/src/ehr (docs/i18n.md). English only: the console is English. */
export const ehr = {} as const;
