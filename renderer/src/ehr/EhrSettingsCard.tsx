/**
 * EHR connection settings on home (docs/ehr.md): FHIR base URL, token URL,
 * client id, the private key (pasted once; it never comes back), the
 * Practitioner identifier, whether to send the FHIR document too, and
 * "Test connection", which reports each step in words. Off = standalone.
 */
import { useEffect, useState } from 'react';
import type { EhrConnectionReport, EhrSettingsView } from '../../../shared/domain/ehr';
import { client } from '../api/client';
import { Field, fieldAria } from '../app/Field';
import { EHR_SETTINGS_CHANGED } from './Schedule';

export function EhrSettingsCard() {
  const [view, setView] = useState<EhrSettingsView | null>(null);
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ enabled: false, fhirBaseUrl: '', tokenUrl: '', clientId: '', practitionerIdentifier: '', sendBundle: false, privateKeyPem: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [report, setReport] = useState<EhrConnectionReport | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client
      .getEhrSettings({})
      .then((v) => {
        setView(v);
        setForm({ enabled: v.enabled, fhirBaseUrl: v.fhirBaseUrl, tokenUrl: v.tokenUrl, clientId: v.clientId, practitionerIdentifier: v.practitionerIdentifier, sendBundle: v.sendBundle, privateKeyPem: '' });
      })
      .catch((e: Error) => setMessage(e.message));
  }, []);

  async function save() {
    setBusy(true);
    setMessage('');
    try {
      const { privateKeyPem, ...rest } = form;
      const v = await client.saveEhrSettings({ ...rest, ...(privateKeyPem.trim() ? { privateKeyPem } : {}) });
      setView(v);
      setForm((f) => ({ ...f, privateKeyPem: '' }));
      setErrors({});
      setMessage(v.enabled ? 'Saved. Signed visits will be sent to the EHR.' : 'Saved. The EHR connection is off (standalone).');
      window.dispatchEvent(new Event(EHR_SETTINGS_CHANGED));
    } catch (e) {
      const err = e as Error & { fields?: { path: string; message: string }[] };
      setErrors(Object.fromEntries((err.fields ?? []).map((f) => [f.path, f.message])));
      setMessage(err.message);
    } finally {
      setBusy(false);
    }
  }

  async function test() {
    setBusy(true);
    setReport(null);
    try {
      setReport(await client.testEhrConnection({}));
    } catch (e) {
      setMessage((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const text = (id: keyof typeof form, label: string, hint?: string) => (
    <Field id={`ehr-${id}`} label={label} error={errors[id]} {...(hint ? { hint } : {})}>
      <input {...fieldAria(`ehr-${id}`, errors[id])} value={form[id] as string} maxLength={500} onChange={(e) => setForm({ ...form, [id]: e.target.value })} />
    </Field>
  );

  return (
    <section className="card" aria-labelledby="ehr-title" data-testid="ehr-settings">
      <h2 id="ehr-title">Clinic EHR</h2>
      <p className="muted">{view?.enabled ? `Connected to ${view.fhirBaseUrl}` : 'Not connected: the console works on its own.'}</p>
      <button type="button" className="button-quiet" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Hide EHR settings' : 'EHR settings'}
      </button>
      {open && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {text('fhirBaseUrl', 'FHIR base URL')}
          {text('tokenUrl', 'Token URL')}
          {text('clientId', 'Client id')}
          {text('practitionerIdentifier', 'Your Practitioner identifier in the EHR', 'system|value, for your schedule')}
          <Field id="ehr-privateKeyPem" label="Private key (PEM, ES384 or RS384)" error={errors.privateKeyPem} hint={view?.hasKey ? `A ${view.keyAlgorithm ?? ''} key is stored; paste a new one to replace it.` : 'Stored encrypted by the system keyring.'}>
            <textarea {...fieldAria('ehr-privateKeyPem', errors.privateKeyPem)} rows={3} maxLength={16384} value={form.privateKeyPem} autoComplete="off" spellCheck={false} onChange={(e) => setForm({ ...form, privateKeyPem: e.target.value })} />
          </Field>
          <label>
            <input type="checkbox" checked={form.sendBundle} onChange={(e) => setForm({ ...form, sendBundle: e.target.checked })} /> Also send the FHIR document (Bundle)
          </label>
          <label>
            <input type="checkbox" checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.target.checked })} /> Send signed visits to this EHR
          </label>
          <div className="form-actions">
            <button type="submit" disabled={busy}>
              Save
            </button>
            <button type="button" className="button-quiet" disabled={busy} onClick={() => void test()}>
              Test connection
            </button>
          </div>
        </form>
      )}
      {message && <p role="status">{message}</p>}
      {report && (
        <ul className="ehr-report" data-testid="ehr-report" aria-label="Connection test">
          {report.steps.map((s) => (
            <li key={s.step} className={s.ok ? 'ok' : 'form-error'}>
              {s.ok ? '✓' : '✗'} {s.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
