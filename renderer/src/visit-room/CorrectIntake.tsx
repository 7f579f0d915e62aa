/**
 * The clinician corrects or replaces the family's intake before signing
 * (issue 14): a pain-onset date the family got wrong used to be beyond
 * repair. Prefilled with the current answers; the dates are checked against
 * today and the date of birth here (message beside the field) and again in
 * the main process. The family's version is kept in the history and the
 * change is audited under the clinician's name.
 */
import { useState, type FormEvent } from 'react';
import { clinicalContent } from '../../../shared/clinical';
import type { VisitRoomState } from '../../../shared/domain/visit-room';
import { INTAKE_DATE_MESSAGES, intakeDateProblems } from '../../../shared/signaling/intake';
import { client } from '../api/client';
import { useAnnounce } from '../app/announce';
import { localToday } from '../app/dates';
import type { VisitRoom } from './useVisitRoom';
import { FormError } from '../app/Field';
import { CONSOLE } from '../../../shared/words/console';

const t = CONSOLE.visitRoom;

type Answer = 'yes' | 'no' | 'unsure' | '';

export function CorrectIntake({ room, onDone }: { room: VisitRoom & { state: VisitRoomState }; onDone: () => void }) {
  const { state } = room;
  const current = state.intake?.answers;
  const [onsetDate, setOnsetDate] = useState(current?.onsetDate ?? '');
  const [symptoms, setSymptoms] = useState(current?.symptoms ?? '');
  const [signs, setSigns] = useState<Record<string, Answer>>(() => ({ ...(current?.warningSigns as Record<string, Answer> | undefined) }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const announce = useAnnounce();
  const today = localToday();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const answers = {
      ...current,
      onsetDate: onsetDate || undefined,
      symptoms: symptoms.trim() || undefined,
      warningSigns: Object.fromEntries(Object.entries(signs).filter(([, a]) => a !== '')),
    };
    const problems = intakeDateProblems(answers, { today, dateOfBirth: state.patient.dateOfBirth });
    if (problems.length > 0) {
      setErrors(Object.fromEntries(problems.map((p) => [p.path, INTAKE_DATE_MESSAGES[p.problem]])));
      return;
    }
    setBusy(true);
    const clean = Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== undefined)) as typeof answers;
    const result = await room.write(() => client.correctIntake({ visitId: state.visit.id, answers: clean }));
    setBusy(false);
    if (result.ok) {
      setErrors({});
      announce(t.correctIntake.corrected);
      onDone();
    } else {
      setErrors(Object.fromEntries([['form', result.error.message], ...result.error.fields.map((f) => [f.path.replace(/^answers\./, ''), f.message])]));
    }
  }

  return (
    <form className="form correct-intake" onSubmit={(e) => void submit(e)} noValidate data-testid="correct-intake">
      <h3>{t.correctIntake.title}</h3>
      <p className="muted">{t.correctIntake.kept}</p>
      <div className={`field${errors.onsetDate ? ' field-invalid' : ''}`}>
        <label htmlFor="correct-onset">{t.correctIntake.onset}</label>
        <input
          id="correct-onset"
          type="date"
          min={state.patient.dateOfBirth}
          max={today}
          value={onsetDate}
          onChange={(e) => setOnsetDate(e.target.value)}
          aria-describedby="correct-onset-error"
          aria-invalid={errors.onsetDate ? true : undefined}
        />
        <p id="correct-onset-error" className="field-error" data-testid="correct-onset-error">
          {errors.onsetDate ?? ''}
        </p>
      </div>
      <div className="field">
        <label htmlFor="correct-symptoms">{t.correctIntake.symptoms}</label>
        <textarea id="correct-symptoms" rows={2} maxLength={2000} value={symptoms} onChange={(e) => setSymptoms(e.target.value)} />
      </div>
      <fieldset>
        <legend>{t.correctIntake.warningSigns}</legend>
        {clinicalContent.intakeQuestions.warningSigns.map((q) => (
          <div className="field" key={q.id}>
            <label htmlFor={`correct-sign-${q.id}`}>{q.text.en}</label>
            <select id={`correct-sign-${q.id}`} value={signs[q.id] ?? ''} onChange={(e) => setSigns({ ...signs, [q.id]: e.target.value as Answer })}>
              <option value="">{t.correctIntake.notAnswered}</option>
              <option value="yes">{CONSOLE.common.yes}</option>
              <option value="no">{CONSOLE.common.no}</option>
              <option value="unsure">{t.correctIntake.unsure}</option>
            </select>
          </div>
        ))}
      </fieldset>
      <FormError message={errors.form} />
      <button type="submit" disabled={busy}>
        {t.correctIntake.save}
      </button>{' '}
      <button type="button" className="button-secondary" onClick={onDone}>
        {CONSOLE.common.cancel}
      </button>
    </form>
  );
}
