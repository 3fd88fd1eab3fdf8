/**
 * Demo mode puts the User Center and the demo app on the simulator's DingTalk workbench, on both
 * databases: each tile's homepage (mobile and PC) is the demo DingTalk source's entry address for that
 * application, and a simulator that refuses is reported by name rather than stopping the start.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { startSimulator, type Simulator } from './helpers/dingtalk.ts';
import { seedDemo, DEMO_SOURCE_ID } from '../src/demo/seed.ts';
import { registerDemoWorkbench } from '../src/demo/workbench.ts';
import { USER_CENTER_APP_ID } from '../src/store/well-known.ts';

describeEachDialect('Demo mode: the User Center and the demo app on the DingTalk workbench', (dialect) => {
  let node: TestNode;
  let sim: Simulator;

  before(async () => {
    sim = await startSimulator();
    node = await startNode(dialect);
  });
  after(async () => {
    await node?.close();
    await sim?.close();
  });

  test('each tile opens the demo DingTalk source’s entry address for its application', async () => {
    const seeded = await seedDemo(node.portico.ctx, sim.url, 'http://127.0.0.1:9');
    const demoAppId = seeded.demoApp!.applicationId;
    assert.deepEqual(await registerDemoWorkbench(node.portico.ctx, sim.url, [USER_CENTER_APP_ID, demoAppId]), []);
    const tiles = (await sim.api('GET', '/test/workbench/apps')) as { name: string; homepage: string; pcHomepage?: string }[];
    const entry = (id: string) => `${node.url}/login/dingtalk/${DEMO_SOURCE_ID}?app=${id}`;
    for (const id of [USER_CENTER_APP_ID, demoAppId]) {
      const tile = tiles.find((t) => t.homepage === entry(id));
      assert.ok(tile, `a tile for ${id}: ${JSON.stringify(tiles)}`);
      assert.equal(tile.pcHomepage, entry(id), 'the PC homepage is the same address');
    }
  });

  test('a workbench that cannot be reached is reported by the applications’ names', async () => {
    assert.deepEqual(await registerDemoWorkbench(node.portico.ctx, 'http://127.0.0.1:9', [USER_CENTER_APP_ID]), ['User Center']);
  });
});
