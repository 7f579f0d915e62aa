/**
 * EHR connection settings on home (docs/ehr.md): FHIR base URL, token URL,
 * client id, the private key (pasted once; it never comes back), the
 * Practitioner identifier, whether to send the FHIR document too, and
 * "Test connection", which reports each step in words. Off = standalone.
 */
import { useState } from 'react';
import type { EhrConnectionReport, EhrSettingsView } from '../../../shared/domain/ehr';
import { CONSOLE } from '../../../shared/words/console';
import { client } from '../api/client';
import { Field, fieldAria } from '../app/Field';
import { SettingsCard, useSettingsForm } from '../app/SettingsCard';
import { EHR_SETTINGS_CHANGED } from './Schedule';

const t = CONSOLE.ehr.settings;

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
        return v.enabled ? t.savedOn : t.savedOff;
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
      title={t.title}
      summary={view?.enabled ? t.connected(view.fhirBaseUrl) : t.notConnected}
      toggle={[t.show, t.hide]}
      message={s.message}
      onSubmit={save}
      after={
        report && (
          <ul className="ehr-report" data-testid="ehr-report" aria-label={t.report}>
            {report.steps.map((step) => (
              <li key={step.step} className={step.ok ? 'ok' : 'form-error'}>
                {step.ok ? '✓' : '✗'} {step.message}
              </li>
            ))}
          </ul>
        )
      }
    >
      {text('fhirBaseUrl', t.fhirBaseUrl)}
      {text('tokenUrl', t.tokenUrl)}
      {text('clientId', t.clientId)}
      {text('practitionerIdentifier', t.practitioner, t.practitionerHint)}
      <Field id="ehr-privateKeyPem" label={t.privateKey} error={errors.privateKeyPem} hint={view?.hasKey ? t.keyStored(view.keyAlgorithm ?? '') : t.keyHint}>
        <textarea {...fieldAria('ehr-privateKeyPem', errors.privateKeyPem)} rows={3} maxLength={16384} value={form.privateKeyPem} autoComplete="off" spellCheck={false} onChange={(e) => setForm({ ...form, privateKeyPem: e.target.value })} />
      </Field>
      <label>
        <input type="checkbox" checked={form.sendBundle} onChange={(e) => setForm({ ...form, sendBundle: e.target.checked })} /> {t.sendBundle}
      </label>
      <label>
        <input type="checkbox" checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.target.checked })} /> {t.enabled}
      </label>
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {CONSOLE.common.save}
        </button>
        <button type="button" className="button-quiet" disabled={busy} onClick={() => void test()}>
          {t.test}
        </button>
      </div>
    </SettingsCard>
  );
}
