/**
 * (1') A full DingTalk QR login through Portico's pages, without OIDC: the login page, the QR page
 * (a new login transaction), the person scanning (the simulator's authorize shortcut), and the
 * callback (code exchange and profile at DingTalk, binding lookup, SSO session, login event).
 * The people are already bound (the warm-up binds them), as on every login after the first.
 */
import type http from 'node:http';
import { browserFor, json, type Answer } from '../lib/http-client.ts';
import type { LoadResult } from '../lib/load.ts';
import { SIM_APP, type BenchWorld } from '../lib/setup.ts';
import { runScenario, type RunOptions } from './options.ts';

const FRAME_SRC = /<iframe[^>]+src="([^"]+)"/;

/** The person scans the QR page's code and confirms (the simulator's authorize shortcut): DingTalk's redirect to Portico's callback. */
export async function scanQr(agent: http.Agent, simUrl: string, qr: Answer, unionId: string): Promise<string> {
  const src = FRAME_SRC.exec(qr.body)?.[1];
  if (qr.status !== 200 || !src) throw new Error(`QR page answered ${qr.status}`);
  const frame = new URL(src.replace(/&amp;/g, '&'));
  const { redirectUrl } = await json(agent, 'POST', `${simUrl}/sim/api/authorize`, {
    clientId: SIM_APP.appKey,
    redirectUri: frame.searchParams.get('redirect_uri'),
    state: frame.searchParams.get('state'),
    unionId,
  });
  return redirectUrl as string;
}

export async function dingtalkQrLogin(agent: http.Agent, porticoUrl: string, simUrl: string, world: BenchWorld, o: RunOptions): Promise<LoadResult> {
  const qrPath = `/login/dingtalk/${world.dingtalkSourceId}?app=user-center`;
  return runScenario(o, async (w) => {
    const person = world.people[w % world.people.length];
    const browser = browserFor(agent, porticoUrl);
    const page = await browser.get('/login?app=user-center');
    if (page.status !== 200) throw new Error(`login page answered ${page.status}`);
    const redirectUrl = await scanQr(agent, simUrl, await browser.get(qrPath), person.unionId);
    const callback = await browser.get(redirectUrl);
    if (callback.status !== 303 || callback.location !== '/account') throw new Error(`callback answered ${callback.status} → ${callback.location}`);
  });
}
