/** The console's words shown by renderer/src/red-flags (docs/i18n.md). English only: the console is English. */
export const redFlags = {
  /** The panel around the rows (RedFlagPanel.tsx). */
  panel: {
    title: 'Red flags',
    minimumTier: 'Minimum tier',
    minimumTierSoFar: 'Minimum tier so far',
    /** The tier's accessible name while screening is not complete ("Tier E, provisional"). */
    provisional: (tierLabel: string) => `${tierLabel}, provisional`,
    noFlagYet: 'no red flag found yet — not a home-care tier until screening is complete',
    atLeast: (tierName: string) => `at least ${tierName}`,
    provisionalTitle: 'Screening is not complete: the minimum tier can still go up.',
    provisionalBadge: 'provisional: screening not complete',
    counts: (present: number, unscreened: number) => `${present} present · ${unscreened} not yet asked`,
    groups: { family: 'From the family', video: 'Seen on video', not_screened: 'Not yet asked' },
    groupTitle: (label: string, count: number, attention: number) =>
      attention > 0 ? `${label} (${count}, ${attention} need attention)` : `${label} (${count})`,
    allScreened: 'Every red flag is screened.',
    noneWaiting: 'No red flag waits for screening.',
  },
  /** The keys line under the minimum tier (after each key, what it does). */
  keys: {
    jump: 'jumps here (first flag not yet screened). On a row:',
    present: 'present',
    absent: 'absent',
    couldNotAssess: 'could not assess, then on to the next row',
    rows: 'rows',
    choices: 'choices. The name opens its checklist step.',
  },
  /** One flag's row (FlagItem.tsx). */
  flag: {
    /** A state the clinician has not confirmed: where it came from (a source, else the rules). */
    notConfirmed: (state: string, source: string | undefined) => `${state} per ${source ?? 'the rules'}, not confirmed by you`,
    openStep: (step: string) => `Open the checklist step: ${step}`,
    openAnswers: "Open the family's answers",
    assess: (flag: string) => `Assess ${flag}`,
    rulesSaid: (state: string) => `Rules said: ${state}`,
    evidenceFor: (flag: string) => `Evidence for ${flag}`,
    note: (text: string) => `Note: ${text}`,
    whyAbsent: 'Why is it absent although the answers raised it? (required)',
    noteRequired: 'Say why the flag is absent although the answers raised it.',
    saveAbsent: 'Save as absent',
  },
  /** The family's "no" answers to go over with them (ScreeningActions.tsx). */
  family: {
    help: 'The family answered no on the form. Go over these with them, then confirm all at once or mark each one Absent.',
    confirmAll: (count: number) => `I went over the family's answers with them: confirm all ${count}`,
    confirmed: (count: number) => `The family's answers are confirmed for ${count} flags.`,
  },
  /** Movements never examined (ScreeningActions.tsx). */
  notExamined: {
    title: (count: number) => `Not examined yet (${count})`,
    why: 'Why were these not examined? (recorded as not assessed; the note lists them)',
    reasonRequired: 'Say why these movements were not examined.',
    record: 'Record as not examined',
    recorded: (count: number) => `${count} movements recorded as not examined.`,
  },
} as const;
