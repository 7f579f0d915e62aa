/** The console's words shown by renderer/src/plan (docs/i18n.md). English only: the console is English. */
export const plan = {} as const;
