/** The console's words shown by renderer/src/app (docs/i18n.md). English only: the console is English. */
export const app = {} as const;
