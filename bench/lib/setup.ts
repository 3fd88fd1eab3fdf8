/**
 * The data a run needs, made through the Enterprise Center API like an administrator would: a
 * DingTalk source on the simulator (auto-bind by mobile), and one person per worker who exists both
 * in Portico (with a password) and in DingTalk (same mobile).
 */
import type http from 'node:http';
import { json } from './http-client.ts';
import { PASSWORD_SOURCE_ID, USER_CENTER_APP_ID } from '../../src/store/well-known.ts';

const V1 = '/api/admin/v1';
export const BENCH_ADMIN_PASSWORD = 'bench admin password';
export const BENCH_USER_PASSWORD = 'bench user password';
/** The simulator's fixture app (sim/dingtalk/fixtures). */
import { DEMO_FIXTURE_APP } from '../../sim/dingtalk/fixture.ts';

/** The simulator's demo app, which the bench's DingTalk source uses. */
export const SIM_APP = DEMO_FIXTURE_APP;
/** Created in small batches: each user's password is hashed with argon2id on creation. */
const CREATE_BATCH = 8;

export interface BenchPerson {
  username: string;
  unionId: string;
  /** Their userid in the organisation (what an in-app code names). */
  userId: string;
  mobile: string;
}

export interface BenchWorld {
  adminToken: string;
  dingtalkSourceId: string;
  people: BenchPerson[];
}

export async function setUpWorld(agent: http.Agent, porticoUrl: string, simUrl: string, count: number): Promise<BenchWorld> {
  const adminToken = (await json(agent, 'POST', `${porticoUrl}${V1}/session`, { username: 'admin', password: BENCH_ADMIN_PASSWORD })).token as string;
  const api = (method: string, path: string, body?: unknown) => json(agent, method, porticoUrl + V1 + path, body, adminToken);
  const source = await api('POST', '/sources', {
    type: 'dingtalk',
    name: 'DingTalk (simulator)',
    config: { ...SIM_APP, endpoints: { login: simUrl, api: simUrl, oapi: simUrl }, autoBind: true, sourceAttribute: 'mobile', userAttribute: 'mobile' },
  });
  await json(agent, 'PATCH', `${simUrl}/sim/api/apps/${SIM_APP.appKey}`, { redirectUris: [source.callbackUrl] });
  await api('PUT', `/applications/${USER_CENTER_APP_ID}/login-configuration`, { sources: [PASSWORD_SOURCE_ID, source.id] });

  const people: BenchPerson[] = [];
  for (let start = 0; start < count; start += CREATE_BATCH) {
    const batch = Array.from({ length: Math.min(CREATE_BATCH, count - start) }, (_, k) => start + k);
    people.push(
      ...(await Promise.all(
        batch.map(async (i) => {
          const n = String(i).padStart(4, '0');
          const person = { username: `bench${n}`, unionId: `benchunion${n}`, userId: `benchuser${n}`, mobile: `1380000${n}` };
          await api('POST', '/users', { username: person.username, displayName: `Bench ${n}`, mobile: `+86${person.mobile}`, password: BENCH_USER_PASSWORD });
          await json(agent, 'POST', `${simUrl}/sim/api/users`, { corpId: SIM_APP.corpId, unionId: person.unionId, userId: person.userId, name: `Bench ${n}`, mobile: person.mobile, stateCode: '86', deptIdList: [1], active: true });
          return person;
        }),
      )),
    );
  }
  return { adminToken, dingtalkSourceId: source.id, people };
}
