/** The console's words shown by renderer/src/checklist (docs/i18n.md). English only: the console is English. */
export const checklist = {
  /** The checklist around the movement on screen (Checklist.tsx). */
  progress: (at: number, of: number, recorded: number) => `Movement ${at} of ${of} · ${recorded} recorded`,
  skipped: 'Skipped',
  note: 'Note (optional)',
  previous: '← Previous',
  skip: 'Skip…',
  next: 'Next →',
  cannotSkip: 'This one cannot be skipped: record an answer',
  /** The reason a skip starts with, and the one kept when the clinician clears it. */
  skipReasonDefault: 'Could not assess over video',
  unknownAuthor: 'unknown',
  /** What the screen reader hears as keys are pressed. */
  said: {
    savedNext: (title: string) => `Saved. Next: ${title}.`,
    scaleScores: (scale: string, scores: string) => `${scale} scores are ${scores}.`,
    pressRange: (field: string, count: number) => `${field}: press 1 to ${count}.`,
    pressChoices: (field: string, choices: string) => `${field}: press ${choices}.`,
    painScores: (scale: string, scores: string) => `Pain score on ${scale}: press ${scores}.`,
  },
  /** The save status line (ManeuverParts.tsx). */
  status: {
    notSavedYet: (fields: string) => `Not saved yet: choose ${fields}.`,
    notSaved: (message: string) => `Not saved: ${message}`,
    savedAt: (time: string, author: string) => `Saved ${time} · ${author}`,
    nothingYet: 'Nothing recorded yet.',
  },
  /** The keys lines (Checklist.tsx, MovementList.tsx): after each key, what it does. */
  keys: {
    label: 'Keys:',
    finding: 'finding',
    fieldLetter: "a finding's letter, then a digit",
    pain: 'pain',
    next: 'next',
    movesOn: 'next. A normal finding chosen by key, with every finding chosen, moves on.',
    allKeys: 'all keys.',
    side: 'side',
    painDigit: 'then a digit pain',
    or: 'or',
    previous: 'previous',
    skip: 'skip',
    note: 'note',
    /** Key names shown on the keys. */
    enter: 'Enter',
    shift: 'Shift',
  },
  /** The maneuver's fields and the parts around them (ManeuverFields.tsx, ManeuverParts.tsx). */
  fields: {
    optional: (label: string) => `${label} (optional)`,
    thenDigit: 'then a digit',
    thenRange: (count: number) => `then 1–${count}…`,
    readToFamily: 'Read to the family',
    readToFamilySpanish: 'Read to the family (Spanish, as the family chose)',
    age: (ages: string) => `Age ${ages}:`,
    pain: (scale: string, observer: boolean) => `Pain with this movement (${scale}${observer ? ', observer-rated' : ''}, optional)`,
    thenScore: 'then a score…',
    painScore: (score: number, scale: string) => `Pain ${score} of 10 (${scale})`,
    whySkip: 'Why is this movement skipped?',
    skipMovement: 'Skip movement',
  },
  /** Every movement, to jump to one (MovementList.tsx). */
  list: {
    title: 'All movements',
    marks: { 'not-yet': 'not yet', skipped: 'skipped', recorded: 'recorded' },
  },
  /** Earlier visits beside today's finding (EarlierFindings.tsx). */
  earlier: {
    error: (message: string) => `Earlier visits could not be shown: ${message}`,
    none: "Earlier visits: none. This is the patient's first signed visit to compare with.",
    summary: (count: number) => `Earlier visits (${count}):`,
    caption: (title: string, count: number, most: number) =>
      `${title}: today and the last ${count === 1 ? 'visit' : `${count} visits`} (at most ${most})`,
    visit: 'Visit',
    finding: 'Finding',
    compared: 'Today compared with it',
    today: 'Today',
    notRecordedYet: 'Not recorded yet',
    notRecorded: 'Not recorded',
    side: (side: string) => `Side: ${side}`,
  },
  /** The camera estimate for a movement with a measure (MeasuredMovement.tsx). */
  estimate: {
    title: 'Camera estimate (decision support, not a goniometer)',
    signed: 'The visit is signed.',
    findingFirst: 'Record the finding first; the estimate is attached beside it.',
    attach: 'Attach estimate',
    reading: (confidence: string) => `(camera estimate, not a goniometer; confidence ${confidence})`,
    attachedMessage: (label: string, value: number, unit: string) =>
      `${label} attached: ${value} ${unit} (camera estimate, not a goniometer). The finding is unchanged.`,
    notAttached: 'The estimate could not be attached.',
    attachedList: 'Attached estimates',
    attached: (what: string, method: string) => `Attached: ${what} — ${method}`,
    remove: 'Remove estimate',
    removeAsk: (what: string) => `Remove ${what}?`,
    whyRemove: "Why remove this estimate? (kept with the visit's record)",
    confirmRemove: (what: string) => `Yes, remove ${what}`,
    keep: 'Keep it',
    removed: (what: string) => `${what} removed: it no longer shows here, in the note or in the exports. The finding is unchanged.`,
    notRemoved: 'The estimate could not be removed.',
    limits: 'Accuracy limits and sources',
  },
} as const;
