import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FamilyClientMessage, FAMILY_CLIENT_TYPES, PHASE_ALLOWS } from '../../../shared/signaling/family';
import { FamilyIntake } from '../../../shared/signaling/intake';
import { VideoEvent, videoChannelSchemas } from '../../../shared/signaling/clinician';
import { MAX_INTAKE_TEXT } from '../../../shared/signaling/limits';
import { channels, events } from '../../../shared/ipc/contract';

const intake = {
  symptoms: 'Pain',
  onsetDate: '',
  betterWorse: '',
  medicines: '',
  questions: '',
  warningSigns: { fever: 'no' },
};

describe('family signaling schemas', () => {
  it('accepts the documented messages and refuses unknown keys', () => {
    expect(FamilyClientMessage.safeParse({ type: 'hello', token: 'a'.repeat(43), lang: 'en' }).success).toBe(true);
    expect(FamilyClientMessage.safeParse({ type: 'hello', token: 'a'.repeat(43), lang: 'en', visitId: 'x' }).success).toBe(false);
    expect(FamilyClientMessage.safeParse({ type: 'hello', token: 'short', lang: 'en' }).success).toBe(false);
    expect(FamilyClientMessage.safeParse({ type: 'consent', id: 1, video: false, stills: true }).success).toBe(false);
  });

  it('every message type is allowed in some phase, and media only once admitted', () => {
    const allowed = new Set(Object.values(PHASE_ALLOWS).flat());
    expect(FAMILY_CLIENT_TYPES.every((t) => allowed.has(t))).toBe(true);
    for (const phase of ['new', 'lobby', 'waiting'] as const) {
      expect(PHASE_ALLOWS[phase]).not.toContain('produce');
      expect(PHASE_ALLOWS[phase]).not.toContain('consume');
    }
  });

  it('limits intake text and refuses an onset that is not a date', () => {
    expect(FamilyIntake.safeParse(intake).success).toBe(true);
    expect(FamilyIntake.safeParse({ ...intake, symptoms: 'x'.repeat(MAX_INTAKE_TEXT + 1) }).success).toBe(false);
    expect(FamilyIntake.safeParse({ ...intake, onsetDate: 'last week' }).success).toBe(false);
    expect(FamilyIntake.safeParse({ ...intake, warningSigns: { fever: 'maybe' } }).success).toBe(false);
    const many = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`q${i}`, 'no']));
    expect(FamilyIntake.safeParse({ ...intake, warningSigns: many }).success).toBe(false);
  });

  it('parsing arbitrary JSON never throws', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        FamilyClientMessage.safeParse(v);
        FamilyIntake.safeParse(v);
        VideoEvent.safeParse(v);
      }),
      { numRuns: 500 },
    );
  });
});

describe('clinician video contract', () => {
  it('declares every video schema as a channel with strict requests', () => {
    const names = Object.keys(channels).filter((c) => c.startsWith('video:') || c === 'visits:createJoinLink');
    expect(names).toHaveLength(Object.keys(videoChannelSchemas).length);
    expect(channels['video:admit'].request.safeParse({ visitId: '00000000-0000-4000-8000-000000000001', participantId: 'p-AAAAAAAAAAAAAAAA', x: 1 }).success).toBe(false);
    expect(events['video:event'].method).toBe('onVideoEvent');
  });
});
