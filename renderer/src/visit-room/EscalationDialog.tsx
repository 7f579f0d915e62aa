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

/** The hint when a rationale is required for `tier` (the shared rule, shared/clinical/gate.ts), or null. */
export function rationaleRequired(state: VisitRoomState, tier: TierId): string | null {
  switch (rationaleNeed(state.minimumTier, tier, decisionRequired(state.flags))) {
    case 'below_minimum':
      return `Tier ${tier} is less urgent than the minimum tier ${state.minimumTier} the flags demand: write why.`;
    case 'home_care':
      return 'Home care while a flag is present or could not be assessed: write why.';
    default:
      return null;
  }
}

export function EscalationDialog({ room, onClose }: { room: VisitRoom & { state: VisitRoomState }; onClose: () => void }) {
  const { state } = room;
  const lang = state.intake?.language === 'es' ? 'es' : 'en';
  const initialTier = state.decision?.tier ?? state.minimumTier;
  const script = (t: TierId) => TIERS.find((x) => x.id === t)!.familyScript[lang];
  const [tier, setTier] = useState<TierId>(initialTier);
  const [rationale, setRationale] = useState(state.decision?.rationale ?? '');
  const [told, setTold] = useState(state.decision?.familyTold ?? script(initialTier));
  const [toldEdited, setToldEdited] = useState(!!state.decision?.familyTold);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);
  const announce = useAnnounce();
  const needsRationale = rationaleRequired(state, tier);

  function choose(t: TierId) {
    setTier(t);
    if (!toldEdited) setTold(script(t));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (needsRationale && !rationale.trim()) next.rationale = needsRationale;
    if (!told.trim()) next.familyTold = 'Say what the family was told.';
    setErrors(next);
    if (Object.keys(next).length > 0) {
      announce('Please correct the highlighted fields.');
      return;
    }
    setBusy(true);
    const result = await room.write(() =>
      client.decideEscalation({ visitId: state.visit.id, tier, familyTold: told.trim(), ...(rationale.trim() ? { rationale: rationale.trim() } : {}) }),
    );
    setBusy(false);
    if (result.ok) {
      announce(`Decision recorded: tier ${tier}.`);
      onClose();
    } else {
      setErrors(Object.fromEntries(result.error.fields.map((f) => [f.path, f.message])));
      setFormError(result.error.message);
    }
  }

  return (
    <Dialog title="Escalation decision" labelId="escalation-title" onClose={onClose}>
      <form className="form escalation-form" onSubmit={submit} noValidate data-testid="escalation-dialog">
        <p>
          The flags demand at least tier <strong>{state.minimumTier}</strong> ({TIERS.find((t) => t.id === state.minimumTier)?.name}).
        </p>
        <fieldset className="tier-choices" aria-describedby="tier-keys">
          <legend>Tier</legend>
          <p id="tier-keys" className="muted">
            <kbd>↑</kbd>
            <kbd>↓</kbd> choose a tier · <kbd>Enter</kbd> records the decision
          </p>
          {TIERS.map((t) => (
            <label key={t.id} className={`tier-choice${tier === t.id ? ' tier-choice-on' : ''}`}>
              <input type="radio" name="tier" value={t.id} checked={tier === t.id} onChange={() => choose(t.id)} data-autofocus={t.id === initialTier ? true : undefined} />
              <span className={`tier tier-${t.id}`} aria-hidden="true">
                {t.id}
              </span>
              <span>
                <strong>{t.name}</strong>
                {t.id === state.minimumTier ? ' (minimum)' : ''} <span className="muted">{t.meaning}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <Field id="rationale" label={`Rationale${needsRationale ? ' (required)' : ' (optional)'}`} error={errors.rationale} {...(needsRationale && !errors.rationale ? { hint: needsRationale } : {})}>
          <textarea {...fieldAria('rationale', errors.rationale)} rows={3} maxLength={4000} value={rationale} onChange={(e) => setRationale(e.target.value)} />
        </Field>
        <Field id="familyTold" label={`What the family was told (${lang === 'es' ? 'Spanish' : 'English'})`} error={errors.familyTold}>
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
            Record decision
          </button>
          <button type="button" className="button-quiet" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
