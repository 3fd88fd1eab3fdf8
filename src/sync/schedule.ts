/**
 * When a source's nightly full reconcile is due: at `hour`:00 in the server's time zone, once a day.
 * It repairs whatever events were missed (dropped, or sent while no node listened).
 */
const DAY_MS = 24 * 60 * 60 * 1000;

/** The next reconcile: today's slot if it has not been run yet (due now when it has passed), else tomorrow's. */
export function nextReconcile(hour: number, lastScheduledAt: string | null, now: number): Date {
  const today = new Date(now);
  today.setHours(hour, 0, 0, 0);
  const last = lastScheduledAt ? Date.parse(lastScheduledAt) : -Infinity;
  if (last < today.getTime()) return today;
  return new Date(today.getTime() + DAY_MS);
}

export const reconcileDue = (hour: number, lastScheduledAt: string | null, now: number) => nextReconcile(hour, lastScheduledAt, now).getTime() <= now;
