/** The family's pre-visit answers: free text, pain today, and every warning sign with "yes" and "unsure" first. */
import { clinicalContent } from '../../../shared/clinical';
import type { VisitRoomState } from '../../../shared/domain/visit-room';
import { CONSOLE } from '../../../shared/words/console';

const { intakeQuestions } = clinicalContent;
const ORDER = { yes: 0, unsure: 1, no: 2, unanswered: 3 } as const;
const t = CONSOLE.visits.intake;
const ANSWER: Record<keyof typeof ORDER, string> = { yes: CONSOLE.common.yes, unsure: t.unsure, no: CONSOLE.common.no, unanswered: t.notAnswered };

export function IntakeSummary({ intake, headingLevel = 3 }: { intake: VisitRoomState['intake']; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  if (!intake) return <p className="muted">{t.none}</p>;
  const a = intake.answers;
  const signs = intakeQuestions.warningSigns
    .map((q) => ({ q, answer: (a.warningSigns[q.id] ?? 'unanswered') as keyof typeof ORDER }))
    .sort((x, y) => ORDER[x.answer] - ORDER[y.answer]);
  const text = (id: string) => (a as Record<string, unknown>)[id];
  return (
    <div className="intake" data-testid="intake-summary">
      <p className="muted">
        {t.sent(new Date(intake.submittedAt).toLocaleString(), intake.submittedBy === 'family' ? t.byFamily : t.byClinician, intake.language === 'es' ? t.spanish : t.english)}
      </p>
      <dl className="intake-text">
        {intakeQuestions.freeTextFields.map((f) =>
          text(f.id) ? (
            <div key={f.id}>
              <dt>{f.label.en}</dt>
              <dd>{String(text(f.id))}</dd>
            </div>
          ) : null,
        )}
        {a.painScore && (
          <div>
            <dt>{t.painToday}</dt>
            <dd>
              {a.painScore.score} ({a.painScore.scale})
            </dd>
          </div>
        )}
      </dl>
      <H className="intake-signs-title">{t.warningSigns}</H>
      <ul className="intake-signs">
        {signs.map(({ q, answer }) => (
          <li key={q.id} className={`sign sign-${answer}`} data-testid={`intake-sign-${q.id}`}>
            <span className={`badge answer-${answer}`}>{ANSWER[answer]}</span>{' '}
            {q.text.en}
          </li>
        ))}
      </ul>
    </div>
  );
}
