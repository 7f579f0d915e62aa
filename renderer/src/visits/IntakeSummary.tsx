/** The family's pre-visit answers: free text, pain today, and every warning sign with "yes" and "unsure" first. */
import { clinicalContent } from '../../../shared/clinical';
import type { VisitRoomState } from '../../../shared/domain/visit-room';

const { intakeQuestions } = clinicalContent;
const ORDER = { yes: 0, unsure: 1, no: 2, unanswered: 3 } as const;

export function IntakeSummary({ intake, headingLevel = 3 }: { intake: VisitRoomState['intake']; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  if (!intake) return <p className="muted">The family has not sent pre-visit answers yet.</p>;
  const a = intake.answers;
  const signs = intakeQuestions.warningSigns
    .map((q) => ({ q, answer: (a.warningSigns[q.id] ?? 'unanswered') as keyof typeof ORDER }))
    .sort((x, y) => ORDER[x.answer] - ORDER[y.answer]);
  const text = (id: string) => (a as Record<string, unknown>)[id];
  return (
    <div className="intake" data-testid="intake-summary">
      <p className="muted">
        Sent {new Date(intake.submittedAt).toLocaleString()} by {intake.submittedBy === 'family' ? 'the family' : 'the clinician'} ·{' '}
        {intake.language === 'es' ? 'Spanish' : 'English'}
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
            <dt>Pain today</dt>
            <dd>
              {a.painScore.score} ({a.painScore.scale})
            </dd>
          </div>
        )}
      </dl>
      <H className="intake-signs-title">Warning signs</H>
      <ul className="intake-signs">
        {signs.map(({ q, answer }) => (
          <li key={q.id} className={`sign sign-${answer}`} data-testid={`intake-sign-${q.id}`}>
            <span className={`badge answer-${answer}`}>{answer === 'unanswered' ? 'Not answered' : answer === 'yes' ? 'Yes' : answer === 'no' ? 'No' : 'Unsure'}</span>{' '}
            {q.text.en}
          </li>
        ))}
      </ul>
    </div>
  );
}
