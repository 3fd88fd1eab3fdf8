// Fixture loading and validation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_FIXTURE_APP, FixtureError, loadDemoFixture, validateFixture, type SimFixture } from './fixture.ts';
import { createDingTalkSimulator } from './server.ts';

describe('fixture', () => {
  it('loads the demo fixture: one org, five users, the Portico Demo app with every grant', () => {
    const f = loadDemoFixture();
    assert.equal(f.orgs[0].corpId, 'dingdemocorp0001');
    assert.deepEqual(f.users.map((u) => [u.name, u.userId, u.mobile, u.email ?? null, u.jobNumber]), [
      ['张三', 'zhangsan', '13800000001', 'zhangsan@demo.example', 'E001'],
      ['李四', 'lisi', '13800000002', 'lisi@demo.example', 'E002'],
      ['王五', 'wangwu', '13800000003', null, 'E003'],
      ['赵六', 'zhaoliu', '13800000004', 'zhaoliu@demo.example', 'E004'],
      ['孙七', 'sunqi', '13900000009', null, 'E009'],
    ]);
    assert.equal(f.users[0].unionId, 'uZhangSan0001');
    const app = f.apps[0];
    assert.equal(app.clientId, 'dingdemoappkey');
    assert.equal(app.clientSecret, 'demo-app-secret');
    assert.deepEqual(app.grants, { contactUserRead: true, contactUserMobile: true, qyapiGetMember: true });
    assert.equal(app.redirectUris.length, 2);
  });

  it('DEMO_FIXTURE_APP names the app and org the demo fixture holds', () => {
    const f = loadDemoFixture();
    assert.deepEqual(DEMO_FIXTURE_APP, { appKey: f.apps[0].clientId, appSecret: f.apps[0].clientSecret, corpId: f.orgs[0].corpId });
  });

  it('rejects broken fixtures with every problem listed', () => {
    const f = structuredClone(loadDemoFixture()) as SimFixture;
    f.users.push({ ...f.users[0] });
    f.apps[0].corpId = 'dingmissing';
    (f.users[1] as unknown as Record<string, unknown>).mobile = 13800000002;
    assert.throws(() => validateFixture(f), (err: unknown) => {
      assert.ok(err instanceof FixtureError);
      assert.ok(err.errors.some((e) => e.includes('duplicate user unionId uZhangSan0001')));
      assert.ok(err.errors.some((e) => e.includes('unknown org dingmissing')));
      assert.ok(err.errors.some((e) => e.includes('users[1].mobile')));
      return true;
    });
    assert.throws(() => createDingTalkSimulator({ fixture: { orgs: [], users: 'x' } as unknown as SimFixture }), FixtureError);
  });

  it('holds the demo department tree, one person in two departments, and the app\'s org permissions', () => {
    const f = loadDemoFixture();
    assert.deepEqual(f.departments?.map((d) => [d.deptId, d.name, d.parentId]), [
      [2, '研发部', 1], [3, '后端组', 2], [4, '前端组', 2], [5, '产品部', 1], [6, '销售部', 1],
    ]);
    assert.deepEqual(f.users.find((u) => u.userId === 'wangwu')?.deptIdList, [4, 5]);
    assert.deepEqual(f.apps[0].orgPermissions, { departments: true, members: true, mobile: true, email: true });
  });

  it('rejects a department tree with unknown parents, cycles, duplicates or unknown memberships', () => {
    const f = structuredClone(loadDemoFixture()) as SimFixture;
    const corpId = f.orgs[0].corpId;
    f.departments = [
      { corpId, deptId: 2, name: 'A', parentId: 3 }, { corpId, deptId: 3, name: 'B', parentId: 2 },
      { corpId, deptId: 4, name: 'C', parentId: 99 }, { corpId, deptId: 4, name: 'D', parentId: 1 },
    ];
    assert.throws(() => validateFixture(f), (err: unknown) => {
      assert.ok(err instanceof FixtureError);
      for (const problem of ['department 2 is its own ancestor', 'unknown parent 99', 'duplicate department 4', 'refers to unknown department 5']) {
        assert.ok(err.errors.some((e) => e.includes(problem)), `${problem} in ${err.errors.join('; ')}`);
      }
      return true;
    });
  });

  it('gives each simulator its own world', () => {
    const a = createDingTalkSimulator({ fixture: loadDemoFixture() });
    const b = createDingTalkSimulator({ fixture: loadDemoFixture() });
    a.state.users.delete('uZhangSan0001');
    assert.equal(b.state.users.has('uZhangSan0001'), true);
    a.state.reset();
    assert.equal(a.state.users.has('uZhangSan0001'), true);
  });
});
