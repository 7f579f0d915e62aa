/** The console's words shown by renderer/src/video (docs/i18n.md). English only: the console is English. */
export const video = {} as const;
