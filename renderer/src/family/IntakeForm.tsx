/** Step 3: the pre-visit questions. Wording comes from the clinical content (resources/clinical/intake-questions.json). */
import { useState, type FormEvent } from 'react';
import questions from '../../../resources/clinical/intake-questions.json';
import { FamilyIntake, intakeDateProblems, type Language } from '../../../shared/signaling/intake';
import type { Strings } from './i18n';
import { SignalError } from './ws-signaling';

type Answer = 'yes' | 'no' | 'unsure';
type TextId = 'symptoms' | 'onsetDate' | 'betterWorse' | 'medicines' | 'questions';

interface QuestionsFile {
  freeTextFields: { id: string; label: Record<Language, string> }[];
  warningSigns: { id: string; text: Record<Language, string> }[];
}
const content = questions as QuestionsFile;
const TEXT_IDS: TextId[] = ['symptoms', 'onsetDate', 'betterWorse', 'medicines', 'questions'];

/** The family's own calendar date: the date field's maximum (the main process checks again against the clinician's date and the date of birth). */
function localToday(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function IntakeForm(props: { t: Strings; lang: Language; onSubmit: (answers: FamilyIntake) => Promise<void> }) {
  const { t, lang } = props;
  const [text, setText] = useState<Record<TextId, string>>({ symptoms: '', onsetDate: '', betterWorse: '', medicines: '', questions: '' });
  const [signs, setSigns] = useState<Record<string, Answer>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = FamilyIntake.safeParse({ ...text, warningSigns: signs });
    if (!parsed.success) {
      setFieldErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), String(i.path[0]) === 'onsetDate' ? t.onsetFuture : t.tooLong])));
      return;
    }
    const dateProblems = intakeDateProblems(parsed.data, { today: localToday() });
    if (dateProblems.length > 0) {
      setFieldErrors(Object.fromEntries(dateProblems.map((p) => [p.path, t.onsetFuture])));
      return;
    }
    setFieldErrors({});
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit(parsed.data);
    } catch (err) {
      // A field the main process refused (checked again there against the clinician's date and the date of birth) gets its message beside it.
      const refused = err instanceof SignalError ? err.fields.filter((f) => (TEXT_IDS as string[]).includes(f)) : [];
      if (refused.length > 0) setFieldErrors(Object.fromEntries(refused.map((f) => [f, f === 'onsetDate' ? t.onsetRefused : t.checkAnswer])));
      else setError(t.error);
      setBusy(false);
    }
  };

  const labelFor = (id: TextId) => content.freeTextFields.find((f) => f.id === id)?.label[lang] ?? id;
  return (
    <form className="family-card" aria-labelledby="step-intake" onSubmit={(e) => void submit(e)} noValidate>
      <h2 id="step-intake">{t.stepIntake}</h2>
      <p>{t.intakeHelp}</p>
      {TEXT_IDS.map((id) => (
        <label className="family-field" key={id}>
          {labelFor(id)}
          {id === 'onsetDate' ? (
            <input
              type="date"
              name={id}
              max={localToday()}
              value={text[id]}
              onChange={(e) => setText({ ...text, [id]: e.target.value })}
              aria-invalid={fieldErrors[id] ? true : undefined}
            />
          ) : (
            <textarea
              name={id}
              rows={2}
              maxLength={2000}
              value={text[id]}
              onChange={(e) => setText({ ...text, [id]: e.target.value })}
              aria-invalid={fieldErrors[id] ? true : undefined}
            />
          )}
          {fieldErrors[id] && <span className="family-error">{fieldErrors[id]}</span>}
        </label>
      ))}
      <fieldset className="family-signs">
        <legend>{t.warningTitle}</legend>
        {content.warningSigns.map((q) => (
          <fieldset className="family-sign" key={q.id} data-testid={`sign-${q.id}`}>
            <legend>{q.text[lang]}</legend>
            {(['yes', 'no', 'unsure'] as const).map((a) => (
              <label key={a} className="family-choice">
                <input
                  type="radio"
                  name={`sign-${q.id}`}
                  value={a}
                  checked={signs[q.id] === a}
                  onChange={() => setSigns({ ...signs, [q.id]: a })}
                />
                {t[a]}
              </label>
            ))}
          </fieldset>
        ))}
      </fieldset>
      {error && (
        <p role="alert" className="family-error">
          {error}
        </p>
      )}
      <button type="submit" className="family-primary" disabled={busy}>
        {busy ? t.saving : t.sendAnswers}
      </button>
    </form>
  );
}
