import { describeQuality, type QualitySummary } from './quality';

const LABEL = {
  en: { good: 'Good connection', fair: 'Fair connection', poor: 'Poor connection', none: 'Connecting…' },
  es: { good: 'Buena conexión', fair: 'Conexión regular', poor: 'Conexión débil', none: 'Conectando…' },
};

/** A dot and a word; the numbers are in the tooltip (hover) and for screen readers. */
export function QualityIndicator({ quality, lang = 'en' }: { quality: QualitySummary | null; lang?: 'en' | 'es' }) {
  const level = quality?.level ?? 'none';
  const details = quality ? describeQuality(quality, lang) : '';
  return (
    <span
      className={`quality quality-${level}`}
      data-testid="quality"
      data-level={level}
      data-frames-decoded={quality?.framesDecoded ?? 0}
      title={details}
      tabIndex={0}
      aria-label={details ? `${LABEL[lang][level]}. ${details}` : LABEL[lang][level]}
    >
      <span className="quality-dot" aria-hidden="true" />
      {LABEL[lang][level]}
    </span>
  );
}
