/**
 * The visit room: the video stage, the working pane (checklist, plan, the
 * family's answers) and the red-flag panel, always visible; a header with
 * the patient and the close gate. Everything renders from one
 * VisitRoomState, replaced by the answer to every write.
 */
import { ExportPanel } from '../export/ExportPanel';
import { VisitDelivery } from '../ehr/Delivery';
import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { VisitRoomState } from '../../../shared/domain/visit-room';
import { client } from '../api/client';
import { useAnnounce } from '../app/announce';
import { HOME_HREF } from '../app/router';
import { Checklist } from '../checklist/Checklist';
import { isSkipped, mainField, MANEUVERS, valueLabel } from '../checklist/model';
import { PlanTab } from '../plan/PlanTab';
import { INTAKE_STEP, RedFlagPanel } from '../red-flags/RedFlagPanel';
import { onRequestStep } from '../checklist/focus-step';
import { tierName } from '../red-flags/labels';
import { useSession } from '../session/context';
import { VideoStage } from '../video';
import { CallCheck } from '../video/CallCheck';
import { IntakeSummary } from '../visits/IntakeSummary';
import { STATUS_LABEL } from '../visits/VisitList';
import { Addenda } from './Addenda';
import { CorrectIntake } from './CorrectIntake';
import { EscalationDialog } from './EscalationDialog';
import { useVisitRoom, type VisitRoom as Room } from './useVisitRoom';
import { useRoomLayout } from './layout';
import { KeysHelp } from './KeysHelp';
import { admitWaiting, useRoomKeys } from './room-keys';
import { SignedHistory } from '../visits/SignedHistory';
import { CONSOLE } from '../../../shared/words/console';

const t = CONSOLE.visitRoom;

/** The call does not re-render with every saved entry: it depends on the visit id only. */
const Video = memo(function Video({ visitId }: { visitId: string }) {
  return <VideoStage visitId={visitId} />;
});

type Tab = 'checklist' | 'plan' | 'intake';
const TABS: { id: Tab; label: string }[] = [
  { id: 'checklist', label: t.tabs.checklist },
  { id: 'plan', label: t.tabs.plan },
  { id: 'intake', label: t.tabs.intake },
];

export function VisitRoom({ visitId }: { visitId: string }) {
  const room = useVisitRoom(visitId);
  if (!room.state) {
    return (
      <main className="app-main">
        <p>
          <a href={HOME_HREF}>{t.backToVisits}</a>
        </p>
        {room.loadError ? (
          <p role="alert" className="form-error">
            {room.loadError}
          </p>
        ) : (
          <p role="status">{t.opening}</p>
        )}
      </main>
    );
  }
  return <RoomView room={room as Room & { state: VisitRoomState }} />;
}

function RoomView({ room }: { room: Room & { state: VisitRoomState } }) {
  const { state } = room;
  const [tab, setTab] = useState<Tab>('checklist');
  const [deciding, setDeciding] = useState(false);
  const [correcting, setCorrecting] = useState(false);
  const [signError, setSignError] = useState<string[]>([]);
  const [signing, setSigning] = useState(false);
  const [keysOpen, setKeysOpen] = useState(false);
  const decisionButton = useRef<HTMLButtonElement>(null);
  const announce = useAnnounce();
  const session = useSession();
  const signed = state.visit.status === 'signed';
  const p = state.patient;
  const [layout, toggleLayout] = useRoomLayout((next) =>
    announce(next === 'focus' ? t.focusAnnounced : t.splitAnnounced),
  );

  async function sign() {
    setSigning(true);
    const result = await room.write(() => client.signVisit({ visitId: state.visit.id }));
    setSigning(false);
    if (result.ok) {
      setSignError([]);
      announce(t.signedAnnounced);
    } else {
      setSignError(result.error.fields.length ? result.error.fields.map((f) => f.message) : [result.error.message]);
    }
  }

  // W admit, D decision, ? keys (issue 16 item 8); the dialog returns focus to "Record decision…", one Tab before Sign.
  useRoomKeys(!signed && !session.locked, {
    admit: () => {
      const n = admitWaiting();
      if (n === 0) announce(t.noOneWaiting);
      else if (n > 1) announce(t.severalWaiting(n));
    },
    decide: () => {
      decisionButton.current?.focus();
      setDeciding(true);
    },
    help: () => setKeysOpen(true),
  });

  // A red flag's name opens its checklist step, or the family's answers for history questions.
  useEffect(() => onRequestStep((id) => setTab(id === INTAKE_STEP ? 'intake' : 'checklist')), []);

  const onTabKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = TABS.findIndex((x) => x.id === tab);
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
    setTab(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };

  return (
    <div className="room" data-testid="visit-room" data-status={state.visit.status} data-layout={signed ? 'signed' : layout}>
      <section className="room-header" aria-label={t.header}>
        <a href={HOME_HREF} className="back-link">
          {t.backToVisits}
        </a>
        <h2 className="room-patient" data-testid="patient-name">
          {p.childName}
        </h2>
        <span className="room-facts">
          {t.facts(state.age.years, state.age.months, p.weightKg, p.sex)}
        </span>
        <span className={`badge status-${state.visit.status}`} data-testid="visit-status">
          {STATUS_LABEL[state.visit.status]}
        </span>
        {p.isDemo && <span className="badge badge-demo">{t.demo}</span>}
        <span className="badge badge-warning">{t.notReviewed}</span>
        <div className="room-gate">
          {!signed && (
            <>
              <button
                type="button"
                className="button-secondary"
                aria-keyshortcuts="V"
                data-testid="layout-toggle"
                onClick={toggleLayout}
                title={t.layoutTitle}
              >
                {layout === 'focus' ? t.splitLayout : t.focusLayout} <kbd aria-hidden="true">V</kbd>
              </button>
              <button
                type="button"
                className="button-secondary"
                title={t.keysTitle}
                aria-keyshortcuts="?"
                data-testid="keys-help-open"
                onClick={() => setKeysOpen(true)}
              >
                {t.keys} <kbd aria-hidden="true">?</kbd>
              </button>
              <button type="button" className="button-secondary" ref={decisionButton} aria-keyshortcuts="D" onClick={() => setDeciding(true)}>
                {state.decision ? t.changeDecision(state.decision.tier) : t.recordDecision} <kbd aria-hidden="true">D</kbd>
              </button>
              <button
                type="button"
                className="button-sign"
                disabled={!state.gate.canClose || signing}
                aria-describedby="gate-reasons"
                onClick={() => void sign()}
              >
                {t.sign}
              </button>
              <StepsLeft reasons={state.gate.reasons} canClose={state.gate.canClose} />
            </>
          )}
          <ExportPanel visitId={state.visit.id} signed={signed} />
          {signed && <VisitDelivery visitId={state.visit.id} />}
          {signed && (
            <span className="signed-note" data-testid="signed-note">
              {t.signedNote(
                state.visit.signedAt ? new Date(state.visit.signedAt).toLocaleString() : '',
                state.visit.signedBy ? (state.authors[state.visit.signedBy] ?? t.unknown) : t.unknown,
              )}
            </span>
          )}
        </div>
      </section>
      {!signed && signError.length > 0 && (
        <div role="alert" className="form-error sign-error">
          {t.notSigned(signError.join(' '))}
        </div>
      )}
      {state.dataNotes.length > 0 && (
        <div className="data-notes notice-warning" data-testid="data-notes">
          <p className="gate-title">{t.dataNotes}</p>
          <ul>
            {state.dataNotes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="room-body">
        {/* A signed visit shows no call controls: the stage is not mounted (see docs/visit-room.md). */}
        {!signed && (
          <section className="room-video" aria-labelledby="video-title" data-testid="room-video">
            <h2 id="video-title" className="room-video-title">
              {t.video}
            </h2>
            <Video visitId={state.visit.id} />
          </section>
        )}
        <main className="room-work" aria-label={t.workingPane}>
          {signed ? (
            <SignedRecord room={room} />
          ) : (
            <>
              {/* The call check is a form: it sits at the top of the working pane, so the child's video keeps the whole column (issue 16 item 1). */}
              <CallCheck room={room} />
              <div role="tablist" aria-label={t.workingPane} className="tabs" onKeyDown={onTabKey}>
                {TABS.map((x) => (
                  <button
                    key={x.id}
                    id={`tab-${x.id}`}
                    type="button"
                    role="tab"
                    aria-selected={tab === x.id}
                    aria-controls={`panel-${x.id}`}
                    tabIndex={tab === x.id ? 0 : -1}
                    className="tab"
                    onClick={() => setTab(x.id)}
                  >
                    {x.label}
                  </button>
                ))}
              </div>
              <div role="tabpanel" id="panel-checklist" aria-labelledby="tab-checklist" hidden={tab !== 'checklist'}>
                <Checklist room={room} active={tab === 'checklist' && !deciding} />
              </div>
              <div role="tabpanel" id="panel-plan" aria-labelledby="tab-plan" hidden={tab !== 'plan'}>
                <PlanTab room={room} readOnly={false} active={tab === 'plan'} />
              </div>
              <div role="tabpanel" id="panel-intake" aria-labelledby="tab-intake" hidden={tab !== 'intake'}>
                <h2>{t.intakeTitle}</h2>
                {correcting ? (
                  <CorrectIntake room={room} onDone={() => setCorrecting(false)} />
                ) : (
                  <>
                    <IntakeSummary intake={state.intake} />
                    <button type="button" className="button-secondary" onClick={() => setCorrecting(true)} data-testid="correct-intake-open">
                      {state.intake ? t.correctAnswers : t.enterAnswers}
                    </button>
                  </>
                )}
              </div>
            </>
          )}
        </main>
        <RedFlagPanel room={room} readOnly={signed} />
      </div>
      {deciding && !session.locked && <EscalationDialog room={room} onClose={() => setDeciding(false)} />}
      {keysOpen && !session.locked && <KeysHelp onClose={() => setKeysOpen(false)} />}
    </div>
  );
}

/**
 * What is left before signing, next to Sign: "n steps left" (one step per
 * blocking reason the gate gives), the reasons in words on demand.
 */
function StepsLeft({ reasons, canClose }: { reasons: VisitRoomState['gate']['reasons']; canClose: boolean }) {
  const n = reasons.length;
  return (
    <div className="steps-left" id="gate-reasons" data-testid="gate-reasons" data-steps={canClose ? 0 : n} aria-live="polite">
      {canClose ? (
        <span className="gate-ok">{t.gate.ready}</span>
      ) : (
        <details className="steps-left-details">
          <summary data-testid="steps-left">
            {t.gate.stepsLeft(n)}
          </summary>
          <div className="steps-left-body">
            <p className="gate-title">{t.gate.before}</p>
            <GateReasons reasons={reasons} />
          </div>
        </details>
      )}
    </div>
  );
}

/** Every blocking reason in words; a long run of unscreened flags folds into one line that opens. */
function GateReasons({ reasons }: { reasons: VisitRoomState['gate']['reasons'] }) {
  const unscreened = reasons.filter((r) => r.code === 'flag_not_screened');
  const others = reasons.filter((r) => r.code !== 'flag_not_screened');
  const fold = unscreened.length > 4;
  return (
    <ul>
      {!fold && unscreened.map((r) => <li key={`${r.code}-${r.flagId ?? ''}`}>{r.message}</li>)}
      {fold && (
        <li>
          <details>
            <summary>{t.gate.unscreened(unscreened.length)}</summary>
            <ul>
              {unscreened.map((r) => (
                <li key={`${r.code}-${r.flagId ?? ''}`}>{r.message}</li>
              ))}
            </ul>
          </details>
        </li>
      )}
      {others.map((r) => (
        <li key={`${r.code}-${r.flagId ?? ''}`}>{r.message}</li>
      ))}
    </ul>
  );
}

function SignedRecord({ room }: { room: Room & { state: VisitRoomState } }) {
  const { state } = room;
  const d = state.decision;
  return (
    <div className="signed-record" data-testid="signed-record">
      <h2>{t.signed.title}</h2>
      <p className="muted">{t.signed.locked}</p>
      {d && (
        <section aria-labelledby="decision-title" className="plan-section">
          <h3 id="decision-title">{t.escalation.title}</h3>
          <p data-testid="signed-decision">
            {t.signed.tier} <strong>{d.tier}</strong> — {tierName(d.tier)} · {t.signed.decidedBy(state.authors[d.decidedBy] ?? t.unknown, new Date(d.decidedAt).toLocaleString())}
          </p>
          {d.rationale && <p>{t.signed.rationale(d.rationale)}</p>}
          {d.familyTold && <p>{t.signed.familyTold(d.familyTold)}</p>}
        </section>
      )}
      <section aria-labelledby="findings-title" className="plan-section">
        <h3 id="findings-title">{t.signed.findings}</h3>
        {MANEUVERS.some((m) => state.observations[m.id]) ? (
          <ul className="findings">
            {MANEUVERS.filter((m) => state.observations[m.id]).map((m) => {
              const o = state.observations[m.id]!;
              const main = mainField(m);
              // The main finding under the movement's own name ("Heel walk: unable", not "Heel walk: Heel walk: unable").
              const parts = Object.entries(o.values)
                .filter(([k]) => k !== 'note' && k !== 'pain')
                .map(([k, v]) => {
                  const value = typeof v === 'string' ? valueLabel(v) : String(v);
                  return k === main?.id ? value : `${m.fields.find((f) => f.id === k)?.label ?? k}: ${value}`;
                });
              const pain = o.values.pain as { scale: string; score: number } | undefined;
              return (
                <li key={m.id}>
                  <strong>{m.title}</strong>
                  {isSkipped(m, o.values) ? ` ${t.signed.skipped}` : ''}: {parts.join('; ')}
                  {pain ? `; ${t.signed.pain(pain.score, pain.scale)}` : ''}
                  {typeof o.values.note === 'string' ? ` — ${o.values.note}` : ''}
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="empty" data-testid="findings-empty">
            {t.signed.noFindings}
          </p>
        )}
      </section>
      {/* Issue 16 item 7: earlier signed visits of the same patient beside this one. */}
      <SignedHistory state={state} />
      <PlanTab room={room} readOnly />
      <Addenda room={room} />
    </div>
  );
}
