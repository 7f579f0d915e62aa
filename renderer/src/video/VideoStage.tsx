/**
 * The clinician's video stage for one visit: the remote video large, the
 * clinician's own small, the controls, the connection indicator, the waiting
 * list with Admit, and join links. Mount `<VideoStage visitId={id} />`
 * anywhere; it owns its call (useVideoCall) and ends nothing on unmount
 * except its own media.
 */
import { useEffect, useRef, useState } from 'react';
import type { GuestRole } from '../../../shared/signaling/media';
import { StreamAudio, StreamVideo } from './MediaView';
import { QualityIndicator } from './QualityIndicator';
import { MovementCardView } from './MovementCard';
import { onOpenMovement, openMovement } from './movement-focus';
import { MOVEMENT_CARDS, movementCard } from '../../../shared/signaling/movement';
import { CONSOLE } from '../../../shared/words/console';
import { useVideoCall } from './useVideoCall';
import type { RemoteFeed } from './media-types';
import { FramingCheck } from '../pose/FramingCheck';
import type { FramingStatus } from '../../../shared/pose/framing';
import { chimeMuted, formatElapsed, playChime, setChimeMuted, useNow } from './call-logistics';
import { ConfirmDialog } from './ConfirmDialog';
import { client } from '../api/client';
import './video.css';

const t = CONSOLE.video;
const ROLE_LABEL = t.roles;

/** A remote participant's video (kept in `videos` by participant, for stills and the framing check) and sound. */
function RemoteMedia({ feed, videos }: { feed: RemoteFeed; videos: Map<string, HTMLVideoElement> }) {
  return (
    <>
      <StreamVideo
        stream={feed.stream}
        className="video-remote"
        label={t.stage.roleVideo(ROLE_LABEL[feed.role])}
        testId="remote-video"
        data={{ role: feed.role, 'participant-id': feed.participantId }}
        videoRef={(el) => {
          if (el) videos.set(feed.participantId, el);
        }}
      />
      <StreamAudio stream={feed.stream} />
    </>
  );
}

export function VideoStage({ visitId }: { visitId: string }) {
  const call = useVideoCall(visitId);
  const [role, setRole] = useState<GuestRole>('family');
  const [notice, setNotice] = useState('');
  const remoteVideos = useRef(new Map<string, HTMLVideoElement>());
  const media = call.media;
  const remotes = media?.remotes ?? [];
  const waiting = call.participants.filter((p) => p.phase === 'waiting');
  const inLobby = call.participants.filter((p) => p.phase === 'lobby');
  const byId = new Map(call.participants.map((p) => [p.id, p]));
  const main = remotes.find((r) => r.role === 'family') ?? remotes[0];
  const others = remotes.filter((r) => r !== main);
  const shown = call.movementCard ? movementCard(call.movementCard) : undefined;
  // Preview in the family's language: the same words the family reads.
  const familyLanguage = call.participants.find((p) => p.role === 'family' && p.phase === 'admitted')?.language ?? 'en';
  const [picked, setPicked] = useState<string>(() => openMovement() ?? MOVEMENT_CARDS.cards[0]!.maneuverId);
  const [opened, setOpened] = useState<string | null>(openMovement);
  /** Follow the checklist: opening a movement there shows its card to the admitted family. */
  const [follow, setFollow] = useState(true);
  const familyIn = call.participants.some((p) => p.role === 'family' && p.phase === 'admitted');
  useEffect(
    () =>
      onOpenMovement((id) => {
        setOpened(id);
        setPicked(id);
      }),
    [],
  );
  /** The framing check's status (issue 17), shown on the family's card and on this preview of it. */
  const [framing, setFraming] = useState<FramingStatus | null>(null);
  // Issue 16: a chime when someone enters the waiting room (not for those already there when the stage opened twice).
  const [muteChime, setMuteChime] = useState(chimeMuted);
  const [chimes, setChimes] = useState(0);
  const seenWaiting = useRef(new Set<string>());
  const waitingIds = waiting.map((p) => p.id).join(',');
  useEffect(() => {
    let fresh = false;
    for (const p of waiting) {
      if (!seenWaiting.current.has(p.id)) {
        seenWaiting.current.add(p.id);
        fresh = true;
      }
    }
    if (fresh) {
      if (playChime()) setChimes((n) => n + 1);
    }
  }, [waitingIds]);
  const now = useNow(1000);
  // The visit timer runs from the first guest's admission (the earliest admitted guest still in the call).
  const admittedAt = call.participants
    .filter((p) => p.role !== 'clinician' && p.phase === 'admitted' && p.admittedAt)
    .map((p) => Date.parse(p.admittedAt!))
    .filter((at) => Number.isFinite(at))
    .sort((a, b) => a - b)[0];
  const [confirmEnd, setConfirmEnd] = useState(false);
  const send = async (via: 'email' | 'sms', url: string) => {
    try {
      const r = await client.sendJoinLink({ visitId, via, url });
      setNotice(
        r.via === 'sms'
          ? t.invite.textOpened(r.to ?? t.invite.theGuardian)
          : r.to
            ? t.invite.mailOpened(r.to)
            : t.invite.mailNoAddress,
      );
    } catch (e) {
      setNotice(e instanceof Error ? e.message : t.invite.sendFailed);
    }
  };
  const showMovement = call.showMovement;
  useEffect(() => {
    if (follow && familyIn && opened && movementCard(opened)) void showMovement(opened);
    // Only when the open movement, the follow switch or the family's presence changes, not on every render.
  }, [follow, familyIn, opened]);

  if (call.phase === 'ended') {
    return (
      <section className="video-stage" aria-label={t.stage.region}>
        <p className="video-ended" role="status">{t.stage.ended}</p>
      </section>
    );
  }

  const still = async (participantId: string) => {
    const el = remoteVideos.current.get(participantId);
    if (!el) return;
    const saved = await call.captureStill(participantId, el);
    if (saved) setNotice(t.stage.stillSaved);
  };

  return (
    <section className="video-stage" aria-label={t.stage.region}>
      <div className="video-main">
        <div className="video-remote-area">
          {main ? (
            <figure className="video-tile video-tile-main">
              <RemoteMedia feed={main} videos={remoteVideos.current} />
              <figcaption>
                {ROLE_LABEL[main.role]}
                {main.audioPaused ? t.stage.muted : ''}
                {main.videoPaused ? t.stage.cameraIsOff : ''}
              </figcaption>
              <button
                type="button"
                className="video-still"
                onClick={() => void still(main.participantId)}
                disabled={!byId.get(main.participantId)?.consent?.stills}
                title={byId.get(main.participantId)?.consent?.stills ? t.stage.stillTitle : t.stage.noStills}
              >
                {t.stage.takeStill}
              </button>
              <FramingCheck
                visitId={visitId}
                stream={main.stream}
                video={() => remoteVideos.current.get(main.participantId) ?? null}
                card={shown}
                onStatus={setFraming}
              />
            </figure>
          ) : (
            <p className="video-placeholder">{call.phase === 'opening' ? t.stage.starting : t.stage.alone}</p>
          )}
          {others.map((r) => (
            <figure className="video-tile video-tile-small" key={r.participantId}>
              <RemoteMedia feed={r} videos={remoteVideos.current} />
              <figcaption>{ROLE_LABEL[r.role]}</figcaption>
            </figure>
          ))}
          <StreamVideo stream={media?.localStream ?? null} className="video-self" label={t.stage.yourVideo} testId="self-video" mirrored />
        </div>
        <div className="video-controls" role="toolbar" aria-label={t.stage.controls}>
          <button type="button" aria-pressed={media?.muted ?? false} onClick={() => void call.setMuted(!media?.muted)} disabled={!media}>
            {media?.muted ? t.stage.unmute : t.stage.mute}
          </button>
          <button type="button" aria-pressed={media?.cameraOff ?? false} onClick={() => void call.setCameraOff(!media?.cameraOff)} disabled={!media}>
            {media?.cameraOff ? t.stage.cameraOn : t.stage.cameraOff}
          </button>
          <label className="video-device">
            {t.stage.camera}
            <select
              value={media?.cameraDeviceId ?? ''}
              onChange={(e) => void call.switchCamera(e.target.value)}
              disabled={call.cameras.length === 0}
            >
              {call.cameras.map((c, i) => (
                <option key={c.deviceId || i} value={c.deviceId}>
                  {c.label || t.stage.cameraN(i + 1)}
                </option>
              ))}
            </select>
          </label>
          <QualityIndicator quality={call.quality} />
          {call.quality?.width && call.quality.height ? (
            <span className="video-received" data-testid="received-video" data-width={call.quality.width} data-fps={Math.round(call.quality.fps ?? 0)} title={t.stage.receivingTitle}>
              {t.stage.receiving(call.quality.width, call.quality.height, Math.round(call.quality.fps ?? 0))}
            </span>
          ) : null}
          {media?.connection === 'reconnecting' && <span role="status">{t.stage.reconnecting}</span>}
          {admittedAt !== undefined && (
            <span className="video-timer" data-testid="visit-timer" title={t.stage.timerTitle} aria-label={t.stage.timerLabel(formatElapsed(now - admittedAt))}>
              {formatElapsed(now - admittedAt)}
            </span>
          )}
          <button type="button" className="button-danger" onClick={() => setConfirmEnd(true)}>
            {t.stage.endCall}
          </button>
        </div>
        {confirmEnd && (
          <ConfirmDialog
            title={t.stage.endTitle}
            text={t.stage.endText}
            confirmLabel={t.stage.endCall}
            cancelLabel={t.stage.keepCall}
            onConfirm={() => {
              setConfirmEnd(false);
              void call.end();
            }}
            onCancel={() => setConfirmEnd(false)}
            testId="end-call-confirm"
          />
        )}
        {call.error && (
          <p className="video-error" role="alert">
            {call.error}
          </p>
        )}
        <div className="video-movement" role="group" aria-label={t.movement.region}>
          <label>
            {t.movement.label}
            <select value={picked} onChange={(e) => setPicked(e.target.value)} data-testid="movement-select">
              {MOVEMENT_CARDS.cards.map((c) => (
                <option key={c.maneuverId} value={c.maneuverId}>
                  {c.instruction.en}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => void call.showMovement(picked)}>
            {t.movement.show}
          </button>
          <button type="button" onClick={() => void call.showMovement(null)} disabled={!shown}>
            {t.movement.hide}
          </button>
          <label className="video-follow">
            <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} data-testid="movement-follow" />
            {t.movement.follow}
          </label>
        </div>
        {shown && (
          <div className="video-movement-preview" data-testid="movement-preview">
            <p className="muted">{t.movement.familySees}</p>
            <MovementCardView card={shown} lang={familyLanguage} testId="movement-card-preview" compact framing={framing} />
          </div>
        )}
        <p className="video-notice" role="status">
          {notice}
        </p>
      </div>
      <aside className="video-side" aria-label={t.invite.region}>
        {/* Folded away once the family is admitted (issue 16); open it to invite a caregiver or an interpreter. */}
        <details className="video-invite-fold" open={!familyIn} data-testid="invite">
        <summary className="video-invite-summary">{t.invite.title}</summary>
        <div className="video-invite">
          <label>
            {t.invite.linkFor}
            <select value={role} onChange={(e) => setRole(e.target.value as GuestRole)}>
              <option value="family">{t.invite.childAndParent}</option>
              <option value="caregiver">{t.roles.caregiver}</option>
              <option value="interpreter">{t.roles.interpreter}</option>
            </select>
          </label>
          <button type="button" onClick={() => void call.createLink(role)}>
            {t.invite.create}
          </button>
        </div>
        {call.links.map((link) => (
          <div className="video-link" key={link.url}>
            <label>
              {t.invite.joinLink(ROLE_LABEL[link.role])}
              <input readOnly value={link.url} data-testid={`join-link-${link.role}`} onFocus={(e) => e.currentTarget.select()} />
            </label>
            <button
              type="button"
              onClick={() =>
                void navigator.clipboard.writeText(link.url).then(
                  () => setNotice(t.invite.copied),
                  () => setNotice(t.invite.copyFailed),
                )
              }
            >
              {t.invite.copy}
            </button>
            <div className="video-send" role="group" aria-label={t.invite.send}>
              {link.role === 'family' && (
                <button type="button" className="button-secondary" onClick={() => void send('sms', link.url)}>
                  {t.invite.text}
                </button>
              )}
              <button type="button" className="button-secondary" onClick={() => void send('email', link.url)}>
                {t.invite.email}
              </button>
            </div>
          </div>
        ))}
        </details>
        <h3>
          {t.waiting.title}
          <label className="video-chime">
            <input
              type="checkbox"
              checked={!muteChime}
              onChange={(e) => {
                setChimeMuted(!e.target.checked);
                setMuteChime(!e.target.checked);
              }}
              data-testid="chime-toggle"
            />
            {t.waiting.chime}
          </label>
        </h3>
        <ul className="video-waiting" data-testid="waiting-list" data-chimes={chimes}>
          {waiting.length === 0 && <li className="muted">{t.waiting.none}</li>}
          {waiting.map((p, i) => (
            <li key={p.id} data-testid="waiting-participant">
              <span>
                {ROLE_LABEL[p.role]}
                {p.intakeSubmitted ? t.waiting.questionsAnswered : ''}
                {p.consent?.stills ? t.waiting.stillsAllowed : ''}
                {p.waitingSince && (
                  <span className="video-wait" data-testid="wait-time">
                    {' '}
                    {t.waiting.since(formatElapsed(now - Date.parse(p.waitingSince)))}
                  </span>
                )}
              </span>
              {/* W (the room's key, visit-room/room-keys.ts) admits the first one waiting. */}
              <button type="button" onClick={() => void call.admit(p.id)} aria-keyshortcuts={i === 0 ? 'W' : undefined}>
                {t.waiting.admit(ROLE_LABEL[p.role].toLowerCase())}
                {i === 0 && (
                  <>
                    {' '}
                    <kbd className="key" aria-hidden="true">
                      W
                    </kbd>
                  </>
                )}
              </button>
            </li>
          ))}
        </ul>
        {inLobby.length > 0 && <p className="muted">{t.waiting.lobby(inLobby.length)}</p>}
      </aside>
    </section>
  );
}
