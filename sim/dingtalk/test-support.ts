// Helpers for the simulator's own tests: start on port 0, a controllable clock, HTTP shortcuts, QR decoding.
import { PNG } from 'pngjs';
import jsQRModule from 'jsqr';
import { DEMO_FIXTURE_APP, loadDemoFixture } from './fixture.ts';
import { createDingTalkSimulator, type DingTalkSimulator, type DingTalkSimulatorOptions } from './server.ts';

type JsQR = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
// jsqr is CommonJS with `module.exports = jsQR` (and `.default`): take whichever is callable.
const jsQR: JsQR = (typeof jsQRModule === 'function' ? jsQRModule : (jsQRModule as unknown as { default: JsQR }).default) as JsQR;

export const DEMO = {
  clientId: DEMO_FIXTURE_APP.appKey,
  clientSecret: DEMO_FIXTURE_APP.appSecret,
  corpId: DEMO_FIXTURE_APP.corpId,
  redirectUri: 'http://127.0.0.1:3000/login/callback/dingtalk/src_dingtalk_demo',
  zhangsan: 'uZhangSan0001',
  wangwu: 'uWangWu0003',
};

export interface Running {
  sim: DingTalkSimulator;
  base: string;
  clock: { t: number; advance(ms: number): void };
  close(): Promise<void>;
}

export async function startSim(opts: Partial<DingTalkSimulatorOptions> = {}): Promise<Running> {
  const clock = { t: Date.now(), advance(ms: number) { this.t += ms; } };
  const sim = createDingTalkSimulator({ fixture: loadDemoFixture(), now: () => clock.t, ...opts });
  const base = await sim.listen(0, '127.0.0.1');
  return { sim, base, clock, close: () => sim.close() };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

export async function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
}

export async function json(res: Response): Promise<Record<string, any>> {
  return (await res.json()) as Record<string, any>;
}

export function authorizeUrl(base: string, params: Record<string, string>): string {
  return `${base}/oauth2/auth?${new URLSearchParams({
    redirect_uri: DEMO.redirectUri, response_type: 'code', client_id: DEMO.clientId, scope: 'openid', prompt: 'consent', ...params,
  })}`;
}

/** Extracts the QR <img> (alt="DingTalk QR code") from a hosted page and decodes it. */
export function decodeQrFromHtml(html: string): string {
  const m = /<img id="dt-qr" src="data:image\/png;base64,([^"]+)" alt="DingTalk QR code"/.exec(html);
  if (!m) throw new Error('no QR image in page');
  const png = PNG.sync.read(Buffer.from(m[1], 'base64'));
  const decoded = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  if (!decoded) throw new Error('QR code did not decode');
  return decoded.data;
}

export function sessionIdFromHtml(html: string): string {
  const m = /data-session-id="([^"]+)"/.exec(html);
  if (!m) throw new Error('no session id in page');
  return m[1];
}

/** Opens the hosted page and returns the session id (no browser: the QR is not decoded). */
export async function openQrSession(base: string, params: Record<string, string> = {}): Promise<string> {
  const res = await fetch(authorizeUrl(base, params));
  if (res.status !== 200) throw new Error(`authorize page answered ${res.status}`);
  return sessionIdFromHtml(await res.text());
}

/** authCode for a user through the test API shortcut. */
export async function authCodeFor(base: string, unionId = DEMO.zhangsan, extra: Record<string, string> = {}): Promise<string> {
  const res = await postJson(`${base}/sim/api/authorize`, { clientId: DEMO.clientId, redirectUri: DEMO.redirectUri, unionId, ...extra });
  const body = await json(res);
  if (res.status !== 200) throw new Error(`authorize shortcut failed: ${JSON.stringify(body)}`);
  return body.code as string;
}

export async function userTokenFor(base: string, unionId = DEMO.zhangsan): Promise<Record<string, any>> {
  const code = await authCodeFor(base, unionId);
  const res = await postJson(`${base}/v1.0/oauth2/userAccessToken`, { clientId: DEMO.clientId, clientSecret: DEMO.clientSecret, code, grantType: 'authorization_code' });
  if (res.status !== 200) throw new Error(`userAccessToken answered ${res.status}`);
  return json(res);
}

export async function appTokenFor(base: string): Promise<string> {
  const res = await postJson(`${base}/v1.0/oauth2/accessToken`, { appKey: DEMO.clientId, appSecret: DEMO.clientSecret });
  return (await json(res)).accessToken as string;
}
