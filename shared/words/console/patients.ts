/** The console's words shown by renderer/src/patients (docs/i18n.md). English only: the console is English. */
import type { Sex } from '../../domain/patient';

export const patients = {
  /** The form that adds a patient (NewPatientForm). */
  newPatient: {
    title: 'New patient',
    childName: 'Child\'s name',
    dateOfBirth: 'Date of birth',
    sex: 'Sex',
    choose: 'Choose…',
    sexes: { female: 'Female', male: 'Male', other: 'Other', unknown: 'Unknown' } satisfies Record<Sex, string>,
    weight: 'Weight (kg)',
    guardianName: 'Guardian\'s name',
    guardianPhone: 'Guardian\'s phone',
    guardianEmail: 'Guardian\'s e-mail (optional, for sending the visit link)',
    submit: 'Add patient',
    correctFields: 'Please correct the highlighted fields.',
    added: 'Patient added.',
    failed: 'Something went wrong. Check the patient list before trying again: it may have been saved.',
  },
  /** A patient's visit history and the side-by-side view of two visits (PatientHistory). */
  history: {
    title: (name: string) => `Visit history: ${name}`,
    loadFailed: 'Could not load the visit history.',
    loading: 'Loading…',
    none: 'No visits yet.',
    caption: (name: string) => `Visits of ${name}, newest first`,
    columns: { compare: 'Compare', date: 'Date', status: 'Status', decision: 'Decision', recorded: 'Movements recorded', open: 'Open' },
    pick: (when: string) => `Compare the visit of ${when}`,
    noDecision: 'No decision',
    open: 'Open',
    openLabel: (when: string) => `Open the visit of ${when}`,
    truncated: (count: number) => `Only the latest ${count} visits are listed.`,
    compare: 'Compare the two picked visits',
    twoPicked: 'Two visits picked.',
    pickMore: (count: number) => `Pick ${count} more ${count === 1 ? 'visit' : 'visits'} to compare.`,
    close: 'Close history',
    sideBySide: (earlier: string, later: string) => `Side by side: ${earlier} and ${later}`,
    comparisonCaption: 'Each movement in both visits, the earlier first',
    column: (date: string, status: string, tier: string | null) => `${date} (${status}${tier ? `, tier ${tier}` : ''})`,
  },
} as const;
