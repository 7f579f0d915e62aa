/** The console's words shown by renderer/src/clinic (docs/i18n.md). English only: the console is English. */
export const clinic = {} as const;
