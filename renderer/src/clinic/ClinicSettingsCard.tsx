/**
 * The clinic's name, phone number and default follow-up on home (issue 16,
 * item 5). The family's after-visit summary prints the name and number on
 * its first page, and the family page gives the number when a link was
 * already used or has expired.
 */
import { useEffect, useState } from 'react';
import type { ClinicSettings } from '../../../shared/domain/clinic';
import { client } from '../api/client';
import { Field, fieldAria } from '../app/Field';

export function ClinicSettingsCard() {
  const [saved, setSaved] = useState<ClinicSettings | null>(null);
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ clinicName: '', clinicPhone: '', followUpDays: '14' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client
      .getClinicSettings({})
      .then((v) => {
        setSaved(v);
        setForm({ clinicName: v.clinicName, clinicPhone: v.clinicPhone, followUpDays: String(v.followUpDays) });
      })
      .catch((e: Error) => setMessage(e.message));
  }, []);

  async function save() {
    setBusy(true);
    setMessage('');
    const days = Number(form.followUpDays);
    if (form.followUpDays.trim() === '' || !Number.isInteger(days)) {
      setErrors({ followUpDays: 'Whole days only, 0 to 90.' });
      setMessage('The clinic settings were not saved.');
      setBusy(false);
      return;
    }
    try {
      const v = await client.saveClinicSettings({ clinicName: form.clinicName, clinicPhone: form.clinicPhone, followUpDays: days });
      setSaved(v);
      setErrors({});
      setMessage('Saved. Family summaries and link pages will show this number.');
    } catch (e) {
      const err = e as Error & { fields?: { path: string; message: string }[] };
      setErrors(Object.fromEntries((err.fields ?? []).map((f) => [f.path, f.message])));
      setMessage(err.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="clinic-title" data-testid="clinic-settings">
      <h2 id="clinic-title">Clinic</h2>
      <p className="muted">
        {saved?.clinicPhone ? `${saved.clinicName || 'Your clinic'} · ${saved.clinicPhone}` : 'No phone number yet: family summaries cannot say whom to call.'}
      </p>
      <button type="button" className="button-quiet" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Hide clinic details' : 'Clinic details'}
      </button>
      {open && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Field id="clinic-clinicName" label="Clinic name" error={errors.clinicName}>
            <input {...fieldAria('clinic-clinicName', errors.clinicName)} value={form.clinicName} maxLength={120} onChange={(e) => setForm({ ...form, clinicName: e.target.value })} />
          </Field>
          <Field id="clinic-clinicPhone" label="Phone number for families" error={errors.clinicPhone} hint="Printed on the family summary and shown when a join link no longer works.">
            <input {...fieldAria('clinic-clinicPhone', errors.clinicPhone)} type="tel" value={form.clinicPhone} maxLength={40} onChange={(e) => setForm({ ...form, clinicPhone: e.target.value })} />
          </Field>
          <Field id="clinic-followUpDays" label="Default follow-up (days after the visit)" error={errors.followUpDays} hint="Used when the plan gives no follow-up date; 0 for none.">
            <input {...fieldAria('clinic-followUpDays', errors.followUpDays)} inputMode="numeric" value={form.followUpDays} maxLength={2} onChange={(e) => setForm({ ...form, followUpDays: e.target.value })} />
          </Field>
          <div className="form-actions">
            <button type="submit" disabled={busy}>
              Save clinic details
            </button>
          </div>
        </form>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}
