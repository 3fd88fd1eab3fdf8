/** The DingTalk side of login tests: a simulator per test file, and a way to "scan" a QR code. */
import { createDingTalkSimulator } from '../../sim/dingtalk/server.ts';
import { DEMO_FIXTURE_APP, DEMO_FIXTURE_URL, loadFixture } from '../../sim/dingtalk/fixture.ts';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { decodeEntities, type Browser, type Page } from './browser.ts';
import type { TestNode } from './harness.ts';
import { PASSWORD_SOURCE_ID, SMS_SOURCE_ID, USER_CENTER_APP_ID } from '../../src/store/well-known.ts';

const ADMIN_API = '/api/admin/v1';

export const SIM_APP = DEMO_FIXTURE_APP;

export async function startSimulator(o: { authCodeTtlMs?: number } = {}) {
  const sim = createDingTalkSimulator({ fixture: loadFixture(DEMO_FIXTURE_URL), authCodeTtlMs: o.authCodeTtlMs });
  const url = await sim.listen(0, '127.0.0.1');
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(url + path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    if (!res.ok) throw new Error(`simulator ${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    url,
    api,
    /** Lets DingTalk redirect to these callback URLs. */
    async allowRedirects(uris: string[]) {
      await api('PATCH', `/sim/api/apps/${SIM_APP.appKey}`, { redirectUris: uris });
    },
    async addUser(user: Record<string, unknown>) {
      return api('POST', '/sim/api/users', { corpId: SIM_APP.corpId, active: true, deptIdList: [1], stateCode: '86', ...user });
    },
    /**
     * Closes every connection too: after a client-side timeout, fetch (undici) opens a spare keep-alive
     * connection that never sends a request, and a plain close would wait for it to time out (~70 s).
     */
    async close() {
      const closing = sim.close();
      sim.app.server.closeAllConnections();
      await closing;
    },
  };
}

export type Simulator = Awaited<ReturnType<typeof startSimulator>>;

/** The DingTalk frame on Portico's QR page. */
export function frameUrl(qrPage: Page): URL {
  const match = /<iframe[^>]+src="([^"]+)"/.exec(qrPage.body);
  if (!match) throw new Error(`no DingTalk frame on the page (status ${qrPage.status}): ${qrPage.body.slice(0, 500)}`);
  return new URL(decodeEntities(match[1]));
}

/**
 * What a person does: open the login page's DingTalk QR, scan it with the phone (the simulator's
 * phone page), pick a DingTalk user and confirm or decline. Returns the redirect the QR frame
 * would hand to the browser (Portico's callback URL with code or error).
 */
export async function scan(browser: Browser, sim: Simulator, qrPagePath: string, unionId: string, answer: 'confirm' | 'decline' = 'confirm') {
  const qrPage = await browser.get(qrPagePath);
  if (qrPage.status !== 200) return { qrPage, callbackUrl: undefined };
  const frame = await fetch(frameUrl(qrPage));
  const frameHtml = await frame.text();
  const sessionId = /data-session-id="([^"]+)"/.exec(frameHtml)?.[1];
  if (!sessionId) throw new Error(`the DingTalk frame shows no QR session: ${frameHtml.slice(0, 300)}`);
  const phone = `${sim.url}/sim/phone/${sessionId}`;
  const form = answer === 'confirm' ? new URLSearchParams({ unionId }) : new URLSearchParams();
  const res = await fetch(`${phone}/${answer}`, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  if (res.status >= 400) throw new Error(`phone ${answer} failed: ${res.status} ${await res.text()}`);
  const status = await (await fetch(`${sim.url}/sim/sessions/${sessionId}`)).json();
  return { qrPage, callbackUrl: status.redirectUrl as string };
}

/**
 * A DingTalk source against the simulator (its app and organisation), enabled on the User Center (with
 * password and SMS around it) unless told otherwise.
 */
export async function dingtalkSource(node: TestNode, admin: string, sim: Simulator, config: Record<string, unknown> = {}, enable = true): Promise<{ id: string; callbackUrl: string }> {
  const res = await node.api('POST', `${ADMIN_API}/sources`, {
    token: admin,
    body: { type: 'dingtalk', name: `DingTalk ${randomBytes(4).toString('hex')}`, config: { ...SIM_APP, endpoints: { login: sim.url, api: sim.url, oapi: sim.url }, ...config } },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  if (enable) {
    const put = await node.api('PUT', `${ADMIN_API}/applications/${USER_CENTER_APP_ID}/login-configuration`, {
      token: admin,
      body: { sources: [PASSWORD_SOURCE_ID, res.body.id, SMS_SOURCE_ID] },
    });
    assert.equal(put.status, 200);
  }
  return { id: res.body.id, callbackUrl: res.body.callbackUrl };
}

/** A member of the simulator's organisation and, optionally, a Portico user with the same mobile. */
export async function dingtalkPerson(node: TestNode, admin: string, sim: Simulator, o: { portico?: Record<string, unknown> | false; dingtalk?: Record<string, unknown> } = {}) {
  const tag = randomBytes(4).toString('hex');
  const mobile = `139${String(randomInt(0, 1e8)).padStart(8, '0')}`;
  const dt = { unionId: `u${tag}`, userId: `user${tag}`, name: `DT ${tag}`, nick: `nick-${tag}`, mobile, email: `${tag}@dingtalk.example`, jobNumber: `J${tag}`, ...o.dingtalk };
  await sim.addUser(dt);
  let userId: string | undefined;
  if (o.portico !== false) {
    const res = await node.api('POST', `${ADMIN_API}/users`, { token: admin, body: { username: `p${tag}`, displayName: `Person ${tag}`, mobile: `+86${mobile}`, ...o.portico } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    userId = res.body.id as string;
  }
  return { dt, userId, mobile: `+86${dt.mobile}` };
}
