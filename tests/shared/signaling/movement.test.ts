/**
 * Movement cards (issue 17) as data: one card per examined maneuver, in both
 * languages, and a schema that keeps anything but drawing primitives out.
 */
import { describe, expect, it } from 'vitest';
import maneuvers from '../../../resources/clinical/maneuvers.json' with { type: 'json' };
import cardsJson from '../../../resources/movement-cards/cards.json' with { type: 'json' };
import { FamilyServerMessage } from '../../../shared/signaling/family';
import { videoChannelSchemas } from '../../../shared/signaling/clinician';
import { MOVEMENT_CARDS, MovementCardsFile, movementCard } from '../../../shared/signaling/movement';

describe('movement cards', () => {
  it('has exactly one card for every maneuver of the clinical checklist, with both languages and a camera placement', () => {
    const ids = (maneuvers as { maneuvers: { id: string }[] }).maneuvers.map((m) => m.id).sort();
    expect(MOVEMENT_CARDS.cards.map((c) => c.maneuverId).sort()).toEqual(ids);
    for (const card of MOVEMENT_CARDS.cards) {
      expect(card.instruction.en).not.toBe(card.instruction.es);
      expect(card.camera.en.length).toBeGreaterThan(10);
      expect(card.figure.some((p) => 'circle' in p)).toBe(true);
    }
    expect(MOVEMENT_CARDS.preparation.camera.en).toMatch(/hip height/);
    expect(MOVEMENT_CARDS.preparation.instruction.en).toMatch(/shorts.*chair.*wall/);
  });

  it('pairs movements with the view they need (side-on bends, back to the camera for the forward-bend test)', () => {
    expect(movementCard('lumbar-flexion')?.view).toBe('side');
    expect(movementCard('adams-forward-bend')?.view).toBe('back');
    expect(movementCard('side-bend-left')?.view).toBe('front');
    expect(movementCard('no-such-move')).toBeUndefined();
  });

  it('refuses a card file that carries markup or script in a picture, or two cards for one maneuver', () => {
    const file = structuredClone(cardsJson) as { cards: { maneuverId: string; figure: unknown[] }[] };
    const injected = structuredClone(file);
    injected.cards[0]!.figure[0] = { path: 'M0 0"/><script>alert(1)</script>' };
    expect(MovementCardsFile.safeParse(injected).success).toBe(false);
    const dup = structuredClone(file);
    dup.cards[1]!.maneuverId = dup.cards[0]!.maneuverId;
    expect(MovementCardsFile.safeParse(dup).success).toBe(false);
    expect(MovementCardsFile.safeParse(file).success).toBe(true);
  });

  it('bounds the wire messages: a card id, or null to hide', () => {
    expect(FamilyServerMessage.safeParse({ type: 'movementCard', maneuverId: 'gait' }).success).toBe(true);
    expect(FamilyServerMessage.safeParse({ type: 'movementCard', maneuverId: null }).success).toBe(true);
    expect(FamilyServerMessage.safeParse({ type: 'movementCard', maneuverId: '<img>' }).success).toBe(false);
    expect(FamilyServerMessage.safeParse({ type: 'movementCard', maneuverId: 'a'.repeat(49) }).success).toBe(false);
    const req = videoChannelSchemas.showMovement.request;
    const VISIT = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(req.safeParse({ visitId: '01J0000000000000000000000A', maneuverId: 'gait', extra: 1 }).success).toBe(false);
    // The framing check's status (issue 17): one of five words, on both ends; nothing else rides along.
    expect(req.safeParse({ visitId: VISIT, maneuverId: 'gait', framing: 'step-back' }).success).toBe(true);
    expect(req.safeParse({ visitId: VISIT, maneuverId: 'gait', framing: 'looks fine' }).success).toBe(false);
    expect(req.safeParse({ visitId: VISIT, maneuverId: 'gait', framing: 'in-view', landmarks: [] }).success).toBe(false);
    expect(FamilyServerMessage.safeParse({ type: 'movementCard', maneuverId: 'gait', framing: 'in-view' }).success).toBe(true);
    expect(FamilyServerMessage.safeParse({ type: 'movementCard', maneuverId: 'gait', framing: null }).success).toBe(true);
    expect(FamilyServerMessage.safeParse({ type: 'movementCard', maneuverId: 'gait', framing: '<b>ok</b>' }).success).toBe(false);
  });
});
