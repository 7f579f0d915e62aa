/**
 * The framing check on the clinician's stage (issue 17): pose estimation of
 * the child's incoming video, in this window only, tells the clinician
 * whether the whole body is in view and whether the child faces the camera
 * or stands side-on as the movement on the family's card needs; the same
 * status, as words, goes to the family's card. Landmarks never leave this
 * window: only the status word is sent (video:showMovement's `framing`).
 *
 * It runs while a movement card is on the family's screen (the movement
 * exam), not while the clinician and family talk: the model costs a CPU core
 * of a 2-core laptop, which the call can use the rest of the visit.
 */
import { useEffect, useRef, useState } from 'react';
import { assessFraming, FramingSmoother, type FramingAssessment, type FramingStatus } from '../../../shared/pose/framing';
import type { MovementCard } from '../../../shared/signaling/movement';
import { CONSOLE } from '../../../shared/words/console';
import { client } from '../api/client';
import { startLiveEstimation } from './estimator';
import { framingWords } from './framing-words';
import { subscribePose } from './pose-bus';
import './framing.css';

/** How often the analysed-frame counter, the median time and the detail line are re-rendered (4 a second). */
const UI_FLUSH_MS = 250;

const t = CONSOLE.pose;

export function FramingCheck({
  visitId,
  stream,
  video,
  card,
  onStatus,
}: {
  visitId: string;
  /** The child's incoming stream (a new one restarts the check). */
  stream: MediaStream | null;
  /** The <video> element that shows it. */
  video: () => HTMLVideoElement | null;
  /** The card on the family's screen now, if any: its view decides facing or side-on. */
  card: MovementCard | undefined;
  onStatus?: (status: FramingStatus | null) => void;
}) {
  const [enabled, setEnabled] = useState(true);
  const [status, setStatus] = useState<FramingStatus | null>(null);
  const [assessment, setAssessment] = useState<FramingAssessment | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  /** Frames analysed since the check started (shown as a data attribute for support and tests). */
  const [analysed, setAnalysed] = useState(0);
  /** Median milliseconds of the recent analyses (support and the benchmark read it). */
  const [analysisMs, setAnalysisMs] = useState<number | null>(null);
  const view = card?.view ?? null;
  const active = enabled && !!card;
  const viewRef = useRef(view);
  const smoother = useRef(new FramingSmoother());
  const analysedTotal = useRef(0);

  useEffect(() => {
    viewRef.current = view;
    smoother.current.reset();
    setStatus(null);
  }, [view]);

  useEffect(() => {
    const el = video();
    if (!active || !stream || !el) return undefined;
    setProblem(null);
    smoother.current.reset();
    const estimator = startLiveEstimation(el, {
      onError: (error) => setProblem(t.stopped(error.message)),
    });
    let started = false;
    // Per frame only the steadying runs (setStatus re-renders only when the shown status changes); the counters
    // and the detail line are flushed to React a few times a second, so an analysis never waits on a render.
    let latest: FramingAssessment | null = null;
    let shownKey = '';
    const unsubscribe = subscribePose((frame) => {
      // The bus's latest value on subscribing is from before this start: wait for this estimator's first result.
      if (!started) {
        started = true;
        return;
      }
      const a = assessFraming(frame?.landmarks ?? null, frame?.aspect ?? 16 / 9, viewRef.current);
      analysedTotal.current += 1;
      latest = a;
      setStatus(smoother.current.push(a.status, performance.now()));
    });
    const flush = window.setInterval(() => {
      setAnalysed(analysedTotal.current);
      const recent = estimator.stats().recentMs.sort((x, y) => x - y);
      if (recent.length) setAnalysisMs(Math.round(recent[recent.length >> 1]!));
      const key = latest ? `${latest.status}|${latest.orientation ?? ''}|${latest.missing.join(',')}` : '';
      if (key !== shownKey) {
        shownKey = key;
        setAssessment(latest);
      }
    }, UI_FLUSH_MS);
    return () => {
      window.clearInterval(flush);
      unsubscribe();
      estimator.stop();
      setStatus(null);
      setAssessment(null);
    };
    // `video` is a getter for the element that shows `stream`: the stream is the dependency.
  }, [active, stream]);

  useEffect(() => onStatus?.(active ? status : null), [status, active]);

  // The family's card shows the status: sent when it or the card changes (never a landmark).
  const cardId = card?.maneuverId ?? null;
  useEffect(() => {
    if (!cardId || !status || !active) return;
    client.videoShowMovement({ visitId, maneuverId: cardId, framing: status }).catch(() => undefined);
  }, [visitId, cardId, status, enabled]);

  const words = status ? framingWords(status, view ?? 'front', 'en') : null;
  const detail =
    assessment && assessment.orientation && status !== 'no-person'
      ? `${t.orientation[assessment.orientation]}${assessment.missing.length ? t.notInView(assessment.missing.map((m) => m.replace('_', ' ')).join(', ')) : ''}`
      : '';
  return (
    <div
      className={`framing-check framing-${!active ? 'off' : status === 'in-view' ? 'ok' : status ? 'fix' : 'wait'}`}
      data-testid="framing-status"
      data-status={!enabled ? 'off' : !card ? 'idle' : (status ?? 'pending')}
      data-analysed={analysed}
      data-analysis-ms={analysisMs ?? ''}
      data-frame-status={assessment?.status ?? ''}
      title={t.title}
    >
      <span role="status">
        {!enabled
          ? t.off
          : !card
            ? t.idle
            : problem
              ? problem
              : words
                ? t.status(words)
                : t.starting}
        {active && !problem && detail ? <span className="framing-detail"> ({detail})</span> : null}
      </span>
      <button type="button" className="framing-toggle" aria-pressed={enabled} onClick={() => setEnabled((e) => !e)}>
        {enabled ? t.turnOff : t.turnOn}
      </button>
    </div>
  );
}
