/** The console's words shown by renderer/src/visit-room (docs/i18n.md). English only: the console is English. */
export const visitRoom = {
  /** The room's frame (VisitRoom.tsx): header, close gate, tabs, announcements. */
  backToVisits: '← Visits',
  opening: 'Opening the visit…',
  /** Shown when a write fails without an answer the console understands (useVisitRoom.ts). */
  writeFailed: 'Something went wrong. Reload the visit to see what was saved.',
  header: 'Patient and visit',
  facts: (years: number, months: number, weightKg: number, sex: string) => `${years} y ${months} m · ${weightKg} kg · ${sex}`,
  demo: 'DEMO',
  notReviewed: 'Not yet clinically reviewed',
  layoutTitle: 'Switch between the focus layout (video large) and the split layout (key V)',
  splitLayout: 'Split layout',
  focusLayout: 'Focus layout',
  focusAnnounced: 'Focus layout: the video large, the checklist beside it.',
  splitAnnounced: 'Split layout: video, working pane and red flags side by side.',
  keysTitle: 'Keys in the room (key ?)',
  keys: 'Keys',
  recordDecision: 'Record decision…',
  changeDecision: (tier: string) => `Decision: tier ${tier} (change)`,
  sign: 'Sign and close',
  signedAnnounced: 'Visit signed and locked. Only addenda can be added now.',
  notSigned: (reasons: string) => `The visit was not signed: ${reasons}`,
  signedNote: (when: string, who: string) => `Signed ${when} by ${who} · locked`,
  unknown: 'unknown',
  noOneWaiting: 'No one is waiting.',
  severalWaiting: (n: number) => `${n} are waiting: Enter admits the one in focus, Tab moves to the next.`,
  dataNotes: "Stored values the rules could not use (treated as not given; the family's answers can be corrected in Family's answers):",
  video: 'Video visit',
  workingPane: 'Working pane',
  tabs: { checklist: 'Checklist', plan: 'Plan', intake: "Family's answers" },
  intakeTitle: "Family's pre-visit answers",
  correctAnswers: 'Correct the answers…',
  enterAnswers: 'Enter the answers…',

  /** What is left before signing (StepsLeft, GateReasons). */
  gate: {
    ready: 'Ready to sign.',
    stepsLeft: (n: number) => `${n} ${n === 1 ? 'step' : 'steps'} left`,
    before: 'Before signing:',
    unscreened: (n: number) => `${n} red flags have not been screened: ask or observe, then mark each present, absent or could not assess.`,
  },

  /** The signed, read-only record (SignedRecord). */
  signed: {
    title: 'Signed record (read-only)',
    locked: 'This visit is signed and locked. Corrections and late information go in an addendum.',
    tier: 'Tier',
    decidedBy: (who: string, when: string) => `by ${who}, ${when}`,
    rationale: (text: string) => `Rationale: ${text}`,
    familyTold: (text: string) => `The family was told: ${text}`,
    findings: 'Findings',
    skipped: '(skipped)',
    pain: (score: number, scale: string) => `pain ${score} (${scale})`,
    noFindings: 'No movement was examined in this visit.',
  },

  /** Addenda after signing (Addenda.tsx). */
  addenda: {
    title: 'Addenda',
    none: 'No addenda.',
    unknownAuthor: 'Unknown author',
    meta: (author: string, when: string, reason: string) => `${author} · ${when} · Reason: ${reason}`,
    reason: 'Reason',
    text: 'Addendum',
    add: 'Add addendum',
    reasonMissing: 'Give a reason for the addendum.',
    textMissing: 'Write the addendum.',
    added: 'Addendum added.',
  },

  /** The clinician's correction of the family's intake (CorrectIntake.tsx). */
  correctIntake: {
    title: "Correct the family's answers",
    kept: "The family's original answers are kept in the visit's history; the change is recorded under your name.",
    onset: 'When the pain started',
    symptoms: 'Symptoms',
    warningSigns: 'Warning signs',
    notAnswered: 'Not answered',
    unsure: 'Unsure',
    save: 'Save the corrected answers',
    corrected: "The family's answers were corrected. Their original answers are kept in the history.",
  },

  /** The escalation decision (EscalationDialog.tsx; its title is also the signed record's heading). */
  escalation: {
    title: 'Escalation decision',
    belowMinimum: (tier: string, minimum: string) => `Tier ${tier} is less urgent than the minimum tier ${minimum} the flags demand: write why.`,
    homeCare: 'Home care while a flag is present or could not be assessed: write why.',
    toldMissing: 'Say what the family was told.',
    correctFields: 'Please correct the highlighted fields.',
    recorded: (tier: string) => `Decision recorded: tier ${tier}.`,
    demands: 'The flags demand at least tier',
    tier: 'Tier',
    chooseTier: 'choose a tier',
    enter: 'Enter',
    enterRecords: 'records the decision',
    minimum: '(minimum)',
    rationaleRequired: 'Rationale (required)',
    rationaleOptional: 'Rationale (optional)',
    familyTold: { en: 'What the family was told (English)', es: 'What the family was told (Spanish)' },
    record: 'Record decision',
  },

  /**
   * Every key of the room (KeysHelp.tsx, issue 16 item 8). The same table is
   * in docs/visit-room.md; keep the two together. A row is [keys, what they do];
   * a row of one says what the keys above it also do.
   */
  keysHelp: {
    title: 'Keys in the visit room',
    intro: 'Keys never act while you type in a field, while a dialog is open, or while the console is locked.',
    key: 'Key',
    does: 'Does',
    groups: [
      {
        area: 'Anywhere in the room',
        rows: [
          ['W', 'Admit the waiting family (several waiting: focus on the first Admit)'],
          ['F', "Jump to the red flags: the family's answers to confirm, else the first flag not yet screened"],
          ['D', 'Record the escalation decision (the dialog opens on the minimum tier; Enter records it)'],
          ['V', 'Switch between the focus and the split layout'],
          ['?', 'This list'],
        ],
      },
      {
        area: 'Checklist',
        rows: [
          ['1–9', "The movement's main finding (the digit is on the button)"],
          ['G, U, T, I… then 1–9', "The movement's other findings: the letter beside the finding's name, then the digit on its button"],
          ['L R B', 'Side, where the movement has one'],
          ['P then a digit', 'Pain score (P 1 0 is 10)'],
          ['A finding chosen by key that leaves every finding on the screen chosen and normal moves on to the next movement'],
          ['N, Enter', 'Next movement'],
          ['Shift+N, Backspace', 'Previous movement'],
          ['S', 'Skip with a reason (where the movement allows it)'],
          ['/', 'The note (Escape returns)'],
        ],
      },
      {
        area: 'Red flags (on a row)',
        rows: [
          ['Y A C', 'Present, absent, could not assess; focus moves on to the next row'],
          ['↑ ↓', 'Previous or next row'],
          ['← →', "The row's choices (Space or Enter records the focused one)"],
        ],
      },
    ],
  },
} as const;
