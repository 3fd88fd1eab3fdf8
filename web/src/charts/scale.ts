/** A "nice" axis: a round maximum at or above `max`, with round ticks from 0. */
export function niceTicks(max: number, count = 4): number[] {
  if (max <= 0) return [0, 1];
  const rough = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const stepInt = Math.max(1, Math.round(step));
  const ticks = [];
  for (let v = 0; v < max + stepInt; v += stepInt) ticks.push(v);
  return ticks;
}

const SERIES_COLORS: Record<string, string> = { dingtalk: '#1677ff', password: '#f59e0b', sms: '#10b981' };
const OTHER_COLORS = ['#8b5cf6', '#06b6d4', '#ec4899', '#64748b'];

export function seriesColor(key: string, index: number): string {
  return SERIES_COLORS[key] ?? OTHER_COLORS[index % OTHER_COLORS.length];
}
