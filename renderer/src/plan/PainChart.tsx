/** Pain scores across the patient's visits: one series per scale, never converted between scales. */
import { useEffect, useState } from 'react';
import type { PainPoint } from '../../../shared/domain/visit-room';
import { client } from '../api/client';

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
  if (!points) return <p className="muted">Loading pain history…</p>;
  if (points.length === 0) return <p className="muted">No pain scores recorded yet.</p>;

  const times = [...new Set(points.map((p) => p.at))].sort();
  const W = 400;
  const H = 180;
  const pad = { l: 30, r: 10, t: 10, b: 24 };
  const x = (at: string) => pad.l + (times.length === 1 ? (W - pad.l - pad.r) / 2 : (times.indexOf(at) / (times.length - 1)) * (W - pad.l - pad.r));
  const y = (score: number) => pad.t + (1 - score / 10) * (H - pad.t - pad.b);
  const scales = [...new Set(points.map((p) => p.scale))];
  const when = (at: string) => new Date(at).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

  return (
    <div className="pain-chart" role="group" aria-labelledby="pain-chart-caption">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="pain-chart-caption" data-testid="pain-chart">
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
        Pain scores across visits, each on its own scale (not converted):{' '}
        {scales.map((s) => (
          <span key={s} className={`legend ${SERIES_CLASS[s]}`}>
            {s}
          </span>
        ))}
      </p>
      <table className="pain-table">
        <caption className="visually-hidden">Pain scores across visits</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Scale</th>
            <th scope="col">Score</th>
            <th scope="col">From</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={`${p.visitId}-${p.source}-${p.at}`}>
              <td>{when(p.at)}</td>
              <td>{p.scale}</td>
              <td>{p.score}</td>
              <td>{p.source === 'intake' ? 'Family intake' : 'Checklist (highest)'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
