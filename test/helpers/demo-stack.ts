/**
 * What demo mode starts, for a test: the DingTalk simulator, a Portico node seeded with the demo
 * organisation and the demo app, and the demo app itself (its OpenID Connect client), all on loopback.
 */
import { freePort, startNode, type TestNode } from './harness.ts';
import { startSimulator, type Simulator } from './dingtalk.ts';
import { seedDemo, DEMO_SOURCE_ID } from '../../src/demo/seed.ts';
import { startDemoApp } from '../../src/demo/demo-app.ts';
import { callbackPath } from '../../src/identity/registry.ts';

export interface DemoStack {
  sim: Simulator;
  node: TestNode;
  demo: Awaited<ReturnType<typeof startDemoApp>>;
  /** The demo app's Portico application id. */
  demoAppId: string;
  close(): Promise<void>;
}

export async function startDemoStack(): Promise<DemoStack> {
  const sim = await startSimulator();
  const node = await startNode('sqlite');
  await sim.allowRedirects([node.url + callbackPath('dingtalk', DEMO_SOURCE_ID)]);
  const port = await freePort();
  const seeded = await seedDemo(node.portico.ctx, sim.url, `http://127.0.0.1:${port}`);
  const demo = await startDemoApp({ port, host: '127.0.0.1', publicUrl: `http://127.0.0.1:${port}`, issuer: `${node.url}/oidc`, ...seeded.demoApp! });
  return {
    sim,
    node,
    demo,
    demoAppId: seeded.demoApp!.applicationId,
    async close() {
      await demo.close();
      await node.close();
      await sim.close();
    },
  };
}
