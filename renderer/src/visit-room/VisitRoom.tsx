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

/** The call does not re-render with every saved entry: it depends on the visit id only. */
const Video = memo(function Video({ visitId }: { visitId: string }) {
  return <VideoStage visitId={visitId} />;
});

type Tab = 'checklist' | 'plan' | 'intake';
const TABS: { id: Tab; label: string }[] = [
  { id: 'checklist', label: 'Checklist' },
  { id: 'plan', label: 'Plan' },
  { id: 'intake', label: "Family's answers" },
];

export function VisitRoom({ visitId }: { visitId: string }) {
  const room = useVisitRoom(visitId);
  if (!room.state) {
    return (
      <main className="app-main">
        <p>
          <a href={HOME_HREF}>← Visits</a>
        </p>
        {room.loadError ? (
          <p role="alert" className="form-error">
            {room.loadError}
          </p>
        ) : (
          <p role="status">Opening the visit…</p>
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
    announce(next === 'focus' ? 'Focus layout: the video large, the checklist beside it.' : 'Split layout: video, working pane and red flags side by side.'),
  );

  async function sign() {
    setSigning(true);
    const result = await room.write(() => client.signVisit({ visitId: state.visit.id }));
    setSigning(false);
    if (result.ok) {
      setSignError([]);
      announce('Visit signed and locked. Only addenda can be added now.');
    } else {
      setSignError(result.error.fields.length ? result.error.fields.map((f) => f.message) : [result.error.message]);
    }
  }

  // W admit, D decision, ? keys (issue 16 item 8); the dialog returns focus to "Record decision…", one Tab before Sign.
  useRoomKeys(!signed && !session.locked, {
    admit: () => {
      const n = admitWaiting();
      if (n === 0) announce('No one is waiting.');
      else if (n > 1) announce(`${n} are waiting: Enter admits the one in focus, Tab moves to the next.`);
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
    const i = TABS.findIndex((t) => t.id === tab);
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
    setTab(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };

  return (
    <div className="room" data-testid="visit-room" data-status={state.visit.status} data-layout={signed ? 'signed' : layout}>
      <section className="room-header" aria-label="Patient and visit">
        <a href={HOME_HREF} className="back-link">
          ← Visits
        </a>
        <h2 className="room-patient" data-testid="patient-name">
          {p.childName}
        </h2>
        <span className="room-facts">
          {state.age.years} y {state.age.months} m · {p.weightKg} kg · {p.sex}
        </span>
        <span className={`badge status-${state.visit.status}`} data-testid="visit-status">
          {STATUS_LABEL[state.visit.status]}
        </span>
        {p.isDemo && <span className="badge badge-demo">DEMO</span>}
        <span className="badge badge-warning">Not yet clinically reviewed</span>
        <div className="room-gate">
          {!signed && (
            <>
              <button
                type="button"
                className="button-secondary"
                aria-keyshortcuts="V"
                data-testid="layout-toggle"
                onClick={toggleLayout}
                title="Switch between the focus layout (video large) and the split layout (key V)"
              >
                {layout === 'focus' ? 'Split layout' : 'Focus layout'} <kbd aria-hidden="true">V</kbd>
              </button>
              <button
                type="button"
                className="button-secondary"
                title="Keys in the room (key ?)"
                aria-keyshortcuts="?"
                data-testid="keys-help-open"
                onClick={() => setKeysOpen(true)}
              >
                Keys <kbd aria-hidden="true">?</kbd>
              </button>
              <button type="button" className="button-secondary" ref={decisionButton} aria-keyshortcuts="D" onClick={() => setDeciding(true)}>
                {state.decision ? `Decision: tier ${state.decision.tier} (change)` : 'Record decision…'} <kbd aria-hidden="true">D</kbd>
              </button>
              <button
                type="button"
                className="button-sign"
                disabled={!state.gate.canClose || signing}
                aria-describedby="gate-reasons"
                onClick={() => void sign()}
              >
                Sign and close
              </button>
              <StepsLeft reasons={state.gate.reasons} canClose={state.gate.canClose} />
            </>
          )}
          <ExportPanel visitId={state.visit.id} signed={signed} />
          {signed && <VisitDelivery visitId={state.visit.id} />}
          {signed && (
            <span className="signed-note" data-testid="signed-note">
              Signed {state.visit.signedAt ? new Date(state.visit.signedAt).toLocaleString() : ''} by{' '}
              {state.visit.signedBy ? (state.authors[state.visit.signedBy] ?? 'unknown') : 'unknown'} · locked
            </span>
          )}
        </div>
      </section>
      {!signed && signError.length > 0 && (
        <div role="alert" className="form-error sign-error">
          The visit was not signed: {signError.join(' ')}
        </div>
      )}
      {state.dataNotes.length > 0 && (
        <div className="data-notes notice-warning" data-testid="data-notes">
          <p className="gate-title">Stored values the rules could not use (treated as not given; the family's answers can be corrected in Family's answers):</p>
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
              Video visit
            </h2>
            <Video visitId={state.visit.id} />
          </section>
        )}
        <main className="room-work" aria-label="Working pane">
          {signed ? (
            <SignedRecord room={room} />
          ) : (
            <>
              {/* The call check is a form: it sits at the top of the working pane, so the child's video keeps the whole column (issue 16 item 1). */}
              <CallCheck room={room} />
              <div role="tablist" aria-label="Working pane" className="tabs" onKeyDown={onTabKey}>
                {TABS.map((t) => (
                  <button
                    key={t.id}
                    id={`tab-${t.id}`}
                    type="button"
                    role="tab"
                    aria-selected={tab === t.id}
                    aria-controls={`panel-${t.id}`}
                    tabIndex={tab === t.id ? 0 : -1}
                    className="tab"
                    onClick={() => setTab(t.id)}
                  >
                    {t.label}
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
                <h2>Family&apos;s pre-visit answers</h2>
                {correcting ? (
                  <CorrectIntake room={room} onDone={() => setCorrecting(false)} />
                ) : (
                  <>
                    <IntakeSummary intake={state.intake} />
                    <button type="button" className="button-secondary" onClick={() => setCorrecting(true)} data-testid="correct-intake-open">
                      {state.intake ? 'Correct the answers…' : 'Enter the answers…'}
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
        <span className="gate-ok">Ready to sign.</span>
      ) : (
        <details className="steps-left-details">
          <summary data-testid="steps-left">
            {n} {n === 1 ? 'step' : 'steps'} left
          </summary>
          <div className="steps-left-body">
            <p className="gate-title">Before signing:</p>
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
            <summary>{unscreened.length} red flags have not been screened: ask or observe, then mark each present, absent or could not assess.</summary>
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
      <h2>Signed record (read-only)</h2>
      <p className="muted">This visit is signed and locked. Corrections and late information go in an addendum.</p>
      {d && (
        <section aria-labelledby="decision-title" className="plan-section">
          <h3 id="decision-title">Escalation decision</h3>
          <p data-testid="signed-decision">
            Tier <strong>{d.tier}</strong> — {tierName(d.tier)} · by {state.authors[d.decidedBy] ?? 'unknown'}, {new Date(d.decidedAt).toLocaleString()}
          </p>
          {d.rationale && <p>Rationale: {d.rationale}</p>}
          {d.familyTold && <p>The family was told: {d.familyTold}</p>}
        </section>
      )}
      <section aria-labelledby="findings-title" className="plan-section">
        <h3 id="findings-title">Findings</h3>
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
                  {isSkipped(m, o.values) ? ' (skipped)' : ''}: {parts.join('; ')}
                  {pain ? `; pain ${pain.score} (${pain.scale})` : ''}
                  {typeof o.values.note === 'string' ? ` — ${o.values.note}` : ''}
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="empty" data-testid="findings-empty">
            No movement was examined in this visit.
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
