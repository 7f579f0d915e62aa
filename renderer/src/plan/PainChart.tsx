/** Pain scores across the patient's visits: one series per scale, never converted between scales. */
import { useEffect, useState } from 'react';
import type { PainPoint } from '../../../shared/domain/visit-room';
import { client } from '../api/client';
import { ColumnHeads } from '../app/ColumnHeads';
import { CONSOLE } from '../../../shared/words/console';

const t = CONSOLE.plan.painChart;

const SERIES_CLASS: Record<string, string> = { 'NRS-11': 'series-a', 'FPS-R': 'series-b', FLACC: 'series-c' };

export function PainChart({ patientId, refreshKey }: { patientId: string; refreshKey: number }) {
  const [points, setPoints] = useState<PainPoint[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    client.getPainHistory({ patientId }).then(
      (p) => live && setPoints(p),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [patientId, refreshKey]);

  if (error) return <p className="form-error">{error}</p>;
  if (!points) return <p className="muted">{t.loading}</p>;
  if (points.length === 0) return <p className="muted">{t.none}</p>;

  // Time runs to scale: a gap of months looks like one. Dates on the axis (the first, the last and a few between).
  const times = [...new Set(points.map((p) => p.at))].sort();
  const W = 440;
  const H = 210;
  const pad = { l: 44, r: 16, t: 10, b: 44 };
  const t0 = Date.parse(times[0]!);
  const t1 = Date.parse(times[times.length - 1]!);
  const x = (at: string) => pad.l + (t1 === t0 ? (W - pad.l - pad.r) / 2 : ((Date.parse(at) - t0) / (t1 - t0)) * (W - pad.l - pad.r));
  const y = (score: number) => pad.t + (1 - score / 10) * (H - pad.t - pad.b);
  const day = (at: string) => at.slice(0, 10);
  const days = [...new Set(times.map(day))];
  const step = Math.max(1, Math.ceil(days.length / 5));
  const ticks = days.filter((_, i) => i % step === 0 || i === days.length - 1).map((d) => times.find((at) => day(at) === d)!);
  const short = (at: string) => new Date(at).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
  const year = (at: string) => new Date(at).getFullYear();
  const scales = [...new Set(points.map((p) => p.scale))];
  const when = (at: string) => new Date(at).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

  return (
    <div className="pain-chart" role="group" aria-labelledby="pain-chart-caption">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="pain-chart-caption" data-testid="pain-chart">
        <g aria-hidden="true">
          <line x1={pad.l} x2={pad.l} y1={pad.t} y2={H - pad.b} className="axis-line" />
          <line x1={pad.l} x2={W - pad.r} y1={H - pad.b} y2={H - pad.b} className="axis-line" />
          <text x={12} y={(H - pad.b + pad.t) / 2} className="axis-title" transform={`rotate(-90 12 ${(H - pad.b + pad.t) / 2})`} textAnchor="middle">
            {t.axisScore}
          </text>
          {ticks.map((at, i) => (
            <g key={at} data-testid="pain-chart-date">
              <line x1={x(at)} x2={x(at)} y1={H - pad.b} y2={H - pad.b + 4} className="axis-line" />
              <text x={x(at)} y={H - pad.b + 16} textAnchor={ticks.length > 1 && i === ticks.length - 1 ? 'end' : ticks.length > 1 && i === 0 ? 'start' : 'middle'} className="axis-text">
                {short(at)}
                {i === 0 || i === ticks.length - 1 || year(at) !== year(ticks[i - 1]!) ? ` ${year(at)}` : ''}
              </text>
            </g>
          ))}
          <text x={(W + pad.l - pad.r) / 2} y={H - 6} textAnchor="middle" className="axis-title">
            {t.axisDate}
          </text>
        </g>
        {[0, 5, 10].map((v) => (
          <g key={v} aria-hidden="true">
            <line x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} className="grid-line" />
            <text x={pad.l - 6} y={y(v) + 4} textAnchor="end" className="axis-text">
              {v}
            </text>
          </g>
        ))}
        {scales.map((scale) => {
          const series = points.filter((p) => p.scale === scale).sort((a, b) => (a.at < b.at ? -1 : 1));
          return (
            <g key={scale} className={SERIES_CLASS[scale]} data-scale={scale}>
              <polyline fill="none" points={series.map((p) => `${x(p.at)},${y(p.score)}`).join(' ')} className="series-line" />
              {series.map((p) => (
                <circle key={`${p.visitId}-${p.source}-${p.at}`} cx={x(p.at)} cy={y(p.score)} r="4" className="series-point">
                  <title>{`${scale} ${p.score} (${p.source}, ${when(p.at)})`}</title>
                </circle>
              ))}
            </g>
          );
        })}
      </svg>
      <p id="pain-chart-caption" className="caption">
        {t.caption}{' '}
        {scales.map((s) => (
          <span key={s} className={`legend ${SERIES_CLASS[s]}`}>
            {s}
          </span>
        ))}
      </p>
      <table className="pain-table">
        <caption className="visually-hidden">{t.tableCaption}</caption>
        <ColumnHeads names={t.columns} />
        <tbody>
          {points.map((p) => (
            <tr key={`${p.visitId}-${p.source}-${p.at}`}>
              <td>{when(p.at)}</td>
              <td>{p.scale}</td>
              <td>{p.score}</td>
              <td>{p.source === 'intake' ? t.fromIntake : t.fromChecklist}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
