import { wordsFor, type Language } from '../../../shared/words';
import { describeQuality, type QualitySummary } from './quality';

/** A dot and a word; the numbers are in the tooltip (hover) and for screen readers. */
export function QualityIndicator({ quality, lang = 'en' }: { quality: QualitySummary | null; lang?: Language }) {
  const level = quality?.level ?? 'none';
  const details = quality ? describeQuality(quality, lang) : '';
  const word = wordsFor(lang).familyPage.connection[level];
  return (
    <span
      className={`quality quality-${level}`}
      data-testid="quality"
      data-level={level}
      data-frames-decoded={quality?.framesDecoded ?? 0}
      title={details}
      tabIndex={0}
      aria-label={details ? `${word}. ${details}` : word}
    >
      <span className="quality-dot" aria-hidden="true" />
      {word}
    </span>
  );
}
