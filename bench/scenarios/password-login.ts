/** (2) Password login: one POST /login/password per iteration, argon2id at OWASP's 19 MiB, t=2, p=1. */
import type http from 'node:http';
import { request } from '../lib/http-client.ts';
import type { LoadResult } from '../lib/load.ts';
import { BENCH_USER_PASSWORD, type BenchWorld } from '../lib/setup.ts';
import { runScenario, type RunOptions } from './options.ts';

/** Double-submit CSRF: the form field must equal the cookie, any value of this length does. */
const CSRF = 'bench-csrf-token-0123456789abcdef';

export async function passwordLogin(agent: http.Agent, porticoUrl: string, world: BenchWorld, o: RunOptions): Promise<LoadResult> {
  const forms = world.people.map((p) => new URLSearchParams({ app: 'user-center', csrf: CSRF, username: p.username, password: BENCH_USER_PASSWORD }).toString());
  return runScenario(o, async (w) => {
    const answer = await request(agent, 'POST', `${porticoUrl}/login/password`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `portico_csrf=${CSRF}` },
      body: forms[w % forms.length],
    });
    if (answer.status !== 303) throw new Error(`password login answered ${answer.status}`);
  });
}
