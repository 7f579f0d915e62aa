/** The console's words shown by renderer/src/visits (docs/i18n.md). English only: the console is English. */
export const visits = {} as const;
