/** The console's words shown by renderer/src/session (docs/i18n.md). English only: the console is English. */
export const session = {} as const;
