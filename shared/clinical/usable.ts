/**
 * A stored visit as the rules can read it (issue 14, item 1). What is stored
 * was checked when it was entered, but by the checks of its day: an older
 * build let a family type a pain-onset date in the future, an older checklist
 * allowed values since retired, and "today" moves on. The rules must never
 * throw on such a record — a visit the clinician cannot open, decide, sign or
 * export is worse than one with a gap. So every value the rules cannot use is
 * treated as missing (never guessed), and each gap comes back as a sentence
 * the clinician sees in the room and in the note. A missing answer leaves its
 * flag "not screened", so the close gate asks the clinician to assess it.
 */
import { isCalendarDate } from '../domain/common';
import { clinicalContent } from './content';
import {
  EscalationDecision,
  FlagAssessment,
  IntakeAnswers,
  observationSchemaFor,
  VisitSnapshot,
  WarningSignAnswers,
  type Observation,
} from './visit-input';

/** A stored visit, values as read back (nothing assumed valid). */
export interface StoredVisitValues {
  dateOfBirth: string;
  visitDate: string;
  weightKg: number | null;
  /** The intake as parsed from its JSON; undefined when there is none, `UNREADABLE` when the JSON itself did not parse. */
  intake: unknown;
  /** Current findings by maneuver id (unknown maneuvers are ignored). */
  observations: Record<string, unknown>;
  flagAssessments: unknown[];
  escalation?: unknown;
}

export const UNREADABLE = Symbol('unreadable');

const MANEUVERS = new Map(clinicalContent.maneuvers.maneuvers.map((m) => [m.id, m]));
const INTAKE_FIELDS = IntakeAnswers.shape;

/** The intake fields the rules can read, and the names of those they could not. */
export function readableIntake(raw: unknown): { answers: IntakeAnswers; unreadable: string[] } | null {
  if (raw === undefined || raw === null) return null;
  const whole = IntakeAnswers.safeParse(raw);
  if (whole.success) return { answers: whole.data, unreadable: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { answers: { warningSigns: {} }, unreadable: ['(all)'] };
  const out: Record<string, unknown> = {};
  const unreadable: string[] = [];
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key === 'warningSigns') continue;
    const field = (INTAKE_FIELDS as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>)[key];
    const parsed = field?.safeParse(value);
    if (parsed?.success) out[key] = parsed.data;
    else unreadable.push(key);
  }
  const signs: Record<string, unknown> = {};
  const rawSigns = (raw as Record<string, unknown>).warningSigns;
  if (rawSigns && typeof rawSigns === 'object' && !Array.isArray(rawSigns)) {
    for (const [id, answer] of Object.entries(rawSigns as Record<string, unknown>)) {
      if (WarningSignAnswers.safeParse({ [id]: answer }).success) signs[id] = answer;
      else unreadable.push(`warningSigns.${id}`);
    }
  } else if (rawSigns !== undefined) {
    unreadable.push('warningSigns');
  }
  const parsed = IntakeAnswers.safeParse({ ...out, warningSigns: signs });
  return parsed.success ? { answers: parsed.data, unreadable } : { answers: { warningSigns: {} }, unreadable: ['(all)'] };
}

/**
 * The snapshot the rules evaluate, built so it always parses, and one
 * plain-language note per value left out. Never throws.
 */
export function usableSnapshot(stored: StoredVisitValues): { snapshot: VisitSnapshot; notes: string[] } {
  const notes: string[] = [];
  const visitDate = isCalendarDate(stored.visitDate) ? stored.visitDate : '1970-01-01';
  let dateOfBirth = stored.dateOfBirth;
  if (!isCalendarDate(dateOfBirth) || dateOfBirth > visitDate) {
    notes.push(
      isCalendarDate(dateOfBirth)
        ? `The date of birth (${dateOfBirth}) is after the visit date (${visitDate}); the age is counted as 0 until it is corrected, so age-based advice may be wrong.`
        : 'The date of birth could not be read; the age is counted as 0 until it is corrected, so age-based advice may be wrong.',
    );
    dateOfBirth = visitDate;
  }

  const weightKg = stored.weightKg === null || (Number.isFinite(stored.weightKg) && stored.weightKg > 0) ? stored.weightKg : null;
  if (weightKg !== stored.weightKg) notes.push('The recorded weight could not be used; weight-based doses need a new weight.');

  let intake: IntakeAnswers = { warningSigns: {} };
  if (stored.intake === UNREADABLE) {
    notes.push("The family's intake could not be read; it is treated as not given.");
  } else {
    const read = readableIntake(stored.intake);
    if (read) {
      intake = read.answers;
      if (read.unreadable.includes('(all)')) notes.push("The family's intake could not be read; it is treated as not given.");
      else if (read.unreadable.length > 0) {
        notes.push(`Part of the family's intake could not be read (${read.unreadable.join(', ')}); those answers are treated as not given.`);
      }
    }
  }
  const onset = intake.onsetDate;
  if (onset !== undefined && (onset > visitDate || onset < dateOfBirth)) {
    const { onsetDate: _dropped, ...rest } = intake;
    intake = rest as IntakeAnswers;
    notes.push(
      onset > visitDate
        ? `The pain-onset date (${onset}) is after the visit date (${visitDate}); it is treated as not given, so how long the pain has lasted must be asked.`
        : `The pain-onset date (${onset}) is before the date of birth; it is treated as not given, so how long the pain has lasted must be asked.`,
    );
  }

  const observations: Record<string, Observation> = {};
  for (const [id, values] of Object.entries(stored.observations)) {
    const m = MANEUVERS.get(id);
    if (!m) continue;
    const parsed = observationSchemaFor(m).safeParse(values);
    if (parsed.success) observations[id] = parsed.data;
    else notes.push(`The finding recorded for "${m.title}" could not be read by this version's checklist; it is left out until recorded again.`);
  }

  const seen = new Set<string>();
  const flagAssessments: FlagAssessment[] = [];
  for (const a of stored.flagAssessments) {
    const parsed = FlagAssessment.safeParse(a);
    if (!parsed.success || seen.has(parsed.data.flagId)) {
      notes.push('A red-flag assessment could not be read; that flag counts as not assessed.');
      continue;
    }
    seen.add(parsed.data.flagId);
    flagAssessments.push(parsed.data);
  }

  let escalation: EscalationDecision | undefined;
  if (stored.escalation !== undefined) {
    const parsed = EscalationDecision.safeParse(stored.escalation);
    if (parsed.success) escalation = parsed.data;
    else notes.push('The escalation decision could not be read; record it again.');
  }

  const candidate = { dateOfBirth, visitDate, weightKg, intake, observations, flagAssessments, ...(escalation ? { escalation } : {}) };
  const parsed = VisitSnapshot.safeParse(candidate);
  if (parsed.success) return { snapshot: parsed.data, notes };
  // Unreachable by construction; if a future rule adds a check, fall back to a
  // snapshot with nothing but the dates rather than throw.
  notes.push('Some of this visit could not be read by the rules; every flag must be assessed by hand.');
  return { snapshot: VisitSnapshot.parse({ dateOfBirth, visitDate, intake: { warningSigns: {} } }), notes };
}
