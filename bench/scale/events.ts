/**
 * Login events for the data-scale bench, as the login routes write them (src/login/events.ts): each
 * attempt's steps (a DingTalk scan's start and end, a password or SMS sign-in, a second factor, a
 * sign-out, CAS and SAML hand-offs), with their actions, outcomes, reasons and methods, at a working
 * week's rhythm (UTC+8: busy mornings, quiet nights and weekends), plus the occasional admin change.
 * Deterministic for a seed; produced in time order, in batches, so millions never sit in memory at once.
 */
import { PASSWORD_SOURCE_ID, SMS_SOURCE_ID, USER_CENTER_APP_ID } from '../../src/store/well-known.ts';
import { rng, weighted, type Rng } from './people.ts';
import type { AuditEventTable } from '../../src/store/schema.ts';

/** An audit_events row without its id (the database numbers them in insertion order). */
export type EventRow = Omit<AuditEventTable, 'id'>;

export const EVENT_COLUMNS = ['at', 'category', 'actor_type', 'actor_id', 'actor_name', 'action', 'target_type', 'target_id', 'outcome', 'reason', 'method', 'before', 'after', 'ip', 'user_agent'] as const;

type Step = { action: string; outcome: 'success' | 'failure'; reason: string; method?: string; user: boolean; source?: string; category?: string; delayS?: number };

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36 Edg/125.0.0.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/7.6.0) com.laiwang.DingTalk/34876543 Channel/201200 language/zh-Hans-CN',
  'Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/115.0.5790.166 Mobile Safari/537.36 AliApp(DingTalk/7.5.30) com.alibaba.android.rimet/40180345 Channel/700159 language/zh-CN',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0',
];

/** One sign-in attempt's steps, by kind, with how often each kind happens. */
function attemptKinds(dingtalkSource: string): (readonly [(r: Rng) => Step[], number])[] {
  const dt = (o: Omit<Step, 'source'>): Step => ({ ...o, source: dingtalkSource });
  const start = dt({ action: 'login.dingtalk.start', outcome: 'success', reason: 'dingtalk.qr_shown', user: false });
  const pwFail = weighted([['login.invalid_credentials', 8], ['login.too_many_failures', 1], ['login.user_inactive', 1]] as const);
  const dtFail = weighted([['dingtalk.authorization_denied', 5], ['dingtalk.callback_invalid', 2], ['login.user_inactive', 2], ['dingtalk.timeout', 1]] as const);
  const smsFail = weighted([['otp.invalid_code', 6], ['otp.expired', 3], ['otp.too_many_attempts', 1]] as const);
  return [
    [() => [start, dt({ action: 'login.dingtalk', outcome: 'success', reason: 'dingtalk.bound', method: 'dingtalk', user: true, delayS: 6 })], 55],
    [(r) => { const reason = dtFail(r); return [start, dt({ action: 'login.dingtalk', outcome: 'failure', reason, method: 'dingtalk', user: reason === 'login.user_inactive', delayS: 9 })]; }, 3],
    [() => [start], 6],
    [() => [{ action: 'login.password', outcome: 'success', reason: 'password.ok', method: 'password', user: true, source: PASSWORD_SOURCE_ID }], 15],
    [(r) => { const reason = pwFail(r); return [{ action: 'login.password', outcome: 'failure', reason, method: 'password', user: reason !== 'login.too_many_failures' && r.next() < 0.7, source: PASSWORD_SOURCE_ID }]; }, 4],
    [() => [
      { action: 'login.sms.send', outcome: 'success', reason: 'otp.sent', user: false, source: SMS_SOURCE_ID },
      { action: 'login.sms', outcome: 'success', reason: 'otp.ok', method: 'sms', user: true, source: SMS_SOURCE_ID, delayS: 25 },
    ], 6],
    [(r) => [
      { action: 'login.sms.send', outcome: 'success', reason: 'otp.sent', user: false, source: SMS_SOURCE_ID },
      { action: 'login.sms', outcome: 'failure', reason: smsFail(r), method: 'sms', user: true, source: SMS_SOURCE_ID, delayS: 40 },
    ], 1],
    [() => [{ action: 'login.passkey', outcome: 'success', reason: 'passkey.ok', method: 'passkey', user: true }], 2],
    // A second factor after the first: the factor step, then the sign-in's end.
    [() => [
      { action: 'login.factor', outcome: 'success', reason: 'factor.passed', user: true, source: PASSWORD_SOURCE_ID },
      { action: 'login.password', outcome: 'success', reason: 'password.ok', method: 'password', user: true, source: PASSWORD_SOURCE_ID, delayS: 1 },
    ], 2],
    [(r) => [{ action: 'login.factor', outcome: 'failure', reason: r.next() < 0.8 ? 'factor.code_invalid' : 'factor.code_replayed', user: true, source: PASSWORD_SOURCE_ID }], 0.5],
    [() => [{ action: 'logout', outcome: 'success', reason: 'session.ended', user: true }], 5],
    [() => [
      { action: 'cas.ticket', outcome: 'success', reason: 'cas.ticket_issued', user: true },
      { action: 'cas.validate', outcome: 'success', reason: 'cas.ticket_validated', user: true, delayS: 1 },
    ], 2],
    [() => [{ action: 'saml.sso', outcome: 'success', reason: 'saml.response_issued', user: true }], 1],
    [(r) => [{ action: 'oidc.consent', outcome: r.next() < 0.95 ? 'success' : 'failure', reason: 'consent.granted', user: true }], 0.5],
    // What else the log holds: administrators' changes, people's own changes, security changes.
    [() => [{ action: 'user.update', outcome: 'success', reason: '', user: false, category: 'admin' }], 0.8],
    [() => [{ action: 'binding.delete', outcome: 'success', reason: '', user: true, category: 'user' }], 0.2],
    [() => [{ action: 'user.sign_out_everywhere', outcome: 'success', reason: '', user: false, category: 'security' }], 0.1],
  ];
}

/** Relative traffic by hour of the day at UTC+8. */
const HOUR_WEIGHTS = [0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3, 0.8, 2.0, 1.8, 1.5, 1.3, 0.8, 1.0, 1.3, 1.3, 1.2, 1.0, 0.7, 0.5, 0.5, 0.4, 0.3, 0.2];
const DAY_MS = 86_400_000;
const CN_OFFSET_MS = 8 * 3_600_000;

export interface EventPlan {
  /** Attempts to spread over the days (derived from the event count). */
  attempts: number;
}

export interface EventOptions {
  count: number;
  days: number;
  now: number;
  /** The people who sign in (user ids); a few sign in often, most now and then. */
  userIds: readonly string[];
  admins: readonly { id: string; name: string }[];
  dingtalkSource: string;
  applications: readonly string[];
  seed?: number;
}

/**
 * `count` events over the `days` before `now`, oldest first, handed over `batch` at a time. Two passes
 * with the same seed: the first finds how many attempts make exactly `count` events, the second places
 * that many attempts in time and writes them.
 */
export async function produceEvents(o: EventOptions, batch: number, sink: (rows: EventRow[]) => Promise<void> | void): Promise<void> {
  const seed = o.seed ?? 7;
  const kinds = attemptKinds(o.dingtalkSource);
  const kind = weighted(kinds.map(([f, w], i) => [i, w] as const));

  // Pass 1: the attempts' kinds until `count` steps.
  const plan = rng(seed);
  const planned: number[] = [];
  for (let total = 0; total < o.count; ) {
    const k = kind(plan);
    const steps = kinds[k][0](plan).length;
    planned.push(k);
    total += steps;
  }

  // Their times: days weighted (weekends quieter), hours by HOUR_WEIGHTS, sorted.
  const time = rng(seed + 1);
  const hour = weighted(HOUR_WEIGHTS.map((w, h) => [h, w] as const));
  const firstDay = Math.floor((o.now + CN_OFFSET_MS) / DAY_MS) * DAY_MS - (o.days - 1) * DAY_MS;
  const dayWeights = Array.from({ length: o.days }, (_, d) => {
    const weekday = new Date(firstDay + d * DAY_MS).getUTCDay();
    return [d, weekday === 0 || weekday === 6 ? 0.3 : 1] as const;
  });
  const day = weighted(dayWeights);
  const times = new Float64Array(planned.length);
  for (let i = 0; i < times.length; i++) {
    let t: number;
    do t = firstDay + day(time) * DAY_MS + hour(time) * 3_600_000 + time.int(3_600_000) - CN_OFFSET_MS;
    while (t > o.now - 60_000);
    times[i] = t;
  }
  times.sort();

  // Pass 2: the same kinds (same seed), now written with their people, places and times.
  const r = rng(seed);
  const who = rng(seed + 2);
  const n = o.userIds.length;
  // Skewed activity: a quarter of the people make most sign-ins (index ~ n·u²).
  const person = () => o.userIds[Math.min(n - 1, Math.floor(n * who.next() ** 2))];
  // Each step is written when it happens, as a node would: rows wait here until no later attempt can
  // come before them, so the ids the database gives follow the events' times.
  let pending: EventRow[] = [];
  let rows: EventRow[] = [];
  let written = 0;
  const release = async (until: string | undefined) => {
    pending.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const cut = until === undefined ? pending.length : pending.findIndex((row) => row.at > until);
    const ready = cut === -1 ? pending : pending.slice(0, cut);
    pending = cut === -1 ? [] : pending.slice(cut);
    for (const row of ready) {
      rows.push(row);
      if (rows.length >= batch) {
        await sink(rows);
        rows = [];
      }
    }
  };
  for (let i = 0; i < planned.length && written < o.count; i++) {
    const k = kind(r);
    const steps = kinds[k][0](r);
    const userId = person();
    const ip = who.next() < 0.7 ? `10.${who.int(64)}.${who.int(256)}.${1 + who.int(254)}` : `${36 + who.int(180)}.${who.int(256)}.${who.int(256)}.${1 + who.int(254)}`;
    const userAgent = USER_AGENTS[who.int(USER_AGENTS.length)];
    const application = who.next() < 0.6 ? USER_CENTER_APP_ID : o.applications[who.int(o.applications.length)];
    let at = times[i];
    if (pending.length > 256) await release(new Date(Math.min(at, o.now - 1000)).toISOString());
    for (const step of steps) {
      if (written >= o.count) break;
      at += (step.delayS ?? 0) * 1000;
      const category = step.category ?? 'login';
      const admin = category === 'admin' || category === 'security' ? o.admins[who.int(o.admins.length)] : undefined;
      pending.push({
        at: new Date(Math.min(at, o.now - 1000)).toISOString(),
        category,
        actor_type: admin ? 'admin' : step.user ? 'user' : 'anonymous',
        actor_id: admin ? admin.id : step.user ? userId : null,
        actor_name: admin ? admin.name : null,
        action: step.action,
        target_type: admin || category === 'user' ? 'user' : 'application',
        target_id: admin || category === 'user' ? userId : application,
        outcome: step.outcome,
        reason: step.reason || null,
        method: step.method ?? null,
        before: null,
        after: category === 'login' ? JSON.stringify({ sourceId: step.source ?? null }) : admin ? JSON.stringify({ status: 'active' }) : null,
        ip,
        user_agent: userAgent,
      });
      written++;
    }
  }
  await release(undefined);
  if (rows.length) await sink(rows);
}
