/**
 * Incremental sync: DingTalk's contact events over HTTP push (encrypted callbacks) and Stream mode (an
 * outbound WebSocket), from the simulator, on both databases. Each event is re-read and applied within
 * seconds; duplicates, bad signatures and events before the first full sync change nothing.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { startSimulator, SIM_APP, type Simulator } from './helpers/dingtalk.ts';
import { eventually, identitySource, usersByUsername, waitForRun, V1 } from './helpers/sync.ts';

const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFE';
const TOKEN = 'portico-test-token';


function suite(transport: 'http_push' | 'stream') {
  describeEachDialect(`directory sync events over ${transport}`, (dialect) => {
    let node: TestNode;
    let sim: Simulator;
    let admin: string;
    let source: Awaited<ReturnType<typeof identitySource>>;

    const org = (method: string, path: string, body?: unknown) => sim.api(method, `/test/orgs/${SIM_APP.corpId}${path}`, body);
    const events = async () => (await node.api('GET', `${V1}/identity-sources/${source.id}/events?pageSize=100`, { token: admin })).body.items as { eventType: string; status: string; ids: string[]; detail: string }[];
    const userNamed = async (username: string) => (await usersByUsername(node, admin))[username];

    before(async () => {
      sim = await startSimulator();
      await sim.api('PATCH', '/test/events/config', { streamAckTimeoutMs: 2000, streamPingIntervalMs: 1000 });
      node = await startNode(dialect, { PORTICO_SYNC_TICK_MS: '100', PORTICO_SYNC_LEASE_MS: '3000' });
      admin = await node.tokenFor('super_admin');
      source = await identitySource(node, admin, sim, { transport }, transport === 'http_push' ? { secrets: { appSecret: SIM_APP.appSecret, pushToken: TOKEN, pushAesKey: AES_KEY } } : {});
      if (transport === 'http_push') {
        // As in DingTalk's console: saving the URL sends check_url, which Portico must answer correctly within 1.5 s.
        await sim.api('PUT', `/test/apps/${SIM_APP.appKey}/events`, { transport, url: source.callbackUrl, token: TOKEN, aesKey: AES_KEY });
      } else {
        await sim.api('PUT', `/test/apps/${SIM_APP.appKey}/events`, { transport });
        await eventually(async () => {
          const view = (await node.api('GET', `${V1}/identity-sources/${source.id}`, { token: admin })).body;
          assert.equal(view.stream.state, 'connected', JSON.stringify(view.stream));
        });
      }
    });
    after(async () => {
      await node?.close();
      await sim?.close();
    });

    test('events before the first full sync are logged and change nothing', async () => {
      await org('PATCH', '/users/zhangsan', { title: '架构师' });
      const [event] = await eventually(async () => {
        const list = await events();
        assert.ok(list.length >= 1 && list[0].status !== 'received', JSON.stringify(list));
        return list;
      });
      assert.equal(event.eventType, 'user_modify_org');
      assert.equal(event.status, 'ignored');
      assert.equal(await userNamed('zhangsan'), undefined);
    });

    test('after a full sync, a change in DingTalk reaches the Portico user within seconds', async () => {
      const run = await node.api('POST', `${V1}/identity-sources/${source.id}/runs`, { token: admin, body: { mode: 'apply' } });
      assert.equal((await waitForRun(node, admin, run.body.id)).status, 'succeeded');
      assert.equal((await userNamed('lisi')).displayName, '李四');

      await org('PATCH', '/users/lisi', { name: '李四（产品）', mobile: '13800000012' });
      await eventually(async () => {
        const lisi = await userNamed('lisi');
        assert.equal(lisi.displayName, '李四（产品）');
        assert.equal(lisi.mobile, '+8613800000012');
      });
      assert.equal((await events())[0].status, 'applied');
    });

    test('a new person and a new department arrive by events; a leaver is disabled', async () => {
      await org('POST', '/departments', { deptId: 70, name: '客服部', parentId: 1 });
      await org('POST', '/users', { userId: 'zhoujiu', name: '周九', mobile: '13800000019', stateCode: '86', jobNumber: 'E019', deptIdList: [70], active: true });
      const zhou = await eventually(async () => {
        const u = await userNamed('zhoujiu');
        assert.ok(u, 'created');
        return u;
      });
      const units = (await node.api('GET', `${V1}/org-units`, { token: admin })).body.items as { id: string; name: string }[];
      assert.equal(units.find((u) => u.id === zhou.orgUnitId)?.name, '客服部');

      await org('DELETE', '/users/zhoujiu');
      await eventually(async () => assert.equal((await userNamed('zhoujiu')).status, 'disabled'));
    });

    test('a duplicated event is logged as a duplicate and applied once', async () => {
      await sim.api('PUT', '/test/events/chaos', { duplicate: 1 });
      await org('PATCH', '/users/wangwu', { title: '资深设计师' });
      await eventually(async () => {
        const list = await events();
        const forWangwu = list.filter((e) => e.ids.includes('wangwu'));
        assert.deepEqual(forWangwu.map((e) => e.status).sort(), ['applied', 'duplicate'], JSON.stringify(forWangwu));
      });
    });

    test('an event DingTalk never delivers is repaired by the nightly reconcile', async () => {
      await sim.api('PUT', '/test/events/chaos', { drop: 1 });
      await org('PATCH', '/users/zhangsan', { name: '张三（漏）' });
      const [dropped] = (await sim.api('GET', `/test/apps/${SIM_APP.appKey}/events?status=dropped`)).events;
      assert.equal(dropped.eventType, 'user_modify_org');
      assert.equal((await userNamed('zhangsan')).displayName, '张三');
      // The reconcile hour is now, and the last one ran yesterday: the worker starts it at its next tick.
      const patched = await node.api('PATCH', `${V1}/identity-sources/${source.id}`, { token: admin, body: { config: { reconcileHour: new Date().getHours() } } });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      await node.portico.store.db.updateTable('identity_sources').set({ last_scheduled_at: new Date(Date.now() - 86_400_000).toISOString() }).where('id', '=', source.id).execute();
      await eventually(async () => assert.equal((await userNamed('zhangsan')).displayName, '张三（漏）'));
      const runs = (await node.api('GET', `${V1}/identity-sources/${source.id}/runs`, { token: admin })).body.items;
      assert.equal(runs[0].trigger, 'schedule');
      assert.equal(runs[0].status, 'succeeded');
    });

    if (transport === 'http_push') {
      test('a push with a bad signature is refused with 403 and changes nothing', async () => {
        const before = (await events()).length;
        const res = await node.api('POST', `${new URL(source.callbackUrl).pathname}?signature=0000&timestamp=1700000000123&nonce=abc`, { body: { encrypt: 'Q3stYC6h' } });
        assert.equal(res.status, 403);
        assert.equal(res.body.code, 'sync.push_signature_invalid');
        const malformed = await node.api('POST', new URL(source.callbackUrl).pathname, { body: { nothing: true } });
        assert.equal(malformed.status, 400);
        assert.equal((await events()).length, before);
      });
    } else {
      test('when DingTalk disconnects the stream, Portico reconnects with a fresh ticket and keeps receiving', async () => {
        const [connection] = await sim.api('GET', '/test/stream/connections');
        await sim.api('POST', `/test/stream/connections/${connection.id}/disconnect`, { delayMs: 100 });
        await eventually(async () => {
          const open = (await sim.api('GET', '/test/stream/connections')).filter((c: { id: string; state: string }) => c.id !== connection.id && c.state === 'open');
          assert.equal(open.length, 1);
        });
        await org('PATCH', '/users/sunqi', { name: '孙七七' });
        await eventually(async () => assert.equal((await userNamed('sunqi')).displayName, '孙七七'));
      });
    }
  });
}

suite('http_push');
suite('stream');
