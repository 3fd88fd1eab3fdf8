/** Bars per day, stacked by series, in plain SVG; each segment has a tooltip, the whole a text summary. */
import { niceTicks } from './scale.ts';

export interface Series {
  key: string;
  label: string;
  color: string;
}

const W = 720;
const H = 240;
const PAD = { top: 12, right: 8, bottom: 28, left: 36 };

export function StackedBarChart({ bars, series, summary }: { bars: { label: string; counts: Record<string, number> }[]; series: Series[]; summary: string }) {
  const totals = bars.map((b) => series.reduce((sum, s) => sum + (b.counts[s.key] ?? 0), 0));
  const ticks = niceTicks(Math.max(...totals, 0));
  const top = ticks[ticks.length - 1];
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, bars.length);
  const barW = Math.min(36, slot * 0.64);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const labelEvery = Math.ceil(bars.length / 10);

  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(tick)} y2={y(tick)} className="grid" />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" className="axis">
              {tick}
            </text>
          </g>
        ))}
        {bars.map((bar, i) => {
          const x = PAD.left + slot * i + (slot - barW) / 2;
          let base = 0;
          return (
            <g key={bar.label}>
              {series.map((s) => {
                const v = bar.counts[s.key] ?? 0;
                if (!v) return null;
                const rect = <rect key={s.key} x={x} y={y(base + v)} width={barW} height={y(base) - y(base + v)} fill={s.color} rx={2}>
                  <title>{`${bar.label} · ${s.label}: ${v}`}</title>
                </rect>;
                base += v;
                return rect;
              })}
              {i % labelEvery === 0 && (
                <text x={x + barW / 2} y={H - 8} textAnchor="middle" className="axis">
                  {bar.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        {series.map((s) => (
          <span key={s.key}>
            <i style={{ background: s.color }} aria-hidden="true" />
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
