/**
 * The DingTalk simulator's client in a real browser, phone-sized and saying it is DingTalk: sign in to the
 * client on its workbench, tap a micro-app, and the micro-app's page (another origin) gets a 免登 code from
 * the simulator's JSAPI with no prompt: the cross-origin, credentialed fetch carries the client's
 * SameSite=Lax cookie. The code then works once at topapi/v2/user/getuserinfo. Portico's own use of it is in
 * test/dingtalk-inapp.test.ts; this pins what a browser does with the simulator's cookie and CORS headers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext } from 'playwright-core';
import { startSimulator, SIM_APP, type Simulator } from '../helpers/dingtalk.ts';
import { browserSuite, launchChromium, screenshot } from '../helpers/chromium.ts';
import { EXAMPLE_DINGTALK_UA } from '../../sim/dingtalk/pages/workbench.ts';

/** A micro-app's homepage: loads the JSAPI from the simulator and shows what requestAuthCode answered. */
function microAppPage(simUrl: string): string {
  return `<!doctype html><meta name="viewport" content="width=device-width"><title>Micro-app</title>
<p id="platform"></p><p id="result">waiting</p>
<script src="${simUrl}/jsapi/dingtalk.open.js"></script>
<script>
document.getElementById('platform').textContent = dd.env.platform;
dd.ready(function () {
  dd.runtime.permission.requestAuthCode({
    corpId: ${JSON.stringify(SIM_APP.corpId)},
    onSuccess: function (r) { document.getElementById('result').textContent = 'code:' + r.code; },
    onFail: function (e) { document.getElementById('result').textContent = 'fail:' + e.errorCode; },
  });
});
</script>`;
}

describe('the DingTalk simulator client in a browser', browserSuite, () => {
  let sim: Simulator;
  let microApp: Server;
  let microAppUrl: string;
  let browser: Browser;

  before(async () => {
    sim = await startSimulator();
    microApp = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(microAppPage(sim.url)));
    await new Promise<void>((resolve) => microApp.listen(0, '127.0.0.1', resolve));
    microAppUrl = `http://127.0.0.1:${(microApp.address() as AddressInfo).port}/home`;
    await sim.api('POST', '/test/workbench/apps', { name: '示例应用 Demo App', homepage: microAppUrl });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    microApp?.close();
    await sim?.close();
  });

  const phone = async (userAgent: string): Promise<BrowserContext> => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, userAgent, locale: 'zh-CN', isMobile: true, hasTouch: true });
    context.setDefaultTimeout(15_000);
    return context;
  };

  test('signed in to the client, tapping the micro-app gets it a code for that person with nothing to confirm', async () => {
    const context = await phone(EXAMPLE_DINGTALK_UA);
    const page = await context.newPage();
    await page.goto(`${sim.url}/workbench`);
    await page.getByLabel('Person').selectOption({ label: '张三 · 示例科技 (Demo Tech)' });
    await page.getByRole('button', { name: '切换 · Switch' }).click();
    await page.getByText('Signed in to DingTalk as').waitFor();
    await screenshot(page, '71-dingtalk-simulator-workbench');
    await page.getByRole('link', { name: '示例应用 Demo App' }).tap();
    await page.waitForURL(microAppUrl);
    assert.equal(await page.locator('#platform').textContent(), 'ios');
    await page.locator('#result', { hasText: 'code:' }).waitFor();
    const code = (await page.locator('#result').textContent())!.slice('code:'.length);

    const token = (await sim.api('POST', '/v1.0/oauth2/accessToken', { appKey: SIM_APP.appKey, appSecret: SIM_APP.appSecret })).accessToken;
    const info = await sim.api('POST', `/topapi/v2/user/getuserinfo?access_token=${token}`, { code });
    assert.equal(info.errcode, 0);
    assert.equal(info.result.userid, 'zhangsan');
    await context.close();
  });

  test("the same page outside DingTalk's client gets no code", async () => {
    const context = await phone('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36');
    const page = await context.newPage();
    await page.goto(microAppUrl);
    assert.equal(await page.locator('#platform').textContent(), 'notInDingTalk');
    await page.locator('#result', { hasText: 'fail:' }).waitFor();
    await context.close();
  });

  test("inside DingTalk but signed out of the client, requestAuthCode fails with errorCode '3'", async () => {
    const context = await phone(EXAMPLE_DINGTALK_UA);
    const page = await context.newPage();
    await page.goto(microAppUrl);
    await page.locator('#result', { hasText: 'fail:3' }).waitFor();
    await context.close();
  });
});
