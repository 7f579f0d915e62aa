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
import { CONSOLE } from '../../../shared/words/console';

const t = CONSOLE.clinic;

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
      s.refuse({ followUpDays: t.wholeDays }, t.notSaved);
      return;
    }
    void s.save(
      () => client.saveClinicSettings({ clinicName: form.clinicName, clinicPhone: form.clinicPhone, followUpDays: days }),
      () => t.saved,
    );
  }

  return (
    <SettingsCard
      id="clinic"
      title={t.title}
      summary={saved?.clinicPhone ? `${saved.clinicName || t.yourClinic} · ${saved.clinicPhone}` : t.noPhone}
      toggle={[t.show, t.hide]}
      message={s.message}
      onSubmit={save}
    >
      <Field id="clinic-clinicName" label={t.name} error={errors.clinicName}>
        <input {...fieldAria('clinic-clinicName', errors.clinicName)} value={form.clinicName} maxLength={120} onChange={(e) => setForm({ ...form, clinicName: e.target.value })} />
      </Field>
      <Field id="clinic-clinicPhone" label={t.phone} error={errors.clinicPhone} hint={t.phoneHint}>
        <input {...fieldAria('clinic-clinicPhone', errors.clinicPhone)} type="tel" value={form.clinicPhone} maxLength={40} onChange={(e) => setForm({ ...form, clinicPhone: e.target.value })} />
      </Field>
      <Field id="clinic-followUpDays" label={t.followUp} error={errors.followUpDays} hint={t.followUpHint}>
        <input {...fieldAria('clinic-followUpDays', errors.followUpDays)} inputMode="numeric" value={form.followUpDays} maxLength={2} onChange={(e) => setForm({ ...form, followUpDays: e.target.value })} />
      </Field>
      <div className="form-actions">
        <button type="submit" disabled={s.busy}>
          {t.submit}
        </button>
      </div>
    </SettingsCard>
  );
}
