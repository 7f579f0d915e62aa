/**
 * The English words of the family page, the family's after-visit summary,
 * the exports' footers and the clinical labels shared by the console and the
 * exports (docs/i18n.md). The shape of this object is the catalog's type
 * (`Words`): every other language must have exactly these keys.
 *
 * Content files in resources/ keep their own cited clinical text (advice,
 * tier scripts, precautions, instructions); only interface words live here.
 */
import type { RefusalReason } from '../signaling/family';
import { CLINICAL_REVIEW_STATEMENT } from '../about';
import type { FramingStatus, MovementView } from '../pose/framing';

/** Every refusal reason, typed so that a new reason without words is a type error. */
const reasons = (r: Record<RefusalReason, string>) => r;

/** Every framing status (facing the camera: by the movement's view), typed so that a new status without words is a type error. */
const framing = (f: Record<Exclude<FramingStatus, 'face-camera'>, string> & { 'face-camera': Record<MovementView, string> }) => f;

/** "1.5" not "1.50", "9" not "9.0". */
const num = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100));

export const en = {
  /** One name per state, the same in the console, the family page and the exports. */
  labels: {
    visitStatus: { scheduled: 'Scheduled', waiting: 'Waiting room', in_progress: 'In progress', awaiting_decision: 'Awaiting decision', signed: 'Signed' },
    flagState: { present: 'present', absent: 'absent', could_not_assess: 'could not assess', not_screened: 'not screened' },
    flagAbsence: { confirmed: 'absent per family, confirmed by the clinician', unconfirmed: 'absent per family, not confirmed' },
    flagSource: {
      family_intake: 'family intake',
      observation: 'observed on video',
      derived: 'derived by a rule (age, duration or a combination)',
      clinician: 'clinician',
    },
    finding: { normal: 'normal', limited: 'limited', painful: 'painful', unable: 'unable', abnormal: 'abnormal', 'not-assessed': 'not assessed' },
    side: { left: 'left', right: 'right', both: 'both' },
    painScale: { 'NRS-11': 'Numeric Rating Scale 0-10', 'FPS-R': 'Faces Pain Scale - Revised', FLACC: 'FLACC observer scale' },
    tier: (id: string) => `Tier ${id}`,
  },

  /** The family's join page (renderer/src/family). */
  familyPage: {
    title: 'Video visit',
    language: 'Language',
    connecting: 'Connecting…',
    reconnecting: 'Connection lost. Trying again…',
    connectionGone: 'We could not reconnect. Check your internet, then reload this page.',
    callClinic: (name: string) => (name ? `Call ${name}:` : 'Call the clinic:'),
    refused: reasons({
      unknown: 'This link does not work. Please ask the clinic for a new link.',
      expired: 'This link has expired. Please ask the clinic for a new link.',
      used: 'This link has already been used on another phone or computer, or the visit has ended. Only the device that first opened it can come back with it. Please ask the clinic for a new link.',
      revoked: 'This link was cancelled. Please ask the clinic for a new link.',
      full: 'This visit already has the most people allowed.',
      ended: 'This visit has ended.',
      replaced: 'This visit was opened in another window or tab.',
      busy: 'Please try again in a minute.',
    }),
    noToken: 'This page needs the full link from the clinic. Open the link you were sent again.',
    stepDevices: 'Step 1 of 3: Check your camera and microphone',
    devicesHelp: 'You should see yourself below. Say something: the bar should move.',
    camera: 'Camera',
    microphone: 'Microphone',
    micLevel: 'Microphone level',
    noDevices: 'We could not open your camera or microphone. Allow access in your browser settings, then reload the page.',
    looksGood: 'Camera and sound work',
    stepConsent: 'Step 2 of 3: Your agreement',
    consentVideo: 'I agree to have this visit by video.',
    consentStills: 'The clinician may save still pictures from the video in my child’s health record. (Optional)',
    consentNote: 'The video is not recorded.',
    continue: 'Continue',
    stepIntake: 'Step 3 of 3: Questions before the visit',
    intakeHelp: 'Answer what you can. You can also talk about it in the visit.',
    warningTitle: 'Has your child had any of these?',
    yes: 'Yes',
    no: 'No',
    unsure: 'Not sure',
    sendAnswers: 'Send answers',
    saving: 'Sending…',
    waitingTitle: 'You are in the waiting room',
    waitingText: 'Thank you. The clinician will let you in soon. Please keep this page open.',
    inCall: 'In the visit',
    you: 'You',
    clinician: 'Clinician',
    otherPerson: 'Other person',
    mute: 'Mute',
    unmute: 'Unmute',
    cameraOff: 'Turn camera off',
    cameraOn: 'Turn camera on',
    prepareTitle: 'While you wait, get ready',
    useBackCamera: 'Use back camera',
    useFrontCamera: 'Use front camera',
    movementNow: 'Now, please',
    leave: 'Leave visit',
    ended: 'The visit has ended. You can close this page.',
    left: 'You left the visit. To come back while the visit is open, open the same link again on this phone or computer.',
    leaveConfirmTitle: 'Leave the visit?',
    leaveConfirmText: 'The clinician will no longer see or hear you. You can come back with the same link on this device while the visit is open.',
    leaveConfirm: 'Leave',
    stay: 'Stay in the visit',
    waitingForVideo: 'Waiting for the clinician’s video…',
    error: 'Something went wrong. Please try again.',
    tooLong: 'Please write less here.',
    onsetFuture: 'This date is in the future. Choose the day the pain started, or leave it empty.',
    onsetRefused: 'Please check this date: it cannot be before the child was born or after today. Choose the day the pain started, or leave it empty.',
    checkAnswer: 'Please check this answer.',
    /** The call's connection, as the quality indicator says it (renderer/src/video/QualityIndicator.tsx). */
    connection: { good: 'Good connection', fair: 'Fair connection', poor: 'Poor connection', none: 'Connecting…' },
    /** The indicator's numbers, for its tooltip and screen readers; "—" where a number is not known yet. */
    connectionDetails: (kbps: number, lossPercent: number, roundTrip: string, resolution: string, fps: number | string) =>
      `Bitrate ${kbps} kbps · loss ${lossPercent}% · round trip ${roundTrip} · ${resolution} · ${fps} fps`,
    /** Where the child faces on a movement card's picture (renderer/src/video/MovementCard.tsx). */
    cardView: { front: 'Facing the camera', back: 'Back to the camera', side: 'Side-on to the camera' },
    /** The framing check's status on the movement card (renderer/src/pose/framing-words.ts); the clinician's preview repeats it in English. */
    framing: framing({
      'in-view': 'Whole body in view ✓',
      'step-back': 'Step back: we need to see the whole body, head to feet',
      'turn-side': 'Turn side-on to the camera',
      'face-camera': { front: 'Turn to face the camera', back: 'Turn your back to the camera', side: 'Turn to face the camera' },
      'no-person': 'We cannot see anyone: step into the picture',
    }),
  },

  /** The family's after-visit summary (electron/main/export/family-html.ts). Clinical texts come from the content. */
  summary: {
    title: 'After-visit summary',
    for: 'For',
    date: 'Visit date',
    clinician: 'Clinician',
    demo: 'DEMO',
    watermark: 'DRAFT',
    unknownClinician: 'Unknown clinician',
    draft: 'DRAFT: this visit is not finished. Ask your clinician for the final summary.',
    now: 'What to do now',
    told: 'What your clinician told you',
    checked: 'What we checked on video',
    checkedIntro: 'We watched your child do these movements:',
    cannot: 'What video cannot check',
    cannotIntro: 'A video visit cannot replace an exam in person. We could not check:',
    medicine: 'Medicine',
    noMedicine: 'No medicine was suggested today.',
    product: 'Medicine',
    howMuch: 'How much each time',
    howOften: 'How often',
    everyHours: (a: number, b: number | null) => (b && b !== a ? `Every ${a} to ${b} hours, only if needed` : `Every ${a} hours, only if needed`),
    maxDay: 'Most in 24 hours',
    doses: (n: number) => `${n} doses`,
    stop: 'When to stop',
    stopOn: (date: string) => `Stop after ${date}, or sooner when the pain is better.`,
    stopDefault: 'Stop when the pain is better. Give it for a few days at most.',
    forWeight: (kg: string) => `This amount is for today's weight: ${kg} kg.`,
    home: 'Caring for the back at home',
    exercises: 'Gentle exercises',
    exercisesNote: 'Stop any exercise that makes the pain much worse.',
    precautions: 'When to get help',
    followUp: 'Follow-up',
    when: 'When',
    withWhom: 'With',
    notes: 'Notes',
    reviewLine: (v: string) => `The clinical content in this summary (version ${v}) has not yet been reviewed by a clinician.`,
    /** The same line as clinicalContentStatusLine() (shared/clinical/status.ts), in the family's language. */
    statusLine: (version: string, reviewed: boolean) =>
      `Clinical content version ${version}. ${reviewed ? 'The clinical content has been reviewed by a clinician.' : CLINICAL_REVIEW_STATEMENT}`,
    callUs: 'Questions or worse? Call us',
    yourClinic: 'your clinic',
    noPhone: 'Call your clinic (the number is on your appointment letter).',
    warning: 'Warning signs: when to get help',
    followUpOn: (date: string) => `Follow-up: ${date}`,
    clinicDefault: (days: number) => `(if the pain is not better; ${days} days after the visit)`,
    footer: (draft: boolean, version: string) => `After-visit summary${draft ? ' — DRAFT' : ''} · content ${version}, not yet clinically reviewed`,
    cannotItems: {
      reflexes: 'Reflexes (tapping the knees and ankles)',
      'formal-sensory-testing': 'Careful testing of feeling in the skin',
      'reliable-palpation': 'Pressing on the back by a clinician to find sore spots',
    },
    drug: { acetaminophen: 'Acetaminophen (paracetamol)', ibuprofen: 'Ibuprofen' },
    liquid: (mg: number, ml: number) => `liquid with ${num(mg)} mg in ${num(ml)} mL`,
    topics: {
      activity: 'Activity and school',
      comfort: 'Heat and ice',
      sleep: 'Sleep',
      exercise: 'Exercise',
      backpack: 'Backpack',
      medicine: 'Medicine safety',
      course: 'What to expect',
      'follow-up': 'Pain diary',
    },
    /** Plain names of the movements for the family (the content's titles are clinical English). */
    moves: {
      gait: 'Walking',
      'standing-inspection': 'Standing still, back to the camera',
      'adams-forward-bend': 'Bending forward to touch the toes',
      'lumbar-flexion': 'Bending forward',
      'lumbar-extension': 'Bending backward',
      'side-bend-left': 'Bending to the left side',
      'side-bend-right': 'Bending to the right side',
      'rotation-left': 'Turning to the left',
      'rotation-right': 'Turning to the right',
      'stork-left': 'Standing on the left leg and leaning back',
      'stork-right': 'Standing on the right leg and leaning back',
      'heel-walk': 'Walking on the heels',
      'toe-walk': 'Walking on tiptoes',
      'calf-raises': 'Rising up on the toes',
      'squat-rise': 'Squatting and standing up',
      palpation: 'Pressing on the back (by you, guided by us)',
      'slump-slr': 'Sitting and straightening a leg',
      'injury-history': 'Questions about a recent fall or injury',
      'saddle-bladder-bowel-history': 'Questions about feeling, peeing and pooping',
    },
  },
};
