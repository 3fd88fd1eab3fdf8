/**
 * The requests the data-scale bench times, one at a time, through the admin API as the console sends
 * them (and the User Center's sign-in history with a person's session): each a list of variants taken
 * in turn, so that one cached answer does not stand for all.
 */
import type { ScaleData } from './build.ts';
import { EMAIL_DOMAIN } from './people.ts';

export interface Query {
  id: string;
  name: string;
  /** Paths under /api/admin/v1 (or the User Center's `/api/me/…` when `userCenter`). */
  paths: string[];
  userCenter?: boolean;
}

const DAY_MS = 86_400_000;
const enc = encodeURIComponent;

/** Deterministic picks spread over the people (every `step`-th from `from`). */
function spread<T>(items: readonly T[], count: number, keep: (item: T) => boolean, from = 7): T[] {
  const out: T[] = [];
  const step = Math.max(1, Math.floor(items.length / (count * 3)));
  for (let i = from; i < items.length && out.length < count; i += step) if (keep(items[i])) out.push(items[i]);
  return out;
}

export function scaleQueries(data: ScaleData, o: { now: number; pageSize: number; historyUserId: string }): Query[] {
  const people = data.people;
  const chinese = (p: (typeof people)[number]) => /^[\u4e00-\u9fff]+$/.test(p.displayName);
  const fullNames = spread(people, 10, (p) => chinese(p) && p.displayName.length === 3).map((p) => p.displayName);
  const twoCharNames = spread(people, 10, (p) => chinese(p) && p.displayName.length === 2, 11).map((p) => p.displayName);
  // The given name alone: a substring that is not a prefix.
  const givenNames = spread(people, 10, (p) => chinese(p) && p.displayName.length === 3, 13).map((p) => p.displayName.slice(1));
  const surnames = ['王', '李', '张', '刘', '陈', '欧阳', '林', '孙', '徐', '郭'];
  const pinyin = spread(people, 10, (p) => /^[a-z]+$/.test(p.username), 17).map((p) => p.username.slice(0, Math.min(p.username.length, 6)));
  const mobiles = spread(people, 10, () => true, 19).map((p) => p.mobile.slice(3));
  const tails = spread(people, 10, () => true, 23).map((p) => p.mobile.slice(-4));
  const emails = spread(people, 10, (p) => p.email !== null, 29).map((p) => p.email!);
  const users = (q: string) => `/users?q=${enc(q)}&page=1&pageSize=${o.pageSize}`;
  const deepPage = Math.max(1, Math.floor(people.length / o.pageSize / 2));
  const day = (daysAgo: number) => new Date(Math.floor((o.now - daysAgo * DAY_MS) / DAY_MS) * DAY_MS).toISOString();
  const audit = (q: string) => `/audit-events?${q}&page=1&pageSize=25`;
  return [
    { id: 'u1', name: 'Users, first page', paths: [`/users?page=1&pageSize=${o.pageSize}`] },
    { id: 'u2', name: `Users, a deep page (${deepPage})`, paths: [`/users?page=${deepPage}&pageSize=${o.pageSize}`] },
    { id: 's1', name: 'search: Chinese full name (3 characters)', paths: fullNames.map(users) },
    { id: 's2', name: 'search: Chinese full name (2 characters)', paths: twoCharNames.map(users) },
    { id: 's3', name: 'search: Chinese given name (a substring)', paths: givenNames.map(users) },
    { id: 's4', name: 'search: a surname (1–2 characters, the first keystrokes)', paths: surnames.map(users) },
    { id: 's5', name: 'search: pinyin / username prefix', paths: pinyin.map(users) },
    { id: 's6', name: 'search: mobile (11 digits)', paths: mobiles.map(users) },
    { id: 's7', name: 'search: mobile, last 4 digits', paths: tails.map(users) },
    { id: 's8', name: 'search: email', paths: emails.map(users) },
    { id: 's9', name: 'search: text most people have (the email domain, a common syllable)', paths: ['huaxin', `@${EMAIL_DOMAIN}`, 'wang', 'ang', '.com.cn'].map(users) },
    { id: 's10', name: 'search: two Latin letters or digits many people have', paths: ['li', 'wa', '13', 'an', 'zh'].map(users) },
    { id: 's11', name: 'search: two Latin letters almost no one has (not indexed: every user tested)', paths: ['qx', 'zz', 'vk'].map(users) },
    { id: 'a1', name: 'Audit: category login', paths: [audit('category=login')] },
    { id: 'a2', name: 'Audit: category admin', paths: [audit('category=admin')] },
    { id: 'a3', name: 'Audit: action + outcome', paths: [audit('action=login.password&outcome=failure'), audit('action=login.dingtalk&outcome=failure'), audit('action=login.sms&outcome=success')] },
    { id: 'a4', name: 'Audit: a date range (one day, a month ago)', paths: [audit(`from=${enc(day(30))}&to=${enc(day(29))}`), audit(`from=${enc(day(45))}&to=${enc(day(44))}`)] },
    { id: 'a5', name: "Audit: an actor's events", paths: [audit(`actorId=${o.historyUserId}`)] },
    { id: 'd1', name: 'Dashboard, 14 days', paths: ['/stats/logins?days=14&tzOffsetMinutes=480'] },
    { id: 'd2', name: 'Dashboard, 90 days', paths: ['/stats/logins?days=90&tzOffsetMinutes=480'] },
    { id: 'b1', name: "a user's bindings (console)", paths: [`/bindings?userId=${o.historyUserId}&pageSize=100`] },
    { id: 'h1', name: "a person's sign-in history (User Center)", paths: ['/api/me/logins'], userCenter: true },
  ];
}
