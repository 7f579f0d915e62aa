/**
 * Movement cards (issue 17): what the family's screen shows while the
 * clinician examines one movement. The cards are data
 * (resources/movement-cards/cards.json): a picture drawn for the project as a
 * few SVG primitives (never markup, so nothing from the file is ever
 * injected as HTML), one short instruction per language and where to put
 * the camera. Only the card's id travels over the wire; both pages bundle
 * the same file, so the family sees exactly what the clinician previews.
 */
import { z } from 'zod';
import cardsJson from '../../resources/movement-cards/cards.json' with { type: 'json' };

/** A maneuver id from resources/clinical/maneuvers.json: short, lower-case, hyphenated. */
export const MovementCardId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(48);
export type MovementCardId = z.infer<typeof MovementCardId>;

const Coord = z.number().min(0).max(160);
const Style = z.enum(['body', 'ground', 'arrow', 'spine', 'touch', 'adult', 'phone']);
/** A path's `d` uses only absolute moves, lines and quadratic curves with numbers: nothing else can hide in it. */
const PathData = z.string().max(400).regex(/^(?:[MLQ]\s?[0-9.]+(?:[ ,][0-9.]+)*\s*)+$/);
export const FigurePart = z.union([
  z.strictObject({ circle: z.tuple([Coord, Coord, z.number().min(1).max(40)]), style: Style.optional() }),
  z.strictObject({ path: PathData, style: Style.optional() }),
  z.strictObject({ rect: z.tuple([Coord, Coord, Coord, Coord]), style: Style.optional() }),
]);
export type FigurePart = z.infer<typeof FigurePart>;

const Text = z.strictObject({ en: z.string().min(1).max(140), es: z.string().min(1).max(160) });
const CardBody = {
  /** Which way the child faces the camera, as the movement needs. */
  view: z.enum(['front', 'back', 'side']),
  figure: z.array(FigurePart).min(1).max(24),
  instruction: Text,
  camera: Text,
};
export const MovementCard = z.strictObject({ maneuverId: MovementCardId, ...CardBody });
export type MovementCard = z.infer<typeof MovementCard>;
export const PreparationCard = z.strictObject({ id: z.literal('prepare'), ...CardBody });
export type PreparationCard = z.infer<typeof PreparationCard>;

export const MovementCardsFile = z
  .strictObject({
    version: z.string().max(40),
    note: z.string().max(400),
    preparation: PreparationCard,
    cards: z.array(MovementCard).min(1).max(64),
  })
  .refine((f) => new Set(f.cards.map((c) => c.maneuverId)).size === f.cards.length, 'Each maneuver has one card.');
export type MovementCardsFile = z.infer<typeof MovementCardsFile>;

/** Parsed once at load: a malformed file fails loudly at start, not mid-visit. */
export const MOVEMENT_CARDS: MovementCardsFile = MovementCardsFile.parse(cardsJson);
const BY_ID = new Map(MOVEMENT_CARDS.cards.map((c) => [c.maneuverId, c]));

export function movementCard(id: string): MovementCard | undefined {
  return BY_ID.get(id);
}
