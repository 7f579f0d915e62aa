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
import { CONSOLE } from '../../../shared/words/console';
import { client } from '../api/client';
import { Field, fieldAria } from '../app/Field';
import { useSettingsForm } from '../app/SettingsCard';
import { visitServerWords } from './words';

const t = CONSOLE.visitServer;
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
      <h2 id="visit-server-title">{t.title}</h2>
      <div data-testid="visit-server-state">
        {status ? visitServerWords(status).map((line) => <p key={line} className="muted">{line}</p>) : <p className="muted">{t.reading}</p>}
      </div>
      {enrolled || status?.problem ? (
        <button
          type="button"
          className="button-quiet"
          disabled={busy}
          onClick={() => void act(() => client.leaveVisitServer({}), t.left)}
        >
          {t.leave}
        </button>
      ) : (
        <button type="button" className="button-quiet" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? t.hide : t.enrolConsole}
        </button>
      )}
      {open && !enrolled && !status?.problem && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => client.enrolVisitServer(form), t.enrolled);
          }}
        >
          <Field id="vs-serverUrl" label={t.address} error={errors.serverUrl} hint="https://visits.example.org">
            <input {...fieldAria('vs-serverUrl', errors.serverUrl)} value={form.serverUrl} maxLength={300} autoComplete="off" spellCheck={false} onChange={(e) => setForm({ ...form, serverUrl: e.target.value })} />
          </Field>
          <Field id="vs-code" label={t.code} error={errors.code} hint={t.codeHint}>
            <input {...fieldAria('vs-code', errors.code)} value={form.code} maxLength={40} autoComplete="off" spellCheck={false} onChange={(e) => setForm({ ...form, code: e.target.value })} />
          </Field>
          <div className="form-actions">
            <button type="submit" disabled={busy}>
              {busy ? t.enrolling : t.enrol}
            </button>
          </div>
        </form>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}
