/**
 * A settings card on home (the clinic's details, the EHR connection): one
 * load, one save with the main process's field errors shown beside their
 * fields, one status line, and the fold that opens the form. Each card keeps
 * its own fields and words.
 */
import { useEffect, useState, type ReactNode } from 'react';

/** The error the main process answers a refused save with: a message and the fields it names. */
type SaveError = Error & { fields?: { path: string; message: string }[] };

/**
 * The state of a settings form: `load` reads the stored settings once (and
 * `toForm`, when given, fills the form from them); `save(write, done)` writes, keeps the
 * stored view, clears the errors and says `done(view)`, or shows the refusal
 * (message and field errors); `refuse` shows a refusal found before writing.
 */
export function useSettingsForm<V, F>(load: () => Promise<V>, toForm: ((v: V) => F) | null, initial: F) {
  const [saved, setSaved] = useState<V | null>(null);
  const [form, setForm] = useState<F>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    load()
      .then((v) => {
        setSaved(v);
        if (toForm) setForm(toForm(v));
      })
      .catch((e: Error) => setMessage(e.message));
    // Loaded once, when the card mounts.
  }, []);

  async function save(write: () => Promise<V>, done: (v: V) => string) {
    setBusy(true);
    setMessage('');
    try {
      const v = await write();
      setSaved(v);
      setErrors({});
      setMessage(done(v));
    } catch (e) {
      const err = e as SaveError;
      setErrors(Object.fromEntries((err.fields ?? []).map((f) => [f.path, f.message])));
      setMessage(err.message);
    } finally {
      setBusy(false);
    }
  }

  function refuse(fieldErrors: Record<string, string>, why: string) {
    setErrors(fieldErrors);
    setMessage(why);
  }

  return { saved, form, setForm, errors, message, setMessage, busy, setBusy, save, refuse };
}

/** The card: title, a one-line summary, the fold with the form, the status line, and anything after it. */
export function SettingsCard(props: {
  id: string;
  title: string;
  summary: ReactNode;
  /** The fold's label when closed and when open. */
  toggle: [closed: string, open: string];
  message: string;
  onSubmit: () => void;
  children: ReactNode;
  after?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <section className="card" aria-labelledby={`${props.id}-title`} data-testid={`${props.id}-settings`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <p className="muted">{props.summary}</p>
      <button type="button" className="button-quiet" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? props.toggle[1] : props.toggle[0]}
      </button>
      {open && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            props.onSubmit();
          }}
        >
          {props.children}
        </form>
      )}
      {props.message && <p role="status">{props.message}</p>}
      {props.after}
    </section>
  );
}
