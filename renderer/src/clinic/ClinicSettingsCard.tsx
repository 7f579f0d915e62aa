/**
 * The clinic's name, phone number and default follow-up on home (issue 16,
 * item 5). The family's after-visit summary prints the name and number on
 * its first page, and the family page gives the number when a link was
 * already used or has expired.
 */
import type { ClinicSettings } from '../../../shared/domain/clinic';
import { client } from '../api/client';
import { Field, fieldAria } from '../app/Field';
import { SettingsCard, useSettingsForm } from '../app/SettingsCard';

export function ClinicSettingsCard() {
  const s = useSettingsForm(
    () => client.getClinicSettings({}),
    (v: ClinicSettings) => ({ clinicName: v.clinicName, clinicPhone: v.clinicPhone, followUpDays: String(v.followUpDays) }),
    { clinicName: '', clinicPhone: '', followUpDays: '14' },
  );
  const { form, setForm, errors, saved } = s;

  function save() {
    const days = Number(form.followUpDays);
    if (form.followUpDays.trim() === '' || !Number.isInteger(days)) {
      s.refuse({ followUpDays: 'Whole days only, 0 to 90.' }, 'The clinic settings were not saved.');
      return;
    }
    void s.save(
      () => client.saveClinicSettings({ clinicName: form.clinicName, clinicPhone: form.clinicPhone, followUpDays: days }),
      () => 'Saved. Family summaries and link pages will show this number.',
    );
  }

  return (
    <SettingsCard
      id="clinic"
      title="Clinic"
      summary={saved?.clinicPhone ? `${saved.clinicName || 'Your clinic'} · ${saved.clinicPhone}` : 'No phone number yet: family summaries cannot say whom to call.'}
      toggle={['Clinic details', 'Hide clinic details']}
      message={s.message}
      onSubmit={save}
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
        <button type="submit" disabled={s.busy}>
          Save clinic details
        </button>
      </div>
    </SettingsCard>
  );
}
