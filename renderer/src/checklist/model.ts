/** Pure helpers for the guided checklist: which field the digit keys drive, labels, completeness. */
import { clinicalContent, NORMAL_VALUES, type Maneuver, type ManeuverField, type Observation, type PainScaleId } from '../../../shared/clinical';

export const MANEUVERS = clinicalContent.maneuvers.maneuvers;
export type ChoiceField = Extract<ManeuverField, { kind: 'choice' }>;

/** The maneuver's main finding: its first required choice field (else its first choice field). Digits 1-9 pick its values. */
export function mainField(m: Maneuver): ChoiceField | null {
  const choices = m.fields.filter((f): f is ChoiceField => f.kind === 'choice');
  return choices.find((f) => f.required) ?? choices[0] ?? null;
}

/** The side field (L/R/B keys), where the maneuver has one. */
export function sideField(m: Maneuver): ChoiceField | null {
  const f = m.fields.find((x) => x.id === 'side' && x.kind === 'choice');
  return f && f.kind === 'choice' ? f : null;
}

export const SIDE_KEYS: Record<string, string> = { l: 'left', r: 'right', b: 'both' };

/**
 * Letters the room already uses (checklist, red-flag rows, room keys), never
 * given to a field: N next, S skip, P pain, L/R/B side, V layout, W admit,
 * D decision, F flags, Y/A/C on a flag row; K, E and Q kept free for the room.
 */
const RESERVED = new Set(['n', 's', 'p', 'l', 'r', 'b', 'v', 'w', 'd', 'f', 'y', 'a', 'c', 'k', 'e', 'q']);

/**
 * The maneuver's other choice fields (not the main finding, not the side),
 * each with a letter key: the first letter of its label the room does not
 * already use ("General appearance" G, "Urine change" U, "Stool change" T,
 * "Skin marks" I). The letter, then a digit, chooses.
 */
export function fieldKeys(m: Maneuver): { field: ChoiceField; key: string }[] {
  const main = mainField(m);
  const side = sideField(m);
  const taken = new Set<string>();
  const out: { field: ChoiceField; key: string }[] = [];
  for (const f of m.fields) {
    if (f.kind !== 'choice' || f === main || f === side) continue;
    const key = [...f.label.toLowerCase()].find((ch) => /[a-z]/.test(ch) && !RESERVED.has(ch) && !taken.has(ch));
    if (!key) continue;
    taken.add(key);
    out.push({ field: f, key });
  }
  return out;
}

/**
 * Whether a choice made by key moves the checklist on: every choice field
 * on the screen but the side has a value, and every value is a normal
 * finding ("normal", "full", "none", "no", "adequate", "well"…). An abnormal
 * or not-assessed finding stays, for the side, the pain and a note.
 */
export function completeAndNormal(m: Maneuver, values: Observation): boolean {
  const side = sideField(m);
  const choices = m.fields.filter((f): f is ChoiceField => f.kind === 'choice' && f !== side);
  return choices.length > 0 && choices.every((f) => typeof values[f.id] === 'string' && NORMAL_VALUES.has(values[f.id] as string)) && missingRequired(m, values).length === 0;
}

/** Skip is offered only where the content allows "not assessed" for the main finding. */
export function canSkip(m: Maneuver): boolean {
  return mainField(m)?.values.includes('not_assessed') ?? false;
}

/** "not_assessed" → "Not assessed", "midline_bone" → "Midline bone". */
export function valueLabel(value: string): string {
  const words = value.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Required fields still missing: the main process refuses an observation without them. */
export function missingRequired(m: Maneuver, values: Observation): ManeuverField[] {
  return m.fields.filter((f) => f.required && (values[f.id] === undefined || values[f.id] === ''));
}

/** The values as the main process expects them: blanks left out. */
export function cleanValues(values: Observation): Observation {
  const out: Observation = {};
  for (const [k, v] of Object.entries(values)) {
    if (typeof v === 'string' && v.trim() === '') continue;
    if (typeof v === 'number' && !Number.isFinite(v)) continue;
    out[k] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}

/** Whether an age adaptation ("under 5", "under 8", "under 5 or not yet toilet trained") applies to this child. */
export function adaptationApplies(ages: string, ageYears: number): boolean {
  const m = /under\s+(\d+)/i.exec(ages);
  return m ? ageYears < Number(m[1]) : true;
}

export function scaleOf(id: PainScaleId) {
  const scale = clinicalContent.painScales.scales.find((s) => s.id === id);
  if (!scale) throw new Error(`Unknown pain scale ${id}`);
  return scale;
}

/** A maneuver counts as skipped when its main finding is "not assessed". */
export function isSkipped(m: Maneuver, values: Observation | undefined): boolean {
  const main = mainField(m);
  return !!values && !!main && values[main.id] === 'not_assessed';
}

/** Where the checklist opens: the first maneuver without a finding yet, else the first. */
export function firstOpenIndex(state: { observations: Readonly<Record<string, unknown>> }): number {
  const i = MANEUVERS.findIndex((m) => !state.observations[m.id]);
  return i < 0 ? 0 : i;
}
