/**
 * The escalation rules and the close gate (clinical-sources.md: "Any present
 * or unassessable red flag requires a tier A-D decision, or tier E with a
 * written clinical rationale").
 */
import { clinicalContent, type ClinicalContent } from './content';
import type { FlagStatus } from './red-flags';
import { TIER_IDS, type TierId } from './schema';
import type { EscalationDecision } from './visit-input';

/** True when tier `a` is more urgent than tier `b` (A is the most urgent). */
export function isMoreUrgent(a: TierId, b: TierId): boolean {
  return TIER_IDS.indexOf(a) < TIER_IDS.indexOf(b);
}

/**
 * The most urgent tier any present flag demands; E (home care with a safety
 * net) when none is present. Flags that could not be assessed do not raise
 * the minimum, because the source lets the clinician pick any tier A-D for
 * them; they do make a decision other than unexplained home care necessary
 * (see {@link evaluateGate}).
 */
export function minimumTier(flags: readonly FlagStatus[]): TierId {
  let min: TierId = 'E';
  for (const f of flags) if (f.state === 'present' && isMoreUrgent(f.tier, min)) min = f.tier;
  return min;
}

/** True when any flag is present or could not be assessed: the visit needs an escalation decision. */
export function decisionRequired(flags: readonly { state: FlagStatus['state'] }[]): boolean {
  return flags.some((f) => f.state === 'present' || f.state === 'could_not_assess');
}

/**
 * Why a decision at `tier` needs a written clinical rationale, or null:
 * `below_minimum` when it is less urgent than the minimum tier the flags
 * demand; `home_care` when it is home care (E) while a decision is required.
 * The escalation dialog, the close gate, the demo data and the SQL guard
 * (migration 0018) all follow this one rule.
 */
export function rationaleNeed(minimum: TierId, tier: TierId, required: boolean): 'below_minimum' | 'home_care' | null {
  if (isMoreUrgent(minimum, tier)) return 'below_minimum';
  if (tier === 'E' && required) return 'home_care';
  return null;
}

/** Why a visit cannot be closed yet. `code` is stable for programs; `message` is for the clinician. */
export interface BlockingReason {
  code:
    | 'flag_not_screened'
    | 'family_absence_unconfirmed'
    | 'movements_not_examined'
    | 'absent_overrides_finding_without_note'
    | 'decision_missing'
    | 'rationale_required_below_minimum'
    | 'rationale_required_for_home_care'
    | 'call_check_missing';
  message: string;
  /** Set when the reason concerns one flag. */
  flagId?: string;
}

/** The gate's verdict. */
export interface GateResult {
  canClose: boolean;
  minimumTier: TierId;
  /** True when any flag is present or could not be assessed. */
  decisionRequired: boolean;
  blockingReasons: BlockingReason[];
}

function tierName(tier: TierId, content: ClinicalContent): string {
  const t = content.escalationTiers.tiers.find((x) => x.id === tier);
  return t ? `tier ${tier} (${t.name.toLowerCase()})` : `tier ${tier}`;
}

function list(labels: string[]): string {
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/**
 * Every reason the visit cannot be closed, in words a clinician understands:
 * - each flag still `not_screened` (every flag needs present, absent or could
 *   not assess, from the family, an observation, a rule or the clinician);
 * - flags absent only by the family's "no" that the clinician has not gone
 *   over with them (confirmed as a group or one by one);
 * - a flag the rules found present, marked absent by the clinician without a note;
 * - no escalation decision;
 * - a decision less urgent than the minimum tier, without a written rationale;
 * - home care (E) while a flag is present or could not be assessed, without a written rationale.
 */
export function evaluateGate(
  flags: readonly FlagStatus[],
  decision: EscalationDecision | null | undefined,
  content: ClinicalContent = clinicalContent,
  call: CallContext = {},
): GateResult {
  const reasons: BlockingReason[] = [];
  for (const f of flags) {
    if (f.state === 'not_screened') {
      reasons.push({
        code: 'flag_not_screened',
        flagId: f.id,
        message: `"${f.label}" has not been screened: ask or observe, then mark it present, absent or could not assess.`,
      });
    }
    if (f.derivedState === 'present' && f.state === 'absent' && f.source === 'clinician' && !f.clinicianNote) {
      reasons.push({
        code: 'absent_overrides_finding_without_note',
        flagId: f.id,
        message: `"${f.label}" was raised (${f.evidence[0] ?? 'by the rules'}) but marked absent: add a note saying why.`,
      });
    }
  }

  // The family's "no" on the form is not the clinician's "absent" (issue 13): one reason for the group.
  const unconfirmed = flags.filter((f) => f.familyAbsence === 'unconfirmed');
  if (unconfirmed.length > 0) {
    reasons.push({
      code: 'family_absence_unconfirmed',
      message:
        `${unconfirmed.length === 1 ? '1 flag is' : `${unconfirmed.length} flags are`} absent only by the family's answers, not confirmed: ` +
        `${list(unconfirmed.map((f) => `"${f.label}"`))}. Go over the family's answers with them, then confirm them all at once or flag by flag.`,
    });
  }

  const min = minimumTier(flags);
  const present = flags.filter((f) => f.state === 'present');
  const unassessable = flags.filter((f) => f.state === 'could_not_assess');
  const required = decisionRequired(flags);
  const need = decision && !decision.rationale?.trim() ? rationaleNeed(min, decision.tier, required) : null;

  if (!decision) {
    reasons.push({
      code: 'decision_missing',
      message: required
        ? `Record an escalation decision: the red flags demand at least ${tierName(min, content)}.`
        : 'Record an escalation decision (tier A to E).',
    });
  } else if (need === 'below_minimum') {
    const demanding = present.filter((f) => f.tier === min).map((f) => `"${f.label}"`);
    reasons.push({
      code: 'rationale_required_below_minimum',
      message:
        `${tierName(decision.tier, content)} is less urgent than ${tierName(min, content)}, which ${list(demanding)} ` +
        `demand${demanding.length === 1 ? 's' : ''}: write a clinical rationale, or choose tier ${min} or more urgent.`,
    });
  } else if (need === 'home_care') {
    const labels = unassessable.map((f) => `"${f.label}"`);
    reasons.push({
      code: 'rationale_required_for_home_care',
      message:
        `Home care (tier E) was chosen although ${list(labels)} could not be assessed: ` +
        'write a clinical rationale, or choose tier A to D.',
    });
  }

  const callReason = callCheckReason(decision, call, content);
  if (callReason) reasons.push(callReason);

  return { canClose: reasons.length === 0, minimumTier: min, decisionRequired: required, blockingReasons: reasons };
}

/**
 * Tiers whose decision sends the family somewhere now or today (A: emergency
 * now, B: same-day in person): signing one needs the child's location and a
 * call-back number confirmed on the call (issue 16), so the clinician can
 * send help to the right place and reach the family if the call drops.
 */
export const CALL_CHECK_TIERS: readonly TierId[] = ['A', 'B'];

/** What the gate knows about the call. `callCheckRecorded` undefined = not judged (a snapshot from the CLI has no call). */
export interface CallContext {
  callCheckRecorded?: boolean;
}

/** The call-check reason, or null: a tier A or B decision without the child's location and a call-back number. */
export function callCheckReason(
  decision: EscalationDecision | null | undefined,
  call: CallContext,
  content: ClinicalContent = clinicalContent,
): BlockingReason | null {
  if (!decision || call.callCheckRecorded !== false || !CALL_CHECK_TIERS.includes(decision.tier)) return null;
  return {
    code: 'call_check_missing',
    message:
      `${tierName(decision.tier, content)} sends the family on now: confirm where the child is and a call-back number ` +
      '(the Call check under the video) before signing.',
  };
}

/**
 * The not-examined reason, or null: movements of the checklist with no entry
 * at all (neither examined nor skipped with a reason). The SQL guard checks
 * the same (migration 0018).
 */
export function notExaminedReason(notExamined: readonly { title: string }[]): BlockingReason | null {
  if (notExamined.length === 0) return null;
  return {
    code: 'movements_not_examined',
    message:
      `${notExamined.length === 1 ? '1 movement was' : `${notExamined.length} movements were`} never examined: ` +
      `${notExamined.map((m) => m.title).join(', ')}. Examine ${notExamined.length === 1 ? 'it' : 'them'}, or skip with a reason ` +
      '(the note lists them as not examined).',
  };
}
