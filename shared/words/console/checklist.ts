/** The console's words shown by renderer/src/checklist (docs/i18n.md). English only: the console is English. */
export const checklist = {} as const;
