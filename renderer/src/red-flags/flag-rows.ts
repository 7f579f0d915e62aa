/**
 * What the red-flag panel and its rows share: where each flag is screened
 * (the checklist steps whose findings raise it), the three choices a row
 * records and their keys, and how focus lands on a row.
 */
import { clinicalContent } from '../../../shared/clinical';
import type { VisitRoomState } from '../../../shared/domain/visit-room';

export type Flag = VisitRoomState['flags'][number];
export type Choice = 'present' | 'absent' | 'could_not_assess';
export const CHOICES: Choice[] = ['present', 'absent', 'could_not_assess'];

/**
 * Where a flag is screened: the checklist steps whose findings raise it
 * (maneuvers.json), first one linked; flags with no step are history
 * questions, answered by the family (and gone over with them).
 */
export const STEPS_BY_FLAG = new Map<string, string[]>();
for (const m of clinicalContent.maneuvers.maneuvers) {
  for (const f of m.findings) {
    const list = STEPS_BY_FLAG.get(f.flag) ?? [];
    if (!list.includes(m.id)) list.push(m.id);
    STEPS_BY_FLAG.set(f.flag, list);
  }
}
export const STEP_TITLE = new Map(clinicalContent.maneuvers.maneuvers.map((m) => [m.id, m.title]));
export const INTAKE_STEP = '@intake';

/** Keys on a focused flag row (the row stops them reaching the checklist). */
export const ROW_KEYS: Record<string, Choice> = { y: 'present', a: 'absent', c: 'could_not_assess' };

export const rowSelector = (id: string) => `.flag-panel li.flag[data-flag="${id}"]`;

/** Focus a row's radio group: its checked state, else its first. */
export function focusRow(row: Element | null): boolean {
  if (!row) return false;
  const radios = Array.from(row.querySelectorAll<HTMLElement>('[role="radio"]'));
  const target = radios.find((r) => r.getAttribute('aria-checked') === 'true') ?? radios[0];
  target?.focus();
  return !!target;
}
