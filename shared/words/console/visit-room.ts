/** The console's words shown by renderer/src/visit-room (docs/i18n.md). English only: the console is English. */
export const visitRoom = {} as const;
