/**
 * Every red flag in the catalog, grouped by state, with where the state came
 * from, the evidence for flags the rules raised, and the minimum tier they
 * demand. The clinician confirms or changes each; marking absent a flag the
 * rules found present needs a note (the close gate blocks otherwise).
 */
import { useEffect, useState } from 'react';
import type { VisitRoomState } from '../../../shared/domain/visit-room';
import { CONSOLE } from '../../../shared/words/console';
import { useAnnounce } from '../app/announce';
import { useSession } from '../session/context';
import { isTyping } from '../visit-room/room-keys';
import type { VisitRoom } from '../visit-room/useVisitRoom';
import { FlagItem } from './FlagItem';
import { focusRow, rowSelector, STEPS_BY_FLAG, type Flag } from './flag-rows';
import { tierLabel, tierName } from './labels';
import { FamilyAnswers, NotExamined } from './ScreeningActions';

export { INTAKE_STEP } from './flag-rows';

type GroupId = 'family' | 'video' | 'not_screened';
const t = CONSOLE.redFlags.panel;
const k = CONSOLE.redFlags.keys;
const GROUP_ORDER: GroupId[] = ['family', 'video', 'not_screened'];
const STATE_ORDER: Record<string, number> = { present: 0, could_not_assess: 1, not_screened: 2, absent: 3 };
const groupOf = (f: Flag): GroupId => (f.state === 'not_screened' ? 'not_screened' : STEPS_BY_FLAG.has(f.id) ? 'video' : 'family');

/** The room-wide key that jumps into the panel: the family's answers to confirm, else the first flag not yet screened. */
export const FLAGS_KEY = 'f';

/** F from anywhere in the room (not while typing, not in a dialog): into the panel where it waits for the clinician. */
export function jumpIntoFlags(): 'family' | 'row' | null {
  const confirm = document.querySelector<HTMLElement>('.flag-panel [data-testid="family-answers"] button:not([disabled])');
  if (confirm) {
    confirm.focus();
    return 'family';
  }
  return focusRow(document.querySelector('.flag-panel li.flag[data-state="not_screened"]')) ? 'row' : null;
}

export function RedFlagPanel({ room, readOnly }: { room: VisitRoom & { state: VisitRoomState }; readOnly: boolean }) {
  const { state } = room;
  const session = useSession();
  const announce = useAnnounce();
  /** After a row's key: the row to focus once the new state is on screen. */
  const [focusNext, setFocusNext] = useState<{ id: string | null } | null>(null);
  useEffect(() => {
    if (!focusNext) return;
    setFocusNext(null);
    if (focusNext.id && focusRow(document.querySelector(rowSelector(focusNext.id)))) return;
    // Nothing after it: the first flag still not screened, if any.
    if (!focusRow(document.querySelector('.flag-panel li.flag[data-state="not_screened"]'))) announce(t.allScreened);
  }, [focusNext, state, announce]);

  const locked = session.locked;
  useEffect(() => {
    if (readOnly) return;
    const listener = (e: globalThis.KeyboardEvent) => {
      if (locked || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
      if (e.key.toLowerCase() !== FLAGS_KEY || isTyping(e.target) || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      if (!jumpIntoFlags()) announce(t.noneWaiting);
    };
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, [readOnly, locked, announce]);
  const present = state.flags.filter((f) => f.state === 'present').length;
  const unscreened = state.flags.filter((f) => f.state === 'not_screened').length;
  const provisional = !!state.minimumTierProvisional;
  const tier = state.minimumTier;
  return (
    <aside className="flag-panel" aria-labelledby="flags-title" data-testid="flag-panel">
      <h2 id="flags-title">{t.title}</h2>
      <p className={`min-tier${provisional ? ' min-tier-provisional' : ''}`} data-testid="minimum-tier" data-provisional={provisional} data-tier={tier}>
        {provisional ? t.minimumTierSoFar : t.minimumTier}:{' '}
        <strong className={provisional ? 'tier tier-provisional' : `tier tier-${tier}`} aria-label={provisional ? t.provisional(tierLabel(tier)) : tierLabel(tier)}>
          {tier}
        </strong>{' '}
        {provisional ? (
          tier === 'E' ? (
            <span>{t.noFlagYet}</span>
          ) : (
            <span>{t.atLeast(tierName(tier))}</span>
          )
        ) : (
          tierName(tier)
        )}
        {provisional && (
          <span className="badge provisional" data-testid="minimum-tier-provisional" title={t.provisionalTitle}>
            {t.provisionalBadge}
          </span>
        )}
        <span className="muted">
          {' · '}
          {t.counts(present, unscreened)}
        </span>
      </p>
      {!readOnly && (
        <p className="flag-keys muted" id="flag-keys">
          <kbd>F</kbd> {k.jump} <kbd>Y</kbd> {k.present} · <kbd>A</kbd> {k.absent} · <kbd>C</kbd> {k.couldNotAssess} · <kbd>↑</kbd>
          <kbd>↓</kbd> {k.rows} · <kbd>←</kbd>
          <kbd>→</kbd> {k.choices}
        </p>
      )}
      {!readOnly && <FamilyAnswers room={room} onConfirmed={() => setFocusNext({ id: null })} />}
      {!readOnly && <NotExamined room={room} />}
      {GROUP_ORDER.map((g) => {
        const flags = state.flags.filter((f) => groupOf(f) === g).sort((a, b) => (STATE_ORDER[a.state] ?? 9) - (STATE_ORDER[b.state] ?? 9));
        if (flags.length === 0) return null;
        const shown = flags.filter((f) => f.state !== 'absent').length;
        return (
          <section key={g} className={`flag-group flag-group-${g}`} data-testid={`flag-group-${g}`} aria-labelledby={`flag-group-title-${g}`}>
            <h3 id={`flag-group-title-${g}`}>
              {t.groupTitle(t.groups[g], flags.length, g === 'not_screened' ? 0 : shown)}
            </h3>
            <ul className="flag-list">
              {flags.map((f) => (
                <FlagItem key={f.id} flag={f} room={room} readOnly={readOnly} onAssessedByKey={(next) => setFocusNext({ id: next })} />
              ))}
            </ul>
          </section>
        );
      })}
    </aside>
  );
}
