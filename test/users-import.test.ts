/**
 * CSV import of users, on both databases: the file becomes a dry run (its unreadable rows named by row
 * and column), then the admin applies it; departments come from their paths; a file without a
 * department column moves nobody; a broken file is refused whole.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { changesOf, usersByUsername, waitForRun, V1 } from './helpers/sync.ts';

describeEachDialect('CSV import of users', (dialect) => {
  let node: TestNode;
  let admin: string;

  before(async () => {
    node = await startNode(dialect, { PORTICO_SYNC_TICK_MS: '100' });
    admin = await node.tokenFor('super_admin');
  });
  after(async () => node?.close());

  const importCsv = async (content: string, matchKey = 'username') => {
    const res = await node.api('POST', `${V1}/users/import`, { token: admin, body: { content, fileName: 'people.csv', matchKey } });
    return res;
  };

  test('a file is planned first, its bad rows named by row and column; applying it creates, updates and places people', async () => {
    const existing = await node.api('POST', `${V1}/users`, { token: admin, body: { username: 'wang.fang', displayName: 'Wang', mobile: '+8613800000101' } });
    assert.equal(existing.status, 201);
    const csv = [
      'username,displayName,mobile,email,department',
      'wang.fang,王芳,+8613800000101,wang.fang@example.com,研发部/后端组',
      'li.lei,李雷,13800000102,,研发部',
      'han.meimei,韩梅梅,12ab,,市场部',
    ].join('\r\n');
    const res = await importCsv(csv);
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.equal(res.body.origin, 'csv');
    const planned = await waitForRun(node, admin, res.body.id);
    assert.equal(planned.status, 'planned', JSON.stringify(planned));
    assert.equal(planned.counts.create, 1);
    assert.equal(planned.counts.move, 1, 'the existing user moves to 后端组 and is updated');
    assert.equal(planned.counts.conflict, 1);
    assert.equal(planned.counts.create_unit, 2, '研发部 and 后端组; 市场部 only had a bad row');
    const [problem] = await changesOf(node, admin, planned.id, 'conflict');
    assert.match(problem.problem.detail, /row 4, column mobile/);
    assert.equal((await usersByUsername(node, admin))['li.lei'], undefined, 'nothing changes before apply');

    assert.equal((await node.api('POST', `${V1}/sync-runs/${planned.id}/apply`, { token: admin, body: {} })).status, 202);
    assert.equal((await waitForRun(node, admin, planned.id)).status, 'succeeded');
    const users = await usersByUsername(node, admin);
    assert.equal(users['wang.fang'].id, existing.body.id);
    assert.equal(users['wang.fang'].displayName, '王芳');
    assert.equal(users['wang.fang'].email, 'wang.fang@example.com');
    assert.equal(users['li.lei'].mobile, '+8613800000102');
    const units = (await node.api('GET', `${V1}/org-units`, { token: admin })).body.items as { id: string; name: string; parentId: string }[];
    const rd = units.find((u) => u.name === '研发部')!;
    assert.equal(users['li.lei'].orgUnitId, rd.id);
    assert.equal(units.find((u) => u.id === users['wang.fang'].orgUnitId)?.parentId, rd.id);
    assert.equal(users['han.meimei'], undefined);

    const audit = (await node.api('GET', `${V1}/audit-events?action=user.import`, { token: admin })).body.items;
    assert.equal(audit.length, 1);
  });

  test('a file without a department column changes people, not their units', async () => {
    const before = (await usersByUsername(node, admin))['li.lei'];
    const res = await importCsv('username,displayName\r\nli.lei,李雷（新）\r\n');
    const planned = await waitForRun(node, admin, res.body.id);
    assert.equal(planned.counts.update, 1, JSON.stringify(planned.counts));
    await node.api('POST', `${V1}/sync-runs/${planned.id}/apply`, { token: admin, body: {} });
    await waitForRun(node, admin, planned.id);
    const after = (await usersByUsername(node, admin))['li.lei'];
    assert.equal(after.displayName, '李雷（新）');
    assert.equal(after.orgUnitId, before.orgUnitId);
  });

  test('a change that no longer fits when applied is recorded with its problem; the others are applied', async () => {
    const res = await importCsv('username,displayName\r\nzhou.a,周甲\r\nzhou.b,周乙\r\nzhou.c,周丙\r\n');
    const planned = await waitForRun(node, admin, res.body.id);
    assert.equal(planned.counts.create, 3);
    // Between the plan and its apply, someone takes one of the usernames.
    assert.equal((await node.api('POST', `${V1}/users`, { token: admin, body: { username: 'zhou.b', displayName: 'Taken meanwhile' } })).status, 201);
    await node.api('POST', `${V1}/sync-runs/${planned.id}/apply`, { token: admin, body: {} });
    const applied = await waitForRun(node, admin, planned.id);
    assert.equal(applied.status, 'succeeded');
    assert.ok(applied.warnings.some((w: { code: string }) => w.code === 'sync.changes_failed'), JSON.stringify(applied.warnings));
    const creates = await changesOf(node, admin, planned.id, 'create');
    assert.deepEqual(creates.map((c: { name: string; applied: boolean }) => [c.name, c.applied]), [['周甲', true], ['周乙', false], ['周丙', true]]);
    assert.equal(creates[1].problem.code, 'user.username_taken');
    const users = await usersByUsername(node, admin);
    assert.equal(users['zhou.b'].displayName, 'Taken meanwhile');
    assert.equal(users['zhou.c'].displayName, '周丙');
    assert.equal(users['zhou.c'].id, creates[2].userId);
  });

  test('a file the reader cannot take is refused whole, with the reason', async () => {
    const noHeader = await importCsv('');
    assert.equal(noHeader.status, 400);
    const unknown = await importCsv('username,displayName,shoeSize\r\nx,y,42\r\n');
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.code, /^csv\./);
    const badKey = await node.api('POST', `${V1}/users/import`, { token: admin, body: { content: 'username,displayName\r\n', matchKey: 'none' } });
    assert.equal(badKey.status, 400);
  });
});
