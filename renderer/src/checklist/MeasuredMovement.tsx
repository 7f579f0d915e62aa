/**
 * Measured movement in the checklist (issue 17, item 3): for a maneuver with
 * a camera measure, a small live readout — or why it is not shown — and an
 * "Attach estimate" button that attaches it beside the recorded finding as
 * "camera estimate, not a goniometer". The finding stays the clinician's
 * choice: attaching never changes it. The stated limits and their citations
 * open on demand. An attached estimate can be removed (with a reason, after
 * a confirmation) until the visit is signed: it then leaves the room, the
 * note and the exports; the store keeps it with its retraction (0021).
 *
 * Frames come from renderer/src/pose/estimate-store.ts (fed by the live pose
 * stream); a `frames` prop overrides it for tests and previews.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import type { PoseEstimateView } from '../../../shared/domain/pose-estimate';
import { measure, type MeasureResult } from '../../../shared/pose/geometry';
import type { PoseFrame } from '../../../shared/pose/landmarks';
import { poseMeasures, type PoseMeasureSpec } from '../../../shared/pose/measures-content';
import { CONSOLE } from '../../../shared/words/console';
import { client } from '../api/client';
import { poseModelName, poseWindow, usePoseTick } from '../pose/estimate-store';

const t = CONSOLE.checklist.estimate;

export interface MeasuredMovementProps {
  visitId: string;
  maneuverId: string;
  /** A finding is recorded for this movement (estimates attach to it). */
  hasFinding: boolean;
  /** The visit is signed: nothing can be attached. */
  signed: boolean;
  /** Frames to measure instead of the live window (tests, previews). */
  frames?: readonly PoseFrame[] | null;
}

/** "Remove estimate" for one attached estimate: asks why, then confirms; the visit's remaining estimates come back. */
function RemoveEstimate({
  visitId,
  estimate,
  signed,
  onRemoved,
}: {
  visitId: string;
  estimate: PoseEstimateView;
  signed: boolean;
  onRemoved: (list: PoseEstimateView[], message: string) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const reasonId = useId();
  const what = `${estimate.label} ${estimate.value} ${estimate.unit}`;
  if (!confirming) {
    return (
      <button
        type="button"
        className="link-button"
        disabled={signed}
        title={signed ? t.signed : undefined}
        onClick={() => {
          setProblem(null);
          setConfirming(true);
        }}
        data-testid="remove-estimate"
      >
        {t.remove}
      </button>
    );
  }
  const remove = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const list = await client.retractEstimate({ visitId, estimateId: estimate.id, reason });
      setConfirming(false);
      onRemoved(list, t.removed(what));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : t.notRemoved);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div role="group" aria-label={t.removeAsk(what)} className="remove-estimate" data-testid="remove-estimate-confirm">
      <label htmlFor={reasonId}>{t.whyRemove}</label>{' '}
      <input id={reasonId} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} autoFocus />{' '}
      <button type="button" disabled={busy || reason.trim() === ''} onClick={() => void remove()}>
        {t.confirmRemove(what)}
      </button>{' '}
      <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
        {t.keep}
      </button>
      {problem && <p role="alert">{problem}</p>}
    </div>
  );
}

function Readout({ spec, result }: { spec: PoseMeasureSpec; result: MeasureResult }) {
  return (
    <span data-testid={`estimate-${spec.id}`} data-shown={result.value !== null}>
      <strong>{spec.label}:</strong>{' '}
      {result.value !== null ? (
        <>
          {result.value} {spec.unit} <span className="muted">{t.reading(result.confidence.toFixed(2))}</span>
        </>
      ) : (
        <span className="muted">{result.message}</span>
      )}
    </span>
  );
}

export function MeasuredMovement({ visitId, maneuverId, hasFinding, signed, frames }: MeasuredMovementProps) {
  const specs = poseMeasures.forManeuver(maneuverId);
  usePoseTick(specs.length > 0 && frames === undefined ? 4 : 0);
  const [attached, setAttached] = useState<PoseEstimateView[]>([]);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    if (specs.length === 0) return;
    let live = true;
    client.listEstimates({ visitId }).then(
      (list) => live && setAttached(list),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [visitId, specs.length]);

  const attach = useCallback(
    async (spec: PoseMeasureSpec, result: MeasureResult) => {
      if (result.value === null) return;
      setMessage(null);
      try {
        const list = await client.attachEstimate({
          visitId,
          maneuverId,
          measure: result.measure,
          value: result.value,
          unit: result.unit,
          confidence: result.confidence,
          model: poseModelName(),
          summary: result.summary,
        });
        setAttached(list);
        setMessage(t.attachedMessage(spec.label, result.value, result.unit));
      } catch (error) {
        setMessage(error instanceof Error ? error.message : t.notAttached);
      }
    },
    [visitId, maneuverId],
  );

  if (specs.length === 0) return null;
  const here = attached.filter((a) => a.maneuverId === maneuverId);
  return (
    <div className="measured-movement" role="group" aria-labelledby={`measured-${maneuverId}`} data-testid="measured-movement">
      <p id={`measured-${maneuverId}`} className="instruction-label">
        {t.title}
      </p>
      <ul>
        {specs.map((spec) => {
          const window = frames === undefined ? poseWindow(spec.windowMs) : frames ?? [];
          const result = measure(spec.id, window, poseMeasures.thresholds);
          const why = signed ? t.signed : !hasFinding ? t.findingFirst : result.value === null ? result.message : undefined;
          return (
            <li key={spec.id}>
              <Readout spec={spec} result={result} />{' '}
              <button type="button" disabled={why !== undefined} title={why} onClick={() => void attach(spec, result)} data-testid={`attach-${spec.id}`}>
                {t.attach}
              </button>
            </li>
          );
        })}
      </ul>
      {here.length > 0 && (
        <ul className="attached-estimates" aria-label={t.attachedList}>
          {here.map((a) => (
            <li key={a.id}>
              {t.attached(`${a.label} ${a.value} ${a.unit}`, a.method)}{' '}
              <RemoveEstimate
                visitId={visitId}
                estimate={a}
                signed={signed}
                onRemoved={(list, text) => {
                  setAttached(list);
                  setMessage(text);
                }}
              />
            </li>
          ))}
        </ul>
      )}
      {message && <p role="status">{message}</p>}
      <details>
        <summary>{t.limits}</summary>
        <ul>
          {poseMeasures.file.accuracyLimits
            .filter((l) => specs.some((s) => s.limits.includes(l.id)))
            .map((l) => (
              <li key={l.id}>{l.text}</li>
            ))}
        </ul>
        <ul>
          {[...new Map(specs.flatMap((s) => poseMeasures.citations(s.id)).map((c) => [c.id, c])).values()].map((c) => (
            <li key={c.id}>{c.citation}</li>
          ))}
        </ul>
        <p className="muted">{poseMeasures.file.review}</p>
      </details>
    </div>
  );
}
