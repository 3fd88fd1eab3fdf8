/** One labelled horizontal bar per row, longest first, in plain SVG. */
const W = 720;
const ROW = 30;
const LABEL_W = 300;
const VALUE_W = 48;

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

export function HorizontalBarChart({ rows, color, summary }: { rows: { key: string; label: string; value: number }[]; color: string; summary: string }) {
  const max = Math.max(...rows.map((r) => r.value), 1);
  const barMax = W - LABEL_W - VALUE_W;
  const H = rows.length * ROW + 4;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
        {rows.map((row, i) => {
          const y = i * ROW + 4;
          const w = Math.max(2, (row.value / max) * barMax);
          return (
            <g key={row.key}>
              <title>{`${row.label} (${row.key}): ${row.value}`}</title>
              <text x={LABEL_W - 10} y={y + ROW / 2 + 1} textAnchor="end" className="label">
                {clip(row.label, 40)}
              </text>
              <rect x={LABEL_W} y={y + 5} width={w} height={ROW - 12} rx={3} fill={color} />
              <text x={LABEL_W + w + 6} y={y + ROW / 2 + 1} className="value">
                {row.value}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
