/**
 * GET /api/admin/v1/users/export.csv on both databases: the exact file (a byte order mark, CRLF, guarded
 * formulas, department paths), its audit event, that the CSV reader reads it back into the same people,
 * and that it pages through more users than one batch holds.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { csvReader } from '../src/sync/csv/reader.ts';
import { EXPORT_BATCH_SIZE } from '../src/sync/csv/export.ts';
import type { UpstreamDepartment, UpstreamPerson } from '../src/sync/reader.ts';
import { ROOT_ORG_UNIT_ID } from '../src/directory/org-units.ts';

const V1 = '/api/admin/v1';
const HEADER = 'username,displayName,mobile,email,employeeNumber,externalId,status,department';

describeEachDialect('Users CSV export', (dialect) => {
  let node: TestNode;
  let token: string;

  before(async () => {
    node = await startNode(dialect);
    token = await node.tokenFor('super_admin');
  });
  after(() => node?.close());

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await node.api(method, V1 + path, { token, body });
    assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  /** The raw bytes, as a browser saves them (fetch's text() would drop the byte order mark). */
  const download = async (as = token) => {
    const res = await fetch(`${node.url}${V1}/users/export.csv`, { headers: { authorization: `Bearer ${as}` } });
    return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
  };
  const decode = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

  async function readBack(text: string) {
    const reader = csvReader(text, { matchKey: 'username' });
    const departments: UpstreamDepartment[] = [];
    for await (const d of reader.departments()) departments.push(d);
    const people: UpstreamPerson[] = [];
    for await (const page of reader.people()) people.push(...page);
    return { departments, people, problems: reader.problems() };
  }

  test('the file holds every user exactly, guarded against formulas, and reads back into the same people', async () => {
    const rd = await call('POST', '/org-units', { name: '研发部' });
    const backend = await call('POST', '/org-units', { name: '后端组', parentId: rd.id });
    const sales = await call('POST', '/org-units', { name: '市场/销售' });
    await call('POST', '/users', {
      username: 'zhangsan', displayName: '张三', mobile: '138 0000 0001', email: 'ZhangSan@Example.com', employeeNumber: 'E001', externalId: 'dt-zs', orgUnitId: backend.id,
    });
    const lisi = await call('POST', '/users', { username: 'lisi', displayName: '李四, 研发', email: 'lisi@example.com', orgUnitId: rd.id });
    await call('PATCH', `/users/${lisi.id}`, { status: 'disabled' });
    await call('POST', '/users', { username: 'formula', displayName: '=HYPERLINK("http://evil.example","点我")', mobile: '+14155550123', employeeNumber: '-42', orgUnitId: sales.id });
    await call('POST', '/users', { username: 'wangwu', displayName: '王五' });

    const { res, bytes } = await download();
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(res.headers.get('content-disposition'), `attachment; filename="portico-users-${new Date().toISOString().slice(0, 10)}.csv"`);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('content-length'), null, 'streamed, not built whole');
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 byte order mark, for Excel');

    const text = decode(bytes);
    assert.ok(text.endsWith('\r\n'));
    assert.ok(!/[^\r]\n/.test(text), 'every line ends in CRLF');
    const [header, ...rows] = text.slice(1, -2).split('\r\n');
    assert.equal(header, HEADER);
    // Users are written in id order, which is random: compare them sorted.
    assert.deepEqual(rows.sort(), [
      `formula,"'=HYPERLINK(""http://evil.example"",""点我"")",+14155550123,,'-42,,active,市场\\/销售`,
      'lisi,"李四, 研发",,lisi@example.com,,,disabled,研发部',
      'wangwu,王五,,,,,active,',
      'zhangsan,张三,+8613800000001,zhangsan@example.com,E001,dt-zs,active,研发部/后端组',
    ]);

    const events = await call('GET', '/audit-events?action=user.export');
    assert.equal(events.items.length, 1);
    assert.equal(events.items[0].actor.name, 'admin');
    assert.deepEqual(events.items[0].after, { format: 'csv', users: 4 });

    const { departments, people, problems } = await readBack(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(departments[0], { externalId: '', parentExternalId: null, name: '' });
    assert.deepEqual(departments.slice(1).sort((a, b) => a.externalId.localeCompare(b.externalId)), [
      { externalId: '市场\\/销售', parentExternalId: '', name: '市场/销售' },
      { externalId: '研发部', parentExternalId: '', name: '研发部' },
      { externalId: '研发部/后端组', parentExternalId: '研发部', name: '后端组' },
    ].sort((a, b) => a.externalId.localeCompare(b.externalId)));
    const at = (id: string) => departments.findIndex((d) => d.externalId === id);
    assert.ok(at('研发部') < at('研发部/后端组'), 'parents first');
    const byName = (list: UpstreamPerson[]) => list.map(({ origin: _origin, ...p }) => p).sort((a, b) => a.externalId.localeCompare(b.externalId));
    const values = (username: string, displayName: string, mobile: string | null, email: string | null, employeeNumber: string | null, externalId: string | null) => ({
      username, displayName, mobile, email, employeeNumber, externalId,
    });
    assert.deepEqual(byName(people), [
      { externalId: 'formula', subject: null, active: true, departmentIds: ['市场\\/销售'], values: values('formula', '=HYPERLINK("http://evil.example","点我")', '+14155550123', null, '-42', null) },
      { externalId: 'lisi', subject: null, active: false, departmentIds: ['研发部'], values: values('lisi', '李四, 研发', null, 'lisi@example.com', null, null) },
      { externalId: 'wangwu', subject: null, active: true, departmentIds: [], values: values('wangwu', '王五', null, null, null, null) },
      { externalId: 'zhangsan', subject: null, active: true, departmentIds: ['研发部/后端组'], values: values('zhangsan', '张三', '+8613800000001', 'zhangsan@example.com', 'E001', 'dt-zs') },
    ]);
  });

  test('more users than one batch are each written once', async () => {
    const now = new Date().toISOString();
    const extra = EXPORT_BATCH_SIZE * 2 + 345;
    const rows = Array.from({ length: extra }, (_, i) => ({
      id: `usr_bulk${String(i).padStart(5, '0')}`, username: `bulk${i}`, display_name: `批量 ${i}`, mobile: null, email: null, employee_number: null, external_id: null,
      status: 'active', password_hash: null, org_unit_id: ROOT_ORG_UNIT_ID, created_at: now, updated_at: now, email_verified_at: null, mobile_verified_at: null,
    }));
    for (let i = 0; i < rows.length; i += 500) await node.portico.store.db.insertInto('users').values(rows.slice(i, i + 500)).execute();
    const { count } = await node.portico.store.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();

    const { res, bytes } = await download();
    assert.equal(res.status, 200);
    const lines = decode(bytes).slice(1, -2).split('\r\n').slice(1);
    const usernames = lines.map((line) => line.split(',')[0]);
    assert.equal(usernames.length, Number(count));
    assert.equal(new Set(usernames).size, usernames.length, 'no user twice');
    const written = new Set(usernames);
    assert.deepEqual(rows.filter((r) => !written.has(r.username)), [], 'every user written');
  });

  test('an auditor may export (users:read); without a token it is refused', async () => {
    const auditor = await node.tokenFor('auditor');
    assert.equal((await download(auditor)).res.status, 200);
    const anonymous = await fetch(`${node.url}${V1}/users/export.csv`);
    assert.equal(anonymous.status, 401);
  });
});
