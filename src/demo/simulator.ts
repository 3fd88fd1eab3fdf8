/** Demo mode starts the DingTalk simulator beside Portico and registers Portico's callback with it. */
import { createDingTalkSimulator } from '../../sim/dingtalk/server.ts';
import { DEMO_FIXTURE_URL, loadFixture } from '../../sim/dingtalk/fixture.ts';
import { callbackPath } from '../identity/registry.ts';
import { DEMO_SOURCE_ID } from './seed.ts';

export async function startDemoSimulator(o: { port: number; host: string; publicUrl?: string; porticoUrl: string }) {
  const fixture = loadFixture(DEMO_FIXTURE_URL);
  // Browsers reach the simulator by Portico's host name unless told otherwise: the simulated DingTalk
  // client's cookie is SameSite=Lax, so Portico's page (the JSAPI asking for a code) and the simulator
  // must be one site (localhost and 127.0.0.1 are two).
  const publicUrl = o.publicUrl ?? (o.port ? `${new URL(o.porticoUrl).protocol}//${new URL(o.porticoUrl).hostname}:${o.port}` : undefined);
  const sim = createDingTalkSimulator({ fixture, publicUrl });
  const url = await sim.listen(o.port, o.host);
  // Talk to it over its test API, as any other client would: the simulator is the other side of the wire.
  const app = fixture.apps[0];
  const res = await fetch(`${url}/sim/api/apps/${app.clientId}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ redirectUris: [...new Set([...app.redirectUris, o.porticoUrl + callbackPath('dingtalk', DEMO_SOURCE_ID)])] }),
  });
  if (!res.ok) throw new Error(`could not register Portico's callback with the simulator: ${res.status} ${await res.text()}`);
  // The demo app's contact events go out in Stream mode, as an administrator ticks it on DingTalk's 事件订阅
  // page: an identity source added for the demo organisation receives changes made in the simulator.
  const events = await fetch(`${url}/test/apps/${app.clientId}/events`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ transport: 'stream' }) });
  if (!events.ok) throw new Error(`could not subscribe the demo app to Stream events: ${events.status} ${await events.text()}`);
  return { sim, url: sim.url ?? url, close: () => sim.close() };
}
