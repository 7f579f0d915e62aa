/**
 * "Visit server" on home (issue 11, docs/deployment.md step 10): an
 * administrator enters the server's https:// address and the one-time code
 * the server printed; the main process exchanges it for this console's
 * device credential and keeps it sealed with the database key (it never
 * reaches this page). The card says in words whether the console is enrolled,
 * as which device on which server, what runs now, and any error; "Leave
 * server mode" forgets the credential. The mode is chosen when the console
 * starts, so either change takes effect at the next start.
 */
import { useState } from 'react';
import type { VisitServerStatus } from '../../../shared/domain/visit-server';
import { client } from '../api/client';
import { Field, fieldAria } from '../app/Field';
import { useSettingsForm } from '../app/SettingsCard';
import { visitServerWords } from './words';

const EMPTY_FORM = { serverUrl: '', code: '' };

export function VisitServerCard() {
  const [open, setOpen] = useState(false);
  // The status is read once; the form starts empty (the code is used once) and empties again after each change.
  const { saved: status, form, setForm, errors, message, busy, save } = useSettingsForm(() => client.getVisitServerStatus({}), null, EMPTY_FORM);

  async function act(what: () => Promise<VisitServerStatus>, done: string) {
    await save(what, () => {
      setForm(EMPTY_FORM);
      return done;
    });
  }

  const enrolled = status?.enrolled ?? false;
  return (
    <section className="card" aria-labelledby="visit-server-title" data-testid="visit-server-settings">
      <h2 id="visit-server-title">Visit server</h2>
      <div data-testid="visit-server-state">
        {status ? visitServerWords(status).map((line) => <p key={line} className="muted">{line}</p>) : <p className="muted">Reading…</p>}
      </div>
      {enrolled || status?.problem ? (
        <button
          type="button"
          className="button-quiet"
          disabled={busy}
          onClick={() => void act(() => client.leaveVisitServer({}), 'Left server mode: standalone from the next start. Ask the administrator to revoke this device on the server.')}
        >
          Leave server mode
        </button>
      ) : (
        <button type="button" className="button-quiet" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide' : 'Enrol this console'}
        </button>
      )}
      {open && !enrolled && !status?.problem && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => client.enrolVisitServer(form), 'Enrolled. Server mode starts the next time the console starts.');
          }}
        >
          <Field id="vs-serverUrl" label="Visit server address" error={errors.serverUrl} hint="https://visits.example.org">
            <input {...fieldAria('vs-serverUrl', errors.serverUrl)} value={form.serverUrl} maxLength={300} autoComplete="off" spellCheck={false} onChange={(e) => setForm({ ...form, serverUrl: e.target.value })} />
          </Field>
          <Field id="vs-code" label="One-time enrolment code" error={errors.code} hint="From the administrator (--enrol); it works once, for 24 hours.">
            <input {...fieldAria('vs-code', errors.code)} value={form.code} maxLength={40} autoComplete="off" spellCheck={false} onChange={(e) => setForm({ ...form, code: e.target.value })} />
          </Field>
          <div className="form-actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Enrolling…' : 'Enrol'}
            </button>
          </div>
        </form>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}
