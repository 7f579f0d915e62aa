/** Where it hurts: a back view with clickable, keyboard-focusable regions (the patient's left is on the left, as seen from behind). */
import type { KeyboardEvent } from 'react';
import { BODY_MAP_REGIONS } from '../../../shared/domain/visit-room';

export type Region = (typeof BODY_MAP_REGIONS)[number];

export const REGION_LABEL: Record<Region, string> = {
  neck: 'Neck',
  'upper-back-left': 'Upper back, left',
  'upper-back-right': 'Upper back, right',
  'mid-back': 'Mid back',
  'lower-back-left': 'Lower back, left',
  'lower-back-center': 'Lower back, centre',
  'lower-back-right': 'Lower back, right',
  'buttock-left': 'Buttock, left',
  'buttock-right': 'Buttock, right',
  'leg-left': 'Leg, left',
  'leg-right': 'Leg, right',
};

const SHAPES: Record<Region, { x: number; y: number; w: number; h: number }> = {
  neck: { x: 88, y: 42, w: 24, h: 18 },
  'upper-back-left': { x: 58, y: 62, w: 41, h: 48 },
  'upper-back-right': { x: 101, y: 62, w: 41, h: 48 },
  'mid-back': { x: 60, y: 112, w: 80, h: 38 },
  'lower-back-left': { x: 62, y: 152, w: 24, h: 38 },
  'lower-back-center': { x: 88, y: 152, w: 24, h: 38 },
  'lower-back-right': { x: 114, y: 152, w: 24, h: 38 },
  'buttock-left': { x: 62, y: 192, w: 37, h: 34 },
  'buttock-right': { x: 101, y: 192, w: 37, h: 34 },
  'leg-left': { x: 64, y: 228, w: 33, h: 120 },
  'leg-right': { x: 103, y: 228, w: 33, h: 120 },
};

export function BodyMap({ selected, onToggle, readOnly }: { selected: readonly string[]; onToggle: (r: Region) => void; readOnly: boolean }) {
  const key = (r: Region) => (e: KeyboardEvent<SVGRectElement>) => {
    if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      if (!readOnly) onToggle(r);
    }
  };
  return (
    <div className="body-map" role="group" aria-labelledby="body-map-caption">
      <svg viewBox="0 0 200 360" role="group" aria-labelledby="body-map-caption" data-testid="body-map">
        <circle cx="100" cy="22" r="18" className="body-outline" aria-hidden="true" />
        <text x="8" y="20" className="body-side" aria-hidden="true">
          Left
        </text>
        <text x="160" y="20" className="body-side" aria-hidden="true">
          Right
        </text>
        {BODY_MAP_REGIONS.map((r) => {
          const s = SHAPES[r];
          const on = selected.includes(r);
          return (
            <rect
              key={r}
              x={s.x}
              y={s.y}
              width={s.w}
              height={s.h}
              rx="5"
              role="checkbox"
              aria-checked={on}
              aria-label={REGION_LABEL[r]}
              aria-disabled={readOnly || undefined}
              tabIndex={0}
              data-region={r}
              className={`body-region${on ? ' body-region-on' : ''}`}
              onClick={() => !readOnly && onToggle(r)}
              onKeyDown={key(r)}
            >
              <title>{REGION_LABEL[r]}</title>
            </rect>
          );
        })}
      </svg>
      <p id="body-map-caption" className="caption">
        Where it hurts (back view): {selected.length ? selected.map((r) => REGION_LABEL[r as Region] ?? r).join(', ') : 'nothing marked'}
      </p>
    </div>
  );
}
