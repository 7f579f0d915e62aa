/**
 * A confirmation before something that cannot be undone mid-visit (issue 16:
 * End call, Leave). A native modal <dialog>: focus starts on the safe choice
 * (Cancel), Tab stays inside, Escape cancels, Enter on a button chooses it,
 * and focus returns to where it was.
 */
import { useEffect, useRef } from 'react';
import './call-logistics.css';

export function ConfirmDialog(props: {
  title: string;
  text: string;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    const previous = document.activeElement as HTMLElement | null;
    dialog?.showModal();
    cancelRef.current?.focus();
    return () => {
      dialog?.close();
      previous?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog confirm-dialog"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-text"
      data-testid={props.testId ?? 'confirm-dialog'}
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id="confirm-title">{props.title}</h2>
      <p id="confirm-text">{props.text}</p>
      <div className="confirm-actions">
        <button type="button" ref={cancelRef} className="button-secondary" onClick={props.onCancel}>
          {props.cancelLabel}
        </button>
        <button type="button" className="button-danger" onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
