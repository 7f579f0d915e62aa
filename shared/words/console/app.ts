/** The console's words shown by renderer/src/app (docs/i18n.md). English only: the console is English. */
export const app = {
  /** The header and the session gate (App). */
  shell: {
    title: 'Back Pain Telehealth Console',
    homeLabel: 'Back Pain Telehealth Console, home',
    contentStatus: 'Clinical content status',
    notReviewed: 'Clinical content not yet clinically reviewed',
    lock: 'Lock',
    about: 'About',
    locked: 'Console locked.',
    unlocked: 'Unlocked.',
  },
  /** The About dialog (AboutDialog). */
  about: {
    title: 'About',
    application: 'Application',
    contentVersion: 'Clinical content version',
    notLoaded: 'not loaded',
    review: 'Clinical review',
  },
  /** A child's age in a list (dates.ts): "11 m", "7 y 3 m". */
  age: {
    months: (months: number) => `${months} m`,
    years: (years: number, months: number) => `${years} y ${months} m`,
  },
} as const;
