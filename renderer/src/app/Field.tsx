import type { ReactNode } from 'react';

/** A labelled form field with its error message beside it, wired for screen readers. */
export function Field(props: { id: string; label: string; error?: string | undefined; hint?: string; children: ReactNode }) {
  const errorId = `${props.id}-error`;
  return (
    <div className={`field${props.error ? ' field-invalid' : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint && <span className="field-hint">{props.hint}</span>}
      {props.children}
      <p id={errorId} className="field-error" data-testid={errorId} aria-live="polite">
        {props.error ?? ''}
      </p>
    </div>
  );
}

/** Props that tie an input to its Field's error message. */
export function fieldAria(id: string, error: string | undefined) {
  return { id, name: id, 'aria-invalid': error ? true : undefined, 'aria-describedby': `${id}-error` } as const;
}

/** A form's own error (not one field's), announced at once; nothing when there is none. */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}
