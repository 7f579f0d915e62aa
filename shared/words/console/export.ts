/** The console's words shown by renderer/src/export (docs/i18n.md). English only: the console is English. */
export const exporting = {} as const;
