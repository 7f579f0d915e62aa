import { useEffect, useState } from 'react';
import { CONSOLE } from '../../../shared/words/console';
import { AppError, client } from '../api/client';
import { useAnnounce } from '../app/announce';

const t = CONSOLE.export;

type Format = 'note-pdf' | 'family-pdf' | 'fhir';
const CHOICES: { format: Format; language?: 'en' | 'es'; label: string }[] = [
  { format: 'note-pdf', label: t.choices.note },
  { format: 'family-pdf', language: 'en', label: t.choices.familyEn },
  { format: 'family-pdf', language: 'es', label: t.choices.familyEs },
  { format: 'fhir', label: t.choices.fhir },
];
const STAGE: Record<string, string> = { ...t.stage, writing: CONSOLE.common.saving };

/**
 * "Export…": the main process asks where to save (a save dialog), so the
 * renderer never names a path; progress arrives as events and the export can
 * be cancelled.
 */
export function ExportPanel({ visitId, signed }: { visitId: string; signed: boolean }) {
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ stage: string; fraction: number } | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  /** A Spanish summary that prints the clinician's own words waits here for their confirmation (docs/i18n.md). */
  const [pending, setPending] = useState<{ choice: (typeof CHOICES)[number]; message: string } | null>(null);
  const announce = useAnnounce();

  useEffect(
    () =>
      client.onExportProgress((e) => {
        if (e.visitId === visitId) setProgress({ stage: e.stage, fraction: e.fraction });
      }),
    [visitId],
  );

  async function run(choice: (typeof CHOICES)[number], freeTextConfirmed = false) {
    setBusy(true);
    setError('');
    setMessage('');
    setPending(null);
    try {
      const outcome = await client.createExport({
        visitId,
        format: choice.format,
        ...(choice.language ? { language: choice.language } : {}),
        ...(freeTextConfirmed ? { freeTextConfirmed: true } : {}),
      });
      const text = outcome.status === 'saved' ? t.saved(outcome.fileName ?? '', !signed) : t.cancelled;
      setMessage(text);
      announce(text);
    } catch (e) {
      if (e instanceof AppError && e.fields.some((f) => f.path === 'freeTextConfirmed')) setPending({ choice, message: e.message });
      else setError(e instanceof AppError ? e.message : t.failed);
    } finally {
      setBusy(false);
    }
  }

  return (
    <details className="export-panel" data-testid="export-panel">
      <summary>{t.open}</summary>
      <div className="export-body" role="group" aria-label={t.group}>
        {!signed && <p className="export-draft">{t.draft}</p>}
        {CHOICES.map((c) => (
          <button key={`${c.format}-${c.language ?? ''}`} type="button" className="button-secondary" disabled={busy} onClick={() => void run(c)}>
            {c.label}
          </button>
        ))}
        {busy && (
          <div className="export-progress">
            <progress max={1} value={progress?.fraction ?? 0} aria-label={t.progress} />
            <span>{progress ? STAGE[progress.stage] ?? progress.stage : t.starting}</span>
            <button type="button" className="button-quiet" onClick={() => void client.cancelExport({ visitId })}>
              {CONSOLE.common.cancel}
            </button>
          </div>
        )}
        {pending && (
          <div role="alertdialog" aria-labelledby="export-free-text" className="export-confirm" data-testid="export-free-text">
            <p id="export-free-text">{pending.message}</p>
            <button type="button" className="button-secondary" onClick={() => void run(pending.choice, true)}>
              {t.confirm}
            </button>
            <button type="button" className="button-quiet" onClick={() => setPending(null)}>
              {t.back}
            </button>
          </div>
        )}
        {message && (
          <p className="export-result" data-testid="export-result">
            {message}
          </p>
        )}
        {error && (
          <p role="alert" className="form-error">
            {error}
          </p>
        )}
      </div>
    </details>
  );
}
