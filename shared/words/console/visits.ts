/** The console's words shown by renderer/src/visits (docs/i18n.md). English only: the console is English. */
export const visits = {
  /** Home: the screen around the visit list (HomeScreen). */
  home: {
    demoAdded: 'Demo patient and visit added.',
    demoRemoved: 'Demo patient removed from the lists.',
    demoTitle: 'Try it alone',
    demoText:
      'A demo patient (marked DEMO) with a visit today and the family\'s answers. Open the join link from the visit room in your own browser to play the family. Remove it from the lists when you are done; nothing is deleted.',
    addDemo: 'Add a demo patient and visit',
  },
  /** The visit list and its rows (VisitList). */
  list: {
    title: 'Visits',
    search: 'Search by patient',
    status: 'Status',
    allStatuses: 'All',
    none: 'No visits yet.',
    today: 'Today',
    upcoming: 'Upcoming',
    past: 'Past',
    noneToday: 'No visits today.',
    noneUpcoming: 'No upcoming visits.',
    nonePast: 'No past visits.',
    demo: 'DEMO',
    openRoom: 'Open visit room',
    openRoomLabel: (name: string, when: string) => `Open visit room: ${name}, ${when}`,
    preVisit: 'Pre-visit answers',
    history: 'Visit history',
    historyLabel: (name: string) => `Visit history: ${name}`,
    removeDemo: 'Remove demo patient',
    loading: 'Loading…',
  },
  /** The form that schedules a visit (ScheduleVisitForm). */
  schedule: {
    title: 'Schedule a visit',
    patient: 'Patient',
    choosePatient: 'Choose a patient…',
    patientMissing: 'Choose a patient.',
    when: 'Date and time',
    whenMissing: 'Choose a date and time.',
    length: 'Length (minutes)',
    reason: 'Reason (optional)',
    submit: 'Schedule visit',
    scheduled: 'Visit scheduled.',
    failed: 'Something went wrong. Check the visit list before trying again: it may have been saved.',
  },
  /** The family's pre-visit answers (IntakeSummary). */
  intake: {
    none: 'The family has not sent pre-visit answers yet.',
    sent: (when: string, by: string, language: string) => `Sent ${when} by ${by} · ${language}`,
    byFamily: 'the family',
    byClinician: 'the clinician',
    spanish: 'Spanish',
    english: 'English',
    painToday: 'Pain today',
    warningSigns: 'Warning signs',
    notAnswered: 'Not answered',
    unsure: 'Unsure',
  },
  /** Findings across visits (FindingsGrid, findings-text). */
  findings: {
    none: 'No finding',
    pain: (score: number, scale: string) => `Pain ${score} (${scale})`,
    scaleNotRecorded: 'scale not recorded',
    estimate: (label: string, value: number, unit: string) => `${label} ${value} ${unit} (camera estimate, not a goniometer)`,
    dateUnknown: 'date unknown',
    movement: 'Movement',
    change: (later: string, earlier: string) => `Change: ${later} compared with ${earlier}`,
    noneRecorded: 'No movement was recorded in these visits.',
    notRecorded: 'Not recorded',
    side: (side: string) => `Side: ${side}`,
    notAssessed: (movements: string) => `Not assessed at any of these visits: ${movements}.`,
    readingAid:
      'Changes compare the recorded finding and the pain score on the same scale; they are a reading aid, not a validated measure of progress.',
  },
  /** A signed visit beside the patient's earlier signed visits (SignedHistory, usePreviousFindings). */
  earlier: {
    title: 'Compared with earlier visits',
    loading: 'Loading earlier visits…',
    loadFailed: 'Could not load earlier visits.',
    notShown: (why: string) => `Earlier visits could not be shown: ${why}`,
    none: 'None: this is the patient\'s first signed visit.',
    caption: (count: number, limit: number) => `This visit beside the last ${count === 1 ? 'signed visit' : `${count} signed visits`} (at most ${limit})`,
    column: (date: string, tier: string | null) => (tier ? `${date} (tier ${tier})` : date),
    thisVisit: (date: string) => `This visit, ${date}`,
  },
} as const;
