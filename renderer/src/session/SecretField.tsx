import type { Ref } from 'react';
import { Field, fieldAria } from '../app/Field';

/** A passcode or passphrase field (never shown, never autofilled as something else), with its error beside it. */
export function SecretField(props: {
  id: string;
  label: string;
  error: string | undefined;
  value: string;
  onChange: (value: string) => void;
  autoComplete: 'current-password' | 'new-password';
  inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <Field id={props.id} label={props.label} error={props.error}>
      <input
        {...fieldAria(props.id, props.error || undefined)}
        ref={props.inputRef}
        type="password"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        autoComplete={props.autoComplete}
      />
    </Field>
  );
}
