/**
 * One movement card (issue 17) as the family sees it: the picture, one
 * instruction in large type, and where to put the camera. The same component
 * draws the clinician's preview, so "what the family sees" is literally the
 * same rendering. The picture is built from validated primitives
 * (shared/signaling/movement.ts), never from markup.
 */
import type { FigurePart, MovementCard, PreparationCard } from '../../../shared/signaling/movement';
import type { Language } from '../../../shared/signaling/intake';
import type { FramingStatus } from '../../../shared/pose/framing';
import { framingWords } from '../pose/framing-words';
import { wordsFor } from '../../../shared/words';
import './movement-card.css';


function Part({ part }: { part: FigurePart }) {
  const className = `mc-${part.style ?? 'body'}`;
  if ('circle' in part) return <circle className={className} cx={part.circle[0]} cy={part.circle[1]} r={part.circle[2]} />;
  if ('rect' in part) return <rect className={className} x={part.rect[0]} y={part.rect[1]} width={part.rect[2]} height={part.rect[3]} rx={2} />;
  return <path className={className} d={part.path} />;
}

export function MovementCardView({
  card,
  lang,
  testId = 'movement-card',
  compact = false,
  framing = null,
}: {
  card: MovementCard | PreparationCard;
  lang: Language;
  testId?: string;
  compact?: boolean;
  /** The clinician's framing check for this card (issue 17), in words; null: none. */
  framing?: FramingStatus | null;
}) {
  const id = 'maneuverId' in card ? card.maneuverId : card.id;
  const t = wordsFor(lang).familyPage;
  return (
    <section className={`movement-card${compact ? ' movement-card-compact' : ''}`} data-testid={testId} data-card={id} lang={lang} aria-label={card.instruction[lang]}>
      <svg className="movement-figure" viewBox="0 0 120 160" role="img" aria-label={t.cardView[card.view]}>
        {card.figure.map((part, i) => (
          <Part key={i} part={part} />
        ))}
      </svg>
      <div className="movement-text">
        <p className="movement-instruction">{card.instruction[lang]}</p>
        <p className="movement-camera">
          <strong>{t.camera}:</strong> {card.camera[lang]}
        </p>
        {framing && (
          <p className={`movement-framing movement-framing-${framing === 'in-view' ? 'ok' : 'fix'}`} data-testid="card-framing" data-status={framing}>
            {framingWords(framing, card.view, lang)}
          </p>
        )}
      </div>
    </section>
  );
}
