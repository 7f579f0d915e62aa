/** The console's words shown by renderer/src/red-flags (docs/i18n.md). English only: the console is English. */
export const redFlags = {} as const;
