/**
 * A maneuver's own fields in the checklist: choice fields as large buttons
 * (digits drive the main finding, L/R/B the side, a field's letter then a
 * digit its other findings), number and text fields saved when they lose
 * focus. Split out of Checklist.tsx (issue 16 item 7).
 */
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { Maneuver, Observation } from '../../../shared/clinical';
import { CONSOLE } from '../../../shared/words/console';
import { fieldKeys, mainField, sideField, valueLabel } from './model';

const t = CONSOLE.checklist.fields;

export interface ManeuverFieldsProps {
  m: Maneuver;
  values: Observation;
  /** Change a choice and save at once (undefined clears an optional one). */
  setField: (fieldId: string, value: string | undefined) => void;
  /** Change a text or number field without saving. */
  editField: (fieldId: string, value: string | number | undefined) => void;
  /** Save the text and number fields' draft. */
  commitDraft: () => void;
  escapeField: (e: ReactKeyboardEvent<HTMLElement>) => void;
  /** The field whose letter was just pressed (the next digit chooses in it). */
  armed?: string | null;
}

export function ManeuverFields({ m, values, setField, editField, commitDraft, escapeField, armed }: ManeuverFieldsProps) {
  const main = mainField(m);
  const side = sideField(m);
  const keyed = fieldKeys(m);
  return (
    <>
    {m.fields.map((f) => {
      if (f.kind === 'choice') {
        const isMain = f === main;
        const isSide = f === side;
        const letter = keyed.find((k) => k.field === f)?.key.toUpperCase();
        return (
          <fieldset key={f.id} className={`choice-field${isMain ? ' choice-main' : ''}`} data-field={f.id}>
            <legend>
              {f.required ? f.label : t.optional(f.label)}
              {letter && (
                <>
                  {' '}
                  <kbd className="key" aria-hidden="true">
                    {letter}
                  </kbd>
                  <span className="muted" aria-hidden="true">
                    {' '}
                    {t.thenDigit}
                  </span>
                  {armed === f.id && (
                    <span className="pain-armed" role="status">
                      {' '}
                      {t.thenRange(f.values.length)}
                    </span>
                  )}
                </>
              )}
            </legend>
            <div className="choice-buttons">
              {f.values.map((v, i) => {
                const chosen = values[f.id] === v;
                const shortcut = (isMain || letter) && i < 9 ? String(i + 1) : isSide ? v[0]!.toUpperCase() : null;
                return (
                  <button
                    key={v}
                    type="button"
                    className={`choice${chosen ? ' choice-on' : ''}`}
                    aria-pressed={chosen}
                    aria-keyshortcuts={letter ? undefined : (shortcut ?? undefined)}
                    data-value={v}
                    onClick={() => setField(f.id, chosen && !f.required ? undefined : v)}
                  >
                    {shortcut && (
                      <kbd className="key" aria-hidden="true">
                        {shortcut}
                      </kbd>
                    )}
                    {valueLabel(v)}
                  </button>
                );
              })}
            </div>
          </fieldset>
        );
      }
      const id = `field-${m.id}-${f.id}`;
      if (f.kind === 'number') {
        return (
          <div className="field" key={f.id}>
            <label htmlFor={id}>
              {f.label} ({f.unit}, {f.min}–{f.max})
            </label>
            <input
              id={id}
              type="number"
              min={f.min}
              max={f.max}
              value={typeof values[f.id] === 'number' ? String(values[f.id]) : ''}
              onChange={(e) => editField(f.id, e.target.value === '' ? undefined : Number(e.target.value))}
              onBlur={commitDraft}
              onKeyDown={escapeField}
            />
          </div>
        );
      }
      return (
        <div className="field" key={f.id}>
          <label htmlFor={id}>{t.optional(f.label)}</label>
          <input
            id={id}
            value={typeof values[f.id] === 'string' ? (values[f.id] as string) : ''}
            onChange={(e) => editField(f.id, e.target.value)}
            onBlur={commitDraft}
            onKeyDown={escapeField}
            maxLength={2000}
          />
        </div>
      );
    })}
    </>
  );
}
