/**
 * What the data-scale bench needs of a running Portico, made through the API (and safe to make again on
 * a kept store): the DingTalk source on this run's simulator (auto-bind by mobile), people to scan
 * the QR code, an admin token, and a User Center session of one person of the large set.
 */
import type http from 'node:http';
import { json, request } from '../lib/http-client.ts';
import { BENCH_ADMIN_PASSWORD, SIM_APP, type BenchPerson, type BenchWorld } from '../lib/setup.ts';
import { PASSWORD_SOURCE_ID, USER_CENTER_APP_ID } from '../../src/store/well-known.ts';
import { SCALE_PASSWORD } from './build.ts';

const V1 = '/api/admin/v1';
const SOURCE_NAME = 'DingTalk (simulator)';

/** The people who scan, in the simulator's organisation (once per simulator). */
export async function simPeople(agent: http.Agent, simUrl: string, count: number): Promise<BenchPerson[]> {
  const people: BenchPerson[] = [];
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(4, '0');
    const person = { username: `bench${n}`, unionId: `benchunion${n}`, userId: `benchuser${n}`, mobile: `1380000${n}` };
    await json(agent, 'POST', `${simUrl}/sim/api/users`, { corpId: SIM_APP.corpId, unionId: person.unionId, userId: person.userId, name: `Bench ${n}`, mobile: person.mobile, stateCode: '86', deptIdList: [1], active: true });
    people.push(person);
  }
  return people;
}

/** The simulator's app sends people back to these callbacks (one per Portico of the run). */
export async function allowCallbacks(agent: http.Agent, simUrl: string, callbackUrls: string[]): Promise<void> {
  await json(agent, 'PATCH', `${simUrl}/sim/api/apps/${SIM_APP.appKey}`, { redirectUris: callbackUrls });
}

/** The Portico side: the source (made, or pointed at this simulator), the Login Configuration, the people. */
export async function scaleWorld(agent: http.Agent, porticoUrl: string, simUrl: string, people: BenchPerson[]): Promise<BenchWorld & { callbackUrl: string }> {
  const adminToken = (await json(agent, 'POST', `${porticoUrl}${V1}/session`, { username: 'admin', password: BENCH_ADMIN_PASSWORD })).token as string;
  const api = (method: string, path: string, body?: unknown) => json(agent, method, porticoUrl + V1 + path, body, adminToken);
  const config = { ...SIM_APP, endpoints: { login: simUrl, api: simUrl, oapi: simUrl }, autoBind: true, sourceAttribute: 'mobile', userAttribute: 'mobile' };
  const existing = ((await api('GET', '/sources')).items as { id: string; name: string }[]).find((s) => s.name === SOURCE_NAME);
  const source = existing ? await api('PATCH', `/sources/${existing.id}`, { config }) : await api('POST', '/sources', { type: 'dingtalk', name: SOURCE_NAME, config });
  await api('PUT', `/applications/${USER_CENTER_APP_ID}/login-configuration`, { sources: [PASSWORD_SOURCE_ID, source.id] });
  for (const person of people) {
    const found = (await api('GET', `/users?q=${person.username}`)).items as { username: string }[];
    if (!found.some((u) => u.username === person.username)) await api('POST', '/users', { username: person.username, displayName: `Bench ${person.username.slice(5)}`, mobile: `+86${person.mobile}` });
  }
  return { adminToken, dingtalkSourceId: source.id, people, callbackUrl: source.callbackUrl };
}

/** Double-submit CSRF: the form field must equal the cookie. */
const CSRF = 'scale-csrf-token-0123456789abcdef';

/**
 * A User Center session of `userId` (given a password for it): signed in with the password, then the
 * User Center's own sign-in through Portico's provider (answered by that SSO session). The cookie header.
 */
export async function userCenterSession(agent: http.Agent, porticoUrl: string, world: BenchWorld, userId: string): Promise<string> {
  const user = await json(agent, 'PATCH', `${porticoUrl}${V1}/users/${userId}`, { password: SCALE_PASSWORD }, world.adminToken);
  const jar = new Map<string, string>([['portico_csrf', CSRF]]);
  const send = async (method: string, url: string, body?: string) => {
    const headers: Record<string, string> = { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const answer = await request(agent, method, new URL(url, porticoUrl).toString(), { headers, body });
    for (const line of answer.setCookies) {
      const [pair] = line.split(';', 1);
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return answer;
  };
  const signedIn = await send('POST', '/login/password', new URLSearchParams({ app: 'user-center', csrf: CSRF, username: user.username, password: SCALE_PASSWORD }).toString());
  if (signedIn.status !== 303) throw new Error(`password sign-in answered ${signedIn.status}: ${signedIn.body.slice(0, 200)}`);
  let answer = await send('GET', '/account');
  for (let hops = 0; answer.status === 302 || answer.status === 303; hops++) {
    if (hops > 10) throw new Error('too many redirects on the way to /account');
    answer = await send('GET', answer.location!);
  }
  if (answer.status !== 200) throw new Error(`/account answered ${answer.status}`);
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}
