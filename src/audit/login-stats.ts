/** Sign-in aggregates for the Enterprise Center dashboard: sign-ins per day by method, failures by reason. */
import { sql } from 'kysely';
import type { Db, Dialect } from '../store/database.ts';
import type { LoginStats } from './views.ts';

export type { LoginStats };
const DAY_MS = 24 * 60 * 60 * 1000;

export interface LoginStatsRequest {
  /** How many days, today included. */
  days: number;
  /** The viewer's offset from UTC, so that days start at the viewer's midnight (UTC+8 → 480). */
  tzOffsetMinutes: number;
  /** Every sign-in method (the source types), charted even without sign-ins so the legend and colours stay put. */
  methods: readonly string[];
  now?: number;
}

/** The calendar day of a slot's start at the viewer's offset, as YYYY-MM-DD, in each dialect's SQL. */
function dayOf(dialect: Dialect, offsetMinutes: number) {
  const minutes = Math.trunc(offsetMinutes);
  return dialect === 'sqlite'
    ? sql<string>`strftime('%Y-%m-%d', bucket, ${sql.lit(`${minutes} minutes`)})`
    : sql<string>`to_char((bucket at time zone 'UTC') + make_interval(mins => ${sql.lit(minutes)}), 'YYYY-MM-DD')`;
}

/**
 * From the roll-ups (migration 018: login events counted per 15-minute slot as they are written), so
 * the cost depends on the days shown, not on how many events there are, and the history outlives the
 * raw events' retention. A viewer's midnight is a slot boundary (every UTC offset is a multiple of 15
 * minutes), so the days add up exactly as a count over the raw events would.
 */
export async function loginStats(db: Db, dialect: Dialect, request: LoginStatsRequest): Promise<LoginStats> {
  const now = request.now ?? Date.now();
  const offsetMs = request.tzOffsetMinutes * 60_000;
  const todayStart = Math.floor((now + offsetMs) / DAY_MS) * DAY_MS;
  const firstDay = todayStart - (request.days - 1) * DAY_MS;
  const from = new Date(firstDay - offsetMs).toISOString();
  const to = new Date(now).toISOString();

  const slots = db.selectFrom('login_stats').where('bucket', '>=', from).where('bucket', '<=', to);
  const byKey = (kind: 'failure' | 'factor_failure') =>
    slots
      .where('kind', '=', kind)
      .select(['key as reason', (eb) => eb.fn.sum<number>('n').as('n')])
      .groupBy('key')
      .execute();
  const [successes, failures, secondFactor] = await Promise.all([
    slots
      .where('kind', '=', 'signin')
      .select([dayOf(dialect, request.tzOffsetMinutes).as('day'), 'key as method', (eb) => eb.fn.sum<number>('n').as('n')])
      .groupBy([sql`1`, 'key'])
      .execute(),
    byKey('failure'),
    byKey('factor_failure'),
  ]);

  const methods = [...request.methods];
  const perDay = new Map<string, Record<string, number>>();
  for (const row of successes) {
    const counts = perDay.get(row.day) ?? {};
    counts[row.method] = (counts[row.method] ?? 0) + Number(row.n);
    perDay.set(row.day, counts);
  }

  const days = [];
  for (let t = firstDay; t <= todayStart; t += DAY_MS) {
    const date = new Date(t).toISOString().slice(0, 10);
    const found = perDay.get(date) ?? {};
    const counts = Object.fromEntries(methods.map((m) => [m, found[m] ?? 0]));
    days.push({ date, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) });
  }
  const byReason = (rows: { reason: string | null; n: number }[]) =>
    rows.map((r) => ({ reason: r.reason ?? 'unknown', count: Number(r.n) })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  const failureRows = byReason(failures);

  return {
    from,
    to,
    tzOffsetMinutes: request.tzOffsetMinutes,
    methods,
    days,
    failures: failureRows,
    secondFactorFailures: byReason(secondFactor),
    totals: { signIns: days.reduce((a, d) => a + d.total, 0), failures: failureRows.reduce((a, f) => a + f.count, 0) },
  };
}
