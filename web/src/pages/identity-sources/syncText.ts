/** How directory sync reads: a run's counts in one line, its duration, whether it is still going; which attributes a change changes. */
import type { MessageKey } from '../../i18n/en.ts';
import type { SyncChange, SyncCounts, SyncRun } from '../../lib/types.ts';
import { CHANGE_KINDS } from '../../../../src/sync/views.ts';

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Queued or running: the run page polls it and shows its progress. */
export const isActive = (run: Pick<SyncRun, 'status'>) => run.status === 'queued' || run.status === 'running';

/** "Create 5 · Update 2": the counts that are not zero; "No changes" when all are. */
export function countsLine(counts: SyncCounts, t: Translate): string {
  const shown = CHANGE_KINDS.filter((kind) => counts[kind] > 0).map((kind) => `${t(`syncRun.kind.${kind}`)} ${counts[kind]}`);
  return shown.length ? shown.join(' · ') : t('syncRun.noChanges');
}

/** "850 ms", "12.3 s", "2 min 5 s"; empty while the run goes on. */
export function durationOf(run: Pick<SyncRun, 'startedAt' | 'finishedAt'>, t: Translate): string {
  if (!run.finishedAt) return '';
  const ms = Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt));
  if (ms < 1000) return t('duration.ms', { n: ms });
  if (ms < 60_000) return t('duration.s', { n: (ms / 1000).toFixed(1) });
  return t('duration.min', { m: Math.floor(ms / 60_000), s: Math.round((ms % 60_000) / 1000) });
}

/**
 * One side of a change as flat attributes. A planned change's `after` is what applying writes (the
 * person's `fields` nested, the main org unit as `unit`) while its `before` is flat with `orgUnitId`:
 * both read alike here.
 */
export function flatSide(side: SyncChange['before']): SyncChange['before'] {
  if (!side) return null;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(side)) {
    if (key === 'fields' && value && typeof value === 'object' && !Array.isArray(value)) Object.assign(out, value);
    else out[key === 'unit' ? 'orgUnitId' : key] = value;
  }
  return out;
}

/** The attributes that differ: all of `after` for something new, all of `before` for something going, else those whose value changed. */
export function changedAttributes(before: SyncChange['before'], after: SyncChange['after']): string[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return keys.filter((k) => JSON.stringify(before?.[k] ?? null) !== JSON.stringify(after?.[k] ?? null));
}
