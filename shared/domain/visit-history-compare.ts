/**
 * How a movement's finding changed between two visits, in words (issue 16,
 * item 7). Pure: the room and the side-by-side view both use it.
 *
 * The direction is deliberately simple and says so: the store's coarse
 * result (normal before abnormal) and the pain score on the same scale
 * (lower is better; scores on different scales are never compared or
 * converted). Anything else that differs (another abnormal finding, the side)
 * is "changed", with what changed in words. A skipped movement, or one the
 * child could not do, is "not comparable". This is a reading aid for the
 * clinician, not a validated measure of progress.
 */
import type { Maneuver, Observation } from '../clinical';
import { coarseFinding, findingSide, storedResultOf } from '../clinical/findings';
import type { HistoryFinding } from './visit-history';

export type FindingResult = HistoryFinding['result'];

/** What the comparison needs of a finding. */
export interface FindingSummary {
  result: FindingResult;
  /** The main finding's value (the maneuver's first required choice), or null. */
  main: string | null;
  side: string;
  painScore: number | null;
  painScale: string | null;
}

export type ChangeKind = 'new' | 'same' | 'better' | 'worse' | 'mixed' | 'changed' | 'not comparable' | 'not recorded';

export interface FindingChange {
  kind: ChangeKind;
  /** One short sentence: the kind in words, then what changed. */
  words: string;
}

function mainFieldId(m: Maneuver): string | null {
  const choices = m.fields.filter((f) => f.kind === 'choice');
  return (choices.find((f) => f.required) ?? choices[0])?.id ?? null;
}

/** The coarse result the store keeps for a maneuver's values (normal, abnormal, unable, not tested): the shared rule. */
export function coarseResult(m: Maneuver, values: Observation): FindingResult {
  return storedResultOf(coarseFinding(m, values));
}

function sideOf(m: Maneuver, values: Observation): string {
  return findingSide(m, values) ?? 'not_applicable';
}

/** Today's (unsigned) values, summarised the way the store summarises signed ones. */
export function summarizeValues(m: Maneuver, values: Observation): FindingSummary {
  const id = mainFieldId(m);
  const main = id && typeof values[id] === 'string' ? (values[id] as string) : null;
  const pain = values.pain as { scale: string; score: number } | undefined;
  return { result: coarseResult(m, values), main, side: sideOf(m, values), painScore: pain ? pain.score : null, painScale: pain ? pain.scale : null };
}

/** A stored finding, summarised. */
export function summarizeFinding(m: Maneuver, f: HistoryFinding): FindingSummary {
  const id = mainFieldId(m);
  const main = id && typeof f.values[id] === 'string' ? (f.values[id] as string) : null;
  return { result: f.result, main, side: f.side, painScore: f.painScore, painScale: f.painScale };
}

/** "not_assessed" → "not assessed". */
export function valueWords(v: string): string {
  return v.replace(/_/g, ' ');
}

const KIND_WORDS: Record<ChangeKind, string> = {
  new: 'New',
  same: 'Same',
  better: 'Better',
  worse: 'Worse',
  mixed: 'Mixed',
  changed: 'Changed',
  'not comparable': 'Not comparable',
  'not recorded': 'Not recorded yet',
};

export function kindWords(kind: ChangeKind): string {
  return KIND_WORDS[kind];
}

const sign = (n: number) => (n > 0 ? 1 : n < 0 ? -1 : 0);
const RANK: Partial<Record<FindingResult, number>> = { normal: 0, abnormal: 1 };

/** How `later` differs from `earlier` (either may be missing). */
export function compareFindings(earlier: FindingSummary | undefined, later: FindingSummary | undefined): FindingChange {
  if (!later) return { kind: 'not recorded', words: earlier ? 'Not recorded yet at this visit' : 'Not recorded at either visit' };
  if (!earlier) return { kind: 'new', words: 'New: not recorded at the earlier visit' };

  const details: string[] = [];
  if (earlier.main !== later.main) details.push(`finding ${valueWords(earlier.main ?? 'none')} → ${valueWords(later.main ?? 'none')}`);
  if (earlier.side !== later.side && earlier.side !== 'not_applicable' && later.side !== 'not_applicable') {
    details.push(`side ${valueWords(earlier.side)} → ${valueWords(later.side)}`);
  } else if (earlier.side !== later.side) {
    details.push(`side ${earlier.side === 'not_applicable' ? 'not given' : valueWords(earlier.side)} → ${later.side === 'not_applicable' ? 'not given' : valueWords(later.side)}`);
  }

  let painDir = 0;
  if (earlier.painScore !== null && later.painScore !== null) {
    if (earlier.painScale === later.painScale) {
      painDir = sign(later.painScore - earlier.painScore);
      if (painDir !== 0) details.push(`pain ${earlier.painScore} → ${later.painScore} (${later.painScale})`);
    } else {
      details.push(`pain ${earlier.painScore} (${earlier.painScale}) and ${later.painScore} (${later.painScale}) are on different scales, not compared`);
    }
  } else if (earlier.painScore !== later.painScore) {
    details.push(earlier.painScore === null ? `pain ${later.painScore} (${later.painScale}), none recorded before` : `pain not recorded (was ${earlier.painScore}, ${earlier.painScale})`);
  }

  const text = (kind: ChangeKind) => ({ kind, words: details.length ? `${KIND_WORDS[kind]}: ${details.join('; ')}` : KIND_WORDS[kind] });

  const er = RANK[earlier.result];
  const lr = RANK[later.result];
  if (er === undefined || lr === undefined) {
    if (earlier.result === later.result && details.length === 0) return text('same');
    return {
      kind: 'not comparable',
      words: `Not comparable: ${[earlier, later].map((f) => (f.result === 'not_tested' ? 'not assessed' : f.result === 'unable' ? 'could not be done' : valueWords(f.main ?? f.result))).join(' → ')}`,
    };
  }
  const resultDir = sign(lr - er);
  if (resultDir !== 0 && painDir !== 0 && resultDir !== painDir) return text('mixed');
  const dir = resultDir || painDir;
  if (dir < 0) return text('better');
  if (dir > 0) return text('worse');
  return details.length === 0 ? text('same') : text('changed');
}
