/** A change between two visits, marked in words (the colour only repeats them). */
import type { FindingChange } from '../../../shared/domain/visit-history-compare';
import './history.css';

const SYMBOL: Record<FindingChange['kind'], string> = {
  better: '↑',
  worse: '↓',
  same: '=',
  new: '+',
  mixed: '↕',
  changed: '≠',
  'not comparable': '–',
  'not recorded': '–',
};

export function ChangeMark({ change }: { change: FindingChange }) {
  return (
    <span className={`change change-${change.kind.replace(' ', '-')}`} data-testid="change-mark" data-change={change.kind}>
      <span aria-hidden="true" className="change-symbol">
        {SYMBOL[change.kind]}
      </span>{' '}
      {change.words}
    </span>
  );
}
