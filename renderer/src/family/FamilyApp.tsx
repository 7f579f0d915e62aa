/**
 * The family's join page: link → device check → consent → questions →
 * waiting room → visit. The link's token is read from the URL fragment and
 * removed from the address bar at once; after that the page holds only a
 * resume key (session storage, this tab only) to come back after a drop or
 * a reload without a new link.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FamilyServerMessage, RefusalReason } from '../../../shared/signaling/family';
import type { FamilyIntake, Language } from '../../../shared/signaling/intake';
import type { GuestRole } from '../../../shared/signaling/media';
import { MediaSession, type MediaSnapshot } from '../video/media-session';
import { StreamAudio, StreamVideo } from '../video/MediaView';
import { QualityIndicator } from '../video/QualityIndicator';
import { MovementCardView } from '../video/MovementCard';
import { ConfirmDialog } from '../video/ConfirmDialog';
import { FAMILY_CAMERA } from '../video/capture';
import { MOVEMENT_CARDS, movementCard } from '../../../shared/signaling/movement';
import type { QualitySummary } from '../video/quality';
import { DeviceCheck } from './DeviceCheck';
import { IntakeForm } from './IntakeForm';
import { STRINGS } from './i18n';
import { LANGUAGE_NAMES } from '../../../shared/words';
import type { FramingStatus } from '../../../shared/pose/framing';
import { FamilyChannel, type ChannelStatus } from './ws-signaling';

type Step = 'connecting' | 'noToken' | 'refused' | 'devices' | 'consent' | 'intake' | 'waiting' | 'call' | 'ended' | 'left' | 'lost';
type Welcome = Extract<FamilyServerMessage, { type: 'welcome' }>;

const RESUME_KEY = 'bptc.resume';
/** The rejoin key of the link this browser used (issue 16): kept across tabs and restarts so the family can come back with the same link. */
const REJOIN_KEY = 'bptc.rejoin';
const REJOIN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const TOKEN_IN_HASH = /^#t=([A-Za-z0-9_-]{43})$/;

function initialLanguage(): Language {
  return navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en';
}

export function FamilyApp() {
  const [lang, setLang] = useState<Language>(initialLanguage);
  const t = STRINGS[lang];
  const [step, setStepState] = useState<Step>('connecting');
  const [refusal, setRefusal] = useState<RefusalReason>('unknown');
  const [clinic, setClinic] = useState<{ name: string; phone: string } | null>(null);
  const [role, setRole] = useState<GuestRole>('family');
  const [stream, setStreamState] = useState<MediaStream | null>(null);
  const [status, setStatus] = useState<ChannelStatus>('connecting');
  const [media, setMedia] = useState<MediaSnapshot | null>(null);
  const [quality, setQuality] = useState<QualitySummary | null>(null);
  const [stills, setStills] = useState(false);
  const [videoConsent, setVideoConsent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The movement card the clinician shows now (null: none). */
  const [cardId, setCardId] = useState<string | null>(null);
  /** The clinician's framing check for the card shown (issue 17): words only. */
  const [framing, setFraming] = useState<FramingStatus | null>(null);
  const cardIdRef = useRef<string | null>(null);
  const [facing, setFacing] = useState<'user' | 'environment'>('user');
  const channel = useRef<FamilyChannel | null>(null);
  const session = useRef<MediaSession | null>(null);
  const welcome = useRef<Welcome | null>(null);
  const stepRef = useRef<Step>('connecting');
  const streamRef = useRef<MediaStream | null>(null);
  const done = useRef({ consent: false, intake: false });

  const setStep = (s: Step) => {
    stepRef.current = s;
    setStepState(s);
  };
  const setStream = (s: MediaStream | null) => {
    streamRef.current = s;
    setStreamState(s);
  };

  /** The media session exists (device loaded) from the welcome on; it starts sending only once admitted. */
  const ensureSession = useCallback((): MediaSession | null => {
    const w = welcome.current;
    const ch = channel.current;
    if (!w || !ch) return null;
    session.current ??= new MediaSession({
      signaling: ch.media(),
      routerRtpCapabilities: w.routerRtpCapabilities,
      iceServers: w.iceServers,
      muted: w.muted,
      cameraOff: w.cameraOff,
      camera: FAMILY_CAMERA,
      motion: true,
      onChange: (snap) => {
        setMedia(snap);
        if (snap.localStream && snap.localStream !== streamRef.current) setStream(snap.localStream);
      },
    });
    return session.current;
  }, []);

  const startCall = useCallback(async () => {
    const s = ensureSession();
    if (!s) return;
    s.setLocalStream(streamRef.current);
    await s.start();
  }, [ensureSession]);

  const onMessage = useCallback(
    (message: FamilyServerMessage) => {
      switch (message.type) {
        case 'welcome': {
          welcome.current = message;
          if (message.rejoinKey) {
            try {
              localStorage.setItem(REJOIN_KEY, message.rejoinKey);
            } catch {
              // Storage off (private mode): the family can still resume after a reload, but not rejoin after leaving.
            }
          }
          setRole(message.role);
          setCardId(message.movementCard);
          cardIdRef.current = message.movementCard;
          setFraming(null);
          done.current = { consent: done.current.consent || message.consentRecorded, intake: done.current.intake || message.intakeSubmitted };
          if (message.phase === 'admitted') {
            setStep('call');
            const s = session.current;
            s?.setIceServers(message.iceServers);
            if (!s) void startCall();
            else if (message.mediaKept) void s.restartIce();
            else void s.rejoin();
            break;
          }
          void ensureSession()?.prepare().catch(() => undefined);
          if (message.phase === 'waiting') {
            setStep('waiting');
          } else if (stepRef.current === 'connecting') {
            setStep('devices');
          }
          break;
        }
        case 'refused':
          setRefusal(message.reason);
          setClinic(message.clinic ?? null);
          setStep('refused');
          break;
        case 'admitted':
          setStep('call');
          // TURN credentials arrive with admission, before any transport is made.
          ensureSession()?.setIceServers(message.iceServers);
          void startCall();
          break;
        case 'ended':
          session.current?.close();
          session.current?.stopLocal();
          setStep('ended');
          break;
        case 'media':
          session.current?.handleNotification(message.event);
          break;
        case 'movementCard':
          // A status applies to its card: a new card without one starts with none.
          if (message.framing !== undefined) setFraming(message.framing);
          else if (cardIdRef.current !== message.maneuverId) setFraming(null);
          cardIdRef.current = message.maneuverId;
          setCardId(message.maneuverId);
          break;
        default:
          break;
      }
    },
    [startCall, ensureSession],
  );

  useEffect(() => {
    const token = TOKEN_IN_HASH.exec(window.location.hash)?.[1] ?? null;
    // The token must not linger in the address bar, history or a bookmark.
    if (window.location.hash) window.history.replaceState(null, '', window.location.pathname);
    const stored = sessionStorage.getItem(RESUME_KEY);
    if (!token && !stored) {
      setStep('noToken');
      return;
    }
    const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/signal`;
    const ch = new FamilyChannel(url, lang, {
      onMessage,
      onStatus: (s) => {
        setStatus(s);
        if (s === 'closed' && !['refused', 'ended', 'left', 'noToken'].includes(stepRef.current)) setStep('lost');
      },
      onResumeKey: (key) => (key ? sessionStorage.setItem(RESUME_KEY, key) : sessionStorage.removeItem(RESUME_KEY)),
    });
    channel.current = ch;
    let rejoinKey: string | undefined;
    try {
      const kept = localStorage.getItem(REJOIN_KEY);
      if (kept && REJOIN_PATTERN.test(kept)) rejoinKey = kept;
    } catch {
      rejoinKey = undefined;
    }
    ch.open(token ? { token, rejoinKey } : { resumeKey: stored! });
    return () => {
      ch.stop();
      session.current?.close();
    };
    // Runs once: the channel outlives language changes (setLanguage below).
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t.title;
    channel.current?.setLanguage(lang);
  }, [lang, t.title]);

  useEffect(() => {
    if (step !== 'call') return;
    const timer = setInterval(() => {
      void session.current?.quality().then((q) => q && setQuality(q));
    }, 1000);
    return () => clearInterval(timer);
  }, [step]);

  const guard = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch {
      setError(t.error);
    }
  };

  const goReady = async () => {
    await channel.current!.request('ready', {});
    setStep('waiting');
  };
  const afterDevices = () =>
    void guard(async () => {
      if (!done.current.consent) setStep('consent');
      else if (role === 'family' && !done.current.intake) setStep('intake');
      else await goReady();
    });
  const submitConsent = () =>
    void guard(async () => {
      await channel.current!.request('consent', { video: true, stills });
      done.current.consent = true;
      if (role === 'family' && !done.current.intake) setStep('intake');
      else await goReady();
    });
  const submitIntake = async (answers: FamilyIntake) => {
    await channel.current!.request('intake', { answers });
    done.current.intake = true;
    await goReady();
  };
  const flipCamera = () =>
    void guard(async () => {
      const next = facing === 'user' ? 'environment' : 'user';
      await session.current?.switchFacing(next);
      setFacing(next);
    });
  const [confirmLeave, setConfirmLeave] = useState(false);
  const leave = () => {
    setConfirmLeave(false);
    channel.current?.leave();
    session.current?.close();
    session.current?.stopLocal();
    setStep('left');
  };

  const remotes = media?.remotes ?? [];
  const main = remotes.find((r) => r.role === 'clinician') ?? remotes[0];
  const others = remotes.filter((r) => r !== main);
  const card = cardId ? movementCard(cardId) : undefined;
  const reconnecting = status === 'reconnecting' || media?.connection === 'reconnecting';

  return (
    <div className="family">
      <header className="family-header">
        <h1>{t.title}</h1>
        <div className="family-lang" role="group" aria-label={t.language}>
          <button type="button" aria-pressed={lang === 'en'} onClick={() => setLang('en')} lang="en">
            {LANGUAGE_NAMES.en}
          </button>
          <button type="button" aria-pressed={lang === 'es'} onClick={() => setLang('es')} lang="es">
            {LANGUAGE_NAMES.es}
          </button>
        </div>
      </header>
      <main className="family-main">
        {reconnecting && step !== 'ended' && (
          <p className="family-banner" role="status">
            {t.reconnecting}
          </p>
        )}
        {error && (
          <p className="family-error" role="alert">
            {error}
          </p>
        )}
        {step === 'connecting' && <p role="status">{t.connecting}</p>}
        {step === 'noToken' && <p role="alert">{t.noToken}</p>}
        {step === 'refused' && (
          <>
            <p role="alert" data-testid="refused" data-reason={refusal}>
              {t.refused[refusal]}
            </p>
            {clinic && (
              <p data-testid="clinic-phone">
                {t.callClinic(clinic.name)} <a href={`tel:${clinic.phone.replace(/[^0-9+]/g, '')}`}>{clinic.phone}</a>
              </p>
            )}
          </>
        )}
        {step === 'lost' && <p role="alert">{t.connectionGone}</p>}
        {step === 'ended' && <p role="status">{t.ended}</p>}
        {step === 'left' && <p role="status">{t.left}</p>}
        {step === 'devices' && <DeviceCheck t={t} stream={stream} onStream={setStream} onDone={afterDevices} />}
        {step === 'consent' && (
          <section className="family-card" aria-labelledby="step-consent">
            <h2 id="step-consent">{t.stepConsent}</h2>
            <label className="family-choice">
              <input type="checkbox" checked={videoConsent} onChange={(e) => setVideoConsent(e.target.checked)} />
              {t.consentVideo}
            </label>
            <label className="family-choice">
              <input type="checkbox" checked={stills} onChange={(e) => setStills(e.target.checked)} />
              {t.consentStills}
            </label>
            <p className="family-note">{t.consentNote}</p>
            <button type="button" className="family-primary" disabled={!videoConsent} onClick={submitConsent}>
              {t.continue}
            </button>
          </section>
        )}
        {step === 'intake' && <IntakeForm t={t} lang={lang} onSubmit={submitIntake} />}
        {step === 'waiting' && (
          <section className="family-card" aria-labelledby="waiting-title" data-testid="waiting-room">
            <h2 id="waiting-title">{t.waitingTitle}</h2>
            <p>{t.waitingText}</p>
            <h3>{t.prepareTitle}</h3>
            <MovementCardView card={MOVEMENT_CARDS.preparation} lang={lang} testId="preparation-card" />
            <StreamVideo stream={stream} className="family-preview family-preview-small" label={t.you} mirrored />
          </section>
        )}
        {step === 'call' && (
          <section className="family-call" aria-label={t.inCall}>
            {card && (
              <div role="status" aria-label={t.movementNow}>
                <MovementCardView card={card} lang={lang} framing={framing} />
              </div>
            )}
            <div className="family-stage">
              {main ? (
                <figure className="family-tile">
                  <StreamVideo stream={main.stream} className="family-remote" label={t.clinician} testId="remote-video" data={{ role: main.role }} />
                  <StreamAudio stream={main.stream} />
                  <figcaption>{main.role === 'clinician' ? t.clinician : t.otherPerson}</figcaption>
                </figure>
              ) : (
                <p className="family-placeholder">{t.waitingForVideo}</p>
              )}
              {others.map((r) => (
                <figure className="family-tile family-tile-small" key={r.participantId}>
                  <StreamVideo stream={r.stream} className="family-remote" label={t.otherPerson} testId="remote-video" data={{ role: r.role }} />
                  <StreamAudio stream={r.stream} />
                </figure>
              ))}
              <StreamVideo stream={media?.localStream ?? stream} className="family-self" label={t.you} mirrored={facing === 'user'} />
            </div>
            <div className="family-controls">
              <button type="button" aria-pressed={media?.muted ?? false} onClick={() => void session.current?.setMuted(!media?.muted)}>
                {media?.muted ? t.unmute : t.mute}
              </button>
              <button type="button" aria-pressed={media?.cameraOff ?? false} onClick={() => void session.current?.setCameraOff(!media?.cameraOff)}>
                {media?.cameraOff ? t.cameraOn : t.cameraOff}
              </button>
              <button type="button" onClick={flipCamera} data-testid="flip-camera" data-facing={facing}>
                {facing === 'user' ? t.useBackCamera : t.useFrontCamera}
              </button>
              <QualityIndicator quality={quality} lang={lang} />
              <button type="button" className="family-leave" onClick={() => setConfirmLeave(true)}>
                {t.leave}
              </button>
            </div>
            {confirmLeave && (
              <ConfirmDialog
                title={t.leaveConfirmTitle}
                text={t.leaveConfirmText}
                confirmLabel={t.leaveConfirm}
                cancelLabel={t.stay}
                onConfirm={leave}
                onCancel={() => setConfirmLeave(false)}
                testId="leave-confirm"
              />
            )}
          </section>
        )}
      </main>
    </div>
  );
}
