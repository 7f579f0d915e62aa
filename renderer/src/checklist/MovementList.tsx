/** Every movement with its state (recorded, skipped, not yet), to jump to one; and the checklist's keys. Split out of Checklist.tsx. */
import type { VisitRoomState } from '../../../shared/domain/visit-room';
import { CONSOLE } from '../../../shared/words/console';
import { isSkipped, MANEUVERS } from './model';

const t = CONSOLE.checklist;
const k = t.keys;

export function MovementList({ observations, index, go }: { observations: VisitRoomState['observations']; index: number; go: (i: number) => void }) {
  return (
    <>
    <details className="maneuver-list">
      <summary>{t.list.title}</summary>
      <ol>
        {MANEUVERS.map((x, i) => {
          const obs = observations[x.id];
          const mark = !obs ? 'not-yet' : isSkipped(x, obs.values) ? 'skipped' : 'recorded';
          return (
            <li key={x.id}>
              <button type="button" className="link-button" aria-current={i === index ? 'step' : undefined} onClick={() => go(i)}>
                {x.title} <span className={`mark mark-${mark}`}>({t.list.marks[mark]})</span>
              </button>
            </li>
          );
        })}
      </ol>
    </details>
    <p className="shortcut-help">
      {k.label} <kbd>1</kbd>–<kbd>9</kbd> {k.finding} · <kbd>L</kbd>/<kbd>R</kbd>/<kbd>B</kbd> {k.side} · <kbd>P</kbd> {k.painDigit} · <kbd>N</kbd> {k.or}{' '}
      <kbd>{k.enter}</kbd> {k.next} · <kbd>{k.shift}</kbd>+<kbd>N</kbd> {k.previous} · <kbd>S</kbd> {k.skip} · <kbd>/</kbd> {k.note}
    </p>
    </>
  );
}
