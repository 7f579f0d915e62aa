/** The console's words shown by renderer/src/visit-server (docs/i18n.md). English only: the console is English. */
export const visitServer = {} as const;
