/** Every movement with its state (recorded, skipped, not yet), to jump to one; and the checklist's keys. Split out of Checklist.tsx. */
import type { VisitRoomState } from '../../../shared/domain/visit-room';
import { isSkipped, MANEUVERS } from './model';

export function MovementList({ observations, index, go }: { observations: VisitRoomState['observations']; index: number; go: (i: number) => void }) {
  return (
    <>
    <details className="maneuver-list">
      <summary>All movements</summary>
      <ol>
        {MANEUVERS.map((x, i) => {
          const obs = observations[x.id];
          const mark = !obs ? 'not yet' : isSkipped(x, obs.values) ? 'skipped' : 'recorded';
          return (
            <li key={x.id}>
              <button type="button" className="link-button" aria-current={i === index ? 'step' : undefined} onClick={() => go(i)}>
                {x.title} <span className={`mark mark-${mark.replace(' ', '-')}`}>({mark})</span>
              </button>
            </li>
          );
        })}
      </ol>
    </details>
    <p className="shortcut-help">
      Keys: <kbd>1</kbd>–<kbd>9</kbd> finding · <kbd>L</kbd>/<kbd>R</kbd>/<kbd>B</kbd> side · <kbd>P</kbd> then a digit pain · <kbd>N</kbd> or{' '}
      <kbd>Enter</kbd> next · <kbd>Shift</kbd>+<kbd>N</kbd> previous · <kbd>S</kbd> skip · <kbd>/</kbd> note
    </p>
    </>
  );
}
