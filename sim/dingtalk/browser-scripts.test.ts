// The pages' browser scripts, run in a VM with a stubbed DOM: the hosted QR page (polling, redirect,
// postMessage in the frame) and the DTFrameLogin loader (iframe src, origin check, callbacks).
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DEMO, authorizeUrl, json, postJson, sessionIdFromHtml, startSim, type Running } from './test-support.ts';

interface PageRun {
  location: { href: string };
  posted: Array<{ message: unknown; target: string }>;
  texts: Map<string, string>;
}

/** Runs the inline script of a hosted page; relative fetches go to the simulator. */
function runHostedPage(html: string, base: string): PageRun {
  const config = /<script type="application\/json" id="sim-config">([\s\S]*?)<\/script>/.exec(html)?.[1];
  const script = /<script>([\s\S]*?)<\/script>\s*<\/body>/.exec(html)?.[1];
  assert.ok(config && script, 'page has its config and script');
  const run: PageRun = { location: { href: '' }, posted: [], texts: new Map() };
  const element = (id: string) => ({
    get textContent() { return id === 'sim-config' ? config : run.texts.get(id) ?? ''; },
    set textContent(v: string) { run.texts.set(id, v); },
    hidden: true,
    setAttribute() {},
  });
  const elements = new Map<string, ReturnType<typeof element>>();
  const window = {
    location: run.location,
    parent: { postMessage: (message: unknown, target: string) => run.posted.push({ message, target }) },
  };
  vm.runInNewContext(script, {
    window,
    document: { getElementById: (id: string) => elements.get(id) ?? (elements.set(id, element(id)), elements.get(id)) },
    fetch: (url: string, init: RequestInit) => fetch(new URL(url, base), init),
    setTimeout,
    JSON,
  });
  return run;
}

/** Objects made inside the VM have other prototypes: compare their JSON. */
const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('hosted page script', () => {
  let r: Running;
  before(async () => { r = await startSim(); });
  after(async () => { await r.close(); });
  beforeEach(() => r.sim.state.reset());

  it('navigates the top-level page to redirect_uri?code&authCode&state once confirmed', async () => {
    const html = await (await fetch(authorizeUrl(r.base, { state: 'nav' }))).text();
    const run = runHostedPage(html, r.base);
    const id = sessionIdFromHtml(html);
    await fetch(`${r.base}/sim/phone/${id}`);
    await until(() => (run.texts.get('dt-status') ?? '').includes('Scanned'));
    const { code } = await json(await postJson(`${r.base}/sim/api/sessions/${id}/confirm`, { unionId: DEMO.zhangsan }));
    await until(() => run.location.href !== '');
    assert.equal(run.location.href, `${DEMO.redirectUri}?code=${code}&authCode=${code}&state=nav`);
    assert.deepEqual(run.posted, []);
  });

  it('in the frame, posts {success:true, redirectUrl} to the parent; {errorMsg} when declined', async () => {
    const html = await (await fetch(authorizeUrl(r.base, { iframe: 'true', state: 'fr' }))).text();
    const run = runHostedPage(html, r.base);
    const { code } = await json(await postJson(`${r.base}/sim/api/sessions/${sessionIdFromHtml(html)}/confirm`, { unionId: DEMO.zhangsan }));
    await until(() => run.posted.length > 0);
    assert.deepEqual(plain(run.posted), [{ message: { success: true, redirectUrl: `${DEMO.redirectUri}?code=${code}&authCode=${code}&state=fr` }, target: '*' }]);
    assert.equal(run.location.href, '', 'the frame does not navigate');

    const html2 = await (await fetch(authorizeUrl(r.base, { iframe: 'true' }))).text();
    const run2 = runHostedPage(html2, r.base);
    await postJson(`${r.base}/sim/api/sessions/${sessionIdFromHtml(html2)}/decline`, {});
    await until(() => run2.posted.length > 0);
    assert.deepEqual(plain(run2.posted), [{ message: { errorMsg: 'access_denied' }, target: '*' }]);
  });

  it('shows "QR code expired, refresh" when the session expires', async () => {
    const html = await (await fetch(authorizeUrl(r.base, {}))).text();
    r.clock.advance(180_001);
    const run = runHostedPage(html, r.base);
    await until(() => (run.texts.get('dt-status') ?? '').includes('expired'));
    assert.match(run.texts.get('dt-status') ?? '', /QR code expired, refresh/);
  });
});

describe('DTFrameLogin loader', () => {
  let r: Running;
  before(async () => { r = await startSim(); });
  after(async () => { await r.close(); });

  function load() {
    const listeners: Array<(e: unknown) => void> = [];
    const iframe: Record<string, unknown> = { contentWindow: { id: 'frame' } };
    const container = { innerHTML: 'old', children: [] as unknown[], appendChild(c: unknown) { this.children.push(c); } };
    const window: Record<string, unknown> = { postMessage() {}, addEventListener: (_t: string, fn: (e: unknown) => void) => listeners.push(fn) };
    const context = {
      window,
      URL,
      document: {
        currentScript: { src: `${r.base}/sim/ddlogin.js` },
        getElementById: (id: string) => (id === 'login' ? container : null),
        createElement: () => iframe,
      },
    };
    return { context, listeners, iframe, container };
  }

  it('frames /oauth2/auth?iframe=true on the simulator and calls back only for messages from its origin', async () => {
    const js = await (await fetch(`${r.base}/sim/ddlogin.js`)).text();
    const { context, listeners, iframe, container } = load();
    vm.runInNewContext(js, context);
    const ok: unknown[] = [];
    const errors: unknown[] = [];
    const DTFrameLogin = context.window.DTFrameLogin as (...a: unknown[]) => void;
    DTFrameLogin({ id: 'login' }, {
      redirect_uri: encodeURIComponent(DEMO.redirectUri), client_id: DEMO.clientId, scope: 'openid', response_type: 'code', state: 'abc', prompt: 'consent',
    }, (x: unknown) => ok.push(x), (e: unknown) => errors.push(e));
    assert.equal(iframe.src, `${r.base}/oauth2/auth?iframe=true&redirect_uri=${encodeURIComponent(DEMO.redirectUri)}&response_type=code&client_id=${DEMO.clientId}&scope=openid&prompt=consent&state=abc`);
    assert.equal(container.children[0], iframe);
    assert.equal(iframe.width, '300');
    // The src it builds is a valid authorize request.
    assert.equal((await fetch(String(iframe.src))).status, 200);

    const redirectUrl = `${DEMO.redirectUri}?code=c1&authCode=c1&state=abc`;
    listeners[0]({ origin: 'https://evil.example', data: { success: true, redirectUrl }, source: iframe.contentWindow });
    assert.deepEqual(ok, []);
    listeners[0]({ origin: r.base, data: { success: true, redirectUrl }, source: iframe.contentWindow });
    assert.deepEqual(plain(ok), [{ redirectUrl, authCode: 'c1', state: 'abc' }]);
    listeners[0]({ origin: r.base, data: { errorMsg: 'access_denied' }, source: iframe.contentWindow });
    assert.deepEqual(errors, ['access_denied']);
  });

  it('reports "Missing parameters" and "Element not found" like DingTalk\'s loader', async () => {
    const js = await (await fetch(`${r.base}/sim/ddlogin.js`)).text();
    const { context } = load();
    vm.runInNewContext(js, context);
    const errors: unknown[] = [];
    const DTFrameLogin = context.window.DTFrameLogin as (...a: unknown[]) => void;
    DTFrameLogin({ id: 'login' }, { client_id: DEMO.clientId }, () => {}, (e: unknown) => errors.push(e));
    DTFrameLogin({ id: 'nope' }, { redirect_uri: 'x', client_id: 'y', scope: 'openid', response_type: 'code' }, () => {}, (e: unknown) => errors.push(e));
    assert.deepEqual(errors, ['Missing parameters', 'Element not found']);
  });
});
