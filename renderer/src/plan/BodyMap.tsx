/**
 * Where it hurts: an anatomical outline seen from behind with clickable,
 * keyboard-focusable regions (the patient's left is on the left, as seen from
 * behind), and the same outline from the front for orientation, showing the
 * marks that can be seen from the front (neck, legs). Regions are chosen on
 * the back view only, so each is one checkbox.
 */
import type { KeyboardEvent } from 'react';
import { BODY_MAP_REGIONS } from '../../../shared/domain/visit-room';
import { CONSOLE } from '../../../shared/words/console';

const t = CONSOLE.plan.bodyMap;

export type Region = (typeof BODY_MAP_REGIONS)[number];

export const REGION_LABEL: Record<Region, string> = t.regions;

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

/** A child's outline, symmetric, in a 200×360 box: head, neck, shoulders, arms, trunk, hips, legs, feet. */
const OUTLINE = [
  'M100 4 C112 4 119 13 119 24 C119 34 113 41 108 44 L109 52',
  'C128 54 143 56 150 64 C158 72 160 86 161 100 L166 170 C168 188 166 200 160 204 C154 206 152 198 152 190',
  'L147 122 L142 114 C140 134 137 146 139 160 C142 176 142 188 140 200 L138 232',
  'L134 338 C136 348 132 354 124 354 L110 354 C104 352 104 346 106 338 L102 242 L100 236',
  'L98 242 L94 338 C96 346 96 352 90 354 L76 354 C68 354 64 348 66 338',
  'L62 232 L60 200 C58 188 58 176 61 160 C63 146 60 134 58 114 L53 122 L48 190',
  'C48 198 46 206 40 204 C34 200 32 188 34 170 L39 100 C40 86 42 72 50 64',
  'C57 56 72 54 91 52 L92 44 C87 41 81 34 81 24 C81 13 88 4 100 4 Z',
].join(' ');
/** The spine and shoulder blades, for orientation on the back view. */
const SPINE = 'M100 54 L100 196 M72 74 C78 92 84 100 92 104 M128 74 C122 92 116 100 108 104';
/** Collarbones, navel and knees on the front view. */
const FRONT_LANDMARKS = 'M70 62 C82 66 92 66 98 62 M102 62 C108 66 118 66 130 62 M98 150 A2 2 0 1 0 102 150 A2 2 0 1 0 98 150 M72 290 C76 294 84 294 88 290 M112 290 C116 294 124 294 128 290';
/** Regions also seen from the front. */
const FRONT_VISIBLE: readonly Region[] = ['neck', 'leg-left', 'leg-right'];

export function BodyMap({ selected, onToggle, readOnly }: { selected: readonly string[]; onToggle: (r: Region) => void; readOnly: boolean }) {
  const key = (r: Region) => (e: KeyboardEvent<SVGRectElement>) => {
    if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      if (!readOnly) onToggle(r);
    }
  };
  return (
    <div className="body-map" role="group" aria-labelledby="body-map-caption">
      <svg viewBox="0 0 420 370" role="group" aria-labelledby="body-map-caption" data-testid="body-map">
        <text x="100" y="366" textAnchor="middle" className="body-view-label" aria-hidden="true">
          {t.back}
        </text>
        <text x="4" y="14" className="body-side" aria-hidden="true">
          {t.left}
        </text>
        <text x="196" y="14" textAnchor="end" className="body-side" aria-hidden="true">
          {t.right}
        </text>
        <path d={OUTLINE} className="body-outline" aria-hidden="true" />
        <path d={SPINE} className="body-landmark" aria-hidden="true" />
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
              rx="8"
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
        <g transform="translate(220 0)" aria-hidden="true" data-testid="body-map-front">
          <text x="100" y="366" textAnchor="middle" className="body-view-label">
            {t.front}
          </text>
          <text x="4" y="14" className="body-side">
            {t.right}
          </text>
          <text x="196" y="14" textAnchor="end" className="body-side">
            {t.left}
          </text>
          <path d={OUTLINE} className="body-outline" />
          <path d={FRONT_LANDMARKS} className="body-landmark" />
          {FRONT_VISIBLE.filter((r) => selected.includes(r)).map((r) => {
            // Seen from the front the patient's left is on the right: mirror the region.
            const s = SHAPES[r];
            return <rect key={r} x={200 - s.x - s.w} y={s.y} width={s.w} height={s.h} rx="8" className="body-region-on body-front-mark" />;
          })}
        </g>
      </svg>
      <p id="body-map-caption" className="caption">
        {t.caption} {selected.length ? selected.map((r) => REGION_LABEL[r as Region] ?? r).join(', ') : t.nothingMarked}
      </p>
    </div>
  );
}
