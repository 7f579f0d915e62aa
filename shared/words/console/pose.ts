/** The console's words shown by renderer/src/pose (docs/i18n.md). English only: the console is English. */
export const pose = {} as const;
