/**
 * EHR connection settings on home (docs/ehr.md): FHIR base URL, token URL,
 * client id, the private key (pasted once; it never comes back), the
 * Practitioner identifier, whether to send the FHIR document too, and
 * "Test connection", which reports each step in words. Off = standalone.
 */
import { useState } from 'react';
import type { EhrConnectionReport, EhrSettingsView } from '../../../shared/domain/ehr';
import { client } from '../api/client';
import { Field, fieldAria } from '../app/Field';
import { SettingsCard, useSettingsForm } from '../app/SettingsCard';
import { EHR_SETTINGS_CHANGED } from './Schedule';

export function EhrSettingsCard() {
  const s = useSettingsForm(
    () => client.getEhrSettings({}),
    (v: EhrSettingsView) => ({ enabled: v.enabled, fhirBaseUrl: v.fhirBaseUrl, tokenUrl: v.tokenUrl, clientId: v.clientId, practitionerIdentifier: v.practitionerIdentifier, sendBundle: v.sendBundle, privateKeyPem: '' }),
    { enabled: false, fhirBaseUrl: '', tokenUrl: '', clientId: '', practitionerIdentifier: '', sendBundle: false, privateKeyPem: '' },
  );
  const { form, setForm, errors, saved: view, busy } = s;
  const [report, setReport] = useState<EhrConnectionReport | null>(null);

  function save() {
    const { privateKeyPem, ...rest } = form;
    void s.save(
      () => client.saveEhrSettings({ ...rest, ...(privateKeyPem.trim() ? { privateKeyPem } : {}) }),
      (v) => {
        setForm((f) => ({ ...f, privateKeyPem: '' }));
        window.dispatchEvent(new Event(EHR_SETTINGS_CHANGED));
        return v.enabled ? 'Saved. Signed visits will be sent to the EHR.' : 'Saved. The EHR connection is off (standalone).';
      },
    );
  }

  async function test() {
    s.setBusy(true);
    setReport(null);
    try {
      setReport(await client.testEhrConnection({}));
    } catch (e) {
      s.setMessage((e as Error).message);
    } finally {
      s.setBusy(false);
    }
  }

  const text = (id: keyof typeof form, label: string, hint?: string) => (
    <Field id={`ehr-${id}`} label={label} error={errors[id]} {...(hint ? { hint } : {})}>
      <input {...fieldAria(`ehr-${id}`, errors[id])} value={form[id] as string} maxLength={500} onChange={(e) => setForm({ ...form, [id]: e.target.value })} />
    </Field>
  );

  return (
    <SettingsCard
      id="ehr"
      title="Clinic EHR"
      summary={view?.enabled ? `Connected to ${view.fhirBaseUrl}` : 'Not connected: the console works on its own.'}
      toggle={['EHR settings', 'Hide EHR settings']}
      message={s.message}
      onSubmit={save}
      after={
        report && (
          <ul className="ehr-report" data-testid="ehr-report" aria-label="Connection test">
            {report.steps.map((step) => (
              <li key={step.step} className={step.ok ? 'ok' : 'form-error'}>
                {step.ok ? '✓' : '✗'} {step.message}
              </li>
            ))}
          </ul>
        )
      }
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
    </SettingsCard>
  );
}
