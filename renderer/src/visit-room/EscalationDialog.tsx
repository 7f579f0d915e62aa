/**
 * The escalation decision: tier A-E (the minimum tier preselected), the
 * rationale (required below the minimum tier, and for home care while any
 * flag is present or could not be assessed), and what the family was told,
 * prefilled from the tier's script in the family's language and editable.
 * The same rules are checked again by the main process and the store.
 */
import { useState, type FormEvent } from 'react';
import { decisionRequired, rationaleNeed, type TierId } from '../../../shared/clinical';
import type { VisitRoomState } from '../../../shared/domain/visit-room';
import { client } from '../api/client';
import { Dialog } from '../app/Dialog';
import { useAnnounce } from '../app/announce';
import { TIERS } from '../red-flags/labels';
import type { VisitRoom } from './useVisitRoom';
import { Field, fieldAria, FormError } from '../app/Field';
import { CONSOLE } from '../../../shared/words/console';

const t = CONSOLE.visitRoom;

/** The hint when a rationale is required for `tier` (the shared rule, shared/clinical/gate.ts), or null. */
export function rationaleRequired(state: VisitRoomState, tier: TierId): string | null {
  switch (rationaleNeed(state.minimumTier, tier, decisionRequired(state.flags))) {
    case 'below_minimum':
      return t.escalation.belowMinimum(tier, state.minimumTier);
    case 'home_care':
      return t.escalation.homeCare;
    default:
      return null;
  }
}

export function EscalationDialog({ room, onClose }: { room: VisitRoom & { state: VisitRoomState }; onClose: () => void }) {
  const { state } = room;
  const lang = state.intake?.language === 'es' ? 'es' : 'en';
  const initialTier = state.decision?.tier ?? state.minimumTier;
  const script = (id: TierId) => TIERS.find((x) => x.id === id)!.familyScript[lang];
  const [tier, setTier] = useState<TierId>(initialTier);
  const [rationale, setRationale] = useState(state.decision?.rationale ?? '');
  const [told, setTold] = useState(state.decision?.familyTold ?? script(initialTier));
  const [toldEdited, setToldEdited] = useState(!!state.decision?.familyTold);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);
  const announce = useAnnounce();
  const needsRationale = rationaleRequired(state, tier);

  function choose(id: TierId) {
    setTier(id);
    if (!toldEdited) setTold(script(id));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (needsRationale && !rationale.trim()) next.rationale = needsRationale;
    if (!told.trim()) next.familyTold = t.escalation.toldMissing;
    setErrors(next);
    if (Object.keys(next).length > 0) {
      announce(t.escalation.correctFields);
      return;
    }
    setBusy(true);
    const result = await room.write(() =>
      client.decideEscalation({ visitId: state.visit.id, tier, familyTold: told.trim(), ...(rationale.trim() ? { rationale: rationale.trim() } : {}) }),
    );
    setBusy(false);
    if (result.ok) {
      announce(t.escalation.recorded(tier));
      onClose();
    } else {
      setErrors(Object.fromEntries(result.error.fields.map((f) => [f.path, f.message])));
      setFormError(result.error.message);
    }
  }

  return (
    <Dialog title={t.escalation.title} labelId="escalation-title" onClose={onClose}>
      <form className="form escalation-form" onSubmit={submit} noValidate data-testid="escalation-dialog">
        <p>
          {t.escalation.demands} <strong>{state.minimumTier}</strong> ({TIERS.find((x) => x.id === state.minimumTier)?.name}).
        </p>
        <fieldset className="tier-choices" aria-describedby="tier-keys">
          <legend>{t.escalation.tier}</legend>
          <p id="tier-keys" className="muted">
            <kbd>↑</kbd>
            <kbd>↓</kbd> {t.escalation.chooseTier} · <kbd>{t.escalation.enter}</kbd> {t.escalation.enterRecords}
          </p>
          {TIERS.map((x) => (
            <label key={x.id} className={`tier-choice${tier === x.id ? ' tier-choice-on' : ''}`}>
              <input type="radio" name="tier" value={x.id} checked={tier === x.id} onChange={() => choose(x.id)} data-autofocus={x.id === initialTier ? true : undefined} />
              <span className={`tier tier-${x.id}`} aria-hidden="true">
                {x.id}
              </span>
              <span>
                <strong>{x.name}</strong>
                {x.id === state.minimumTier ? ` ${t.escalation.minimum}` : ''} <span className="muted">{x.meaning}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <Field id="rationale" label={needsRationale ? t.escalation.rationaleRequired : t.escalation.rationaleOptional} error={errors.rationale} {...(needsRationale && !errors.rationale ? { hint: needsRationale } : {})}>
          <textarea {...fieldAria('rationale', errors.rationale)} rows={3} maxLength={4000} value={rationale} onChange={(e) => setRationale(e.target.value)} />
        </Field>
        <Field id="familyTold" label={t.escalation.familyTold[lang]} error={errors.familyTold}>
          <textarea
            {...fieldAria('familyTold', errors.familyTold)}
            rows={4}
            maxLength={4000}
            lang={lang}
            value={told}
            onChange={(e) => {
              setTold(e.target.value);
              setToldEdited(true);
            }}
          />
        </Field>
        <FormError message={formError} />
        <div className="row">
          <button type="submit" disabled={busy}>
            {t.escalation.record}
          </button>
          <button type="button" className="button-quiet" onClick={onClose}>
            {CONSOLE.common.cancel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
