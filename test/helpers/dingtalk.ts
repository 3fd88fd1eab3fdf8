/** The DingTalk side of login tests: a simulator per test file, and a way to "scan" a QR code. */
import { createDingTalkSimulator } from '../../sim/dingtalk/server.ts';
import { DEMO_FIXTURE_APP, DEMO_FIXTURE_URL, loadFixture } from '../../sim/dingtalk/fixture.ts';
import { decodeEntities, type Browser, type Page } from './browser.ts';

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
