/**
 * The lists that migration 019 indexes for a large directory and audit log give the same answers as the
 * plain queries they replace, on both databases: the Users search finds exactly the users whose username,
 * display name, mobile, email or employee number contains the text (Chinese substrings of one, two or
 * three characters, pinyin prefixes, mobile digits, emails, upper case, LIKE's special characters, values
 * the index's short words do not cover), before and after users change, and for users stored before the
 * upgrade; the Audit page's filters return the same pages in the same order, newest first; counts are
 * exact up to the cap and say so beyond it. (How fast: `npm run bench:scale`, not here.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachDialect, startNode, type TestDialect, type TestNode } from './helpers/harness.ts';
import { storeBeforeMigration } from './helpers/store-at-migration.ts';
import { containsText } from '../src/store/contains.ts';
import { migrate, type Db } from '../src/store/database.ts';
import { listUsers } from '../src/directory/user-store.ts';
import { SEARCH_COLUMNS, SEARCH_COUNT_CAP } from '../src/directory/user-search.ts';
import { COUNT_CAP, MAX_COUNTED_KEYS } from '../src/store/paginate.ts';
import { ROOT_ORG_UNIT_ID } from '../src/store/well-known.ts';
import { rng } from '../bench/scale/people.ts';
import type { UserTable } from '../src/store/schema.ts';

const V1 = '/api/admin/v1';

const SURNAMES = [['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['欧阳', 'ouyang'], ['林', 'lin']] as const;
const GIVEN = [['伟', 'wei'], ['秀', 'xiu'], ['英', 'ying'], ['三', 'san'], ['丰', 'feng'], ['静', 'jing'], ['林', 'lin'], ['王', 'wang']] as const;

type Person = Pick<UserTable, 'id' | (typeof SEARCH_COLUMNS)[number]>;

/**
 * People whose values exercise every path of the search: Chinese names of two to four characters,
 * Latin names with capitals and accents, LIKE's and FTS5's special characters, names longer than the
 * index's short words reach, and non-ASCII characters outside the name (an email, an employee number).
 */
function people(count: number, seed: number, prefix: string): Person[] {
  const r = rng(seed);
  const out: Person[] = [];
  for (let i = 0; i < count; i++) {
    const [hanzi, pinyin] = r.pick(SURNAMES);
    const given = Array.from({ length: 1 + r.int(3) }, () => r.pick(GIVEN));
    let display = hanzi + given.map((g) => g[0]).join('');
    const base = pinyin + given.map((g) => g[1]).join('');
    const roll = r.next();
    if (roll < 0.08) display = r.pick(['Émile Müller', 'ANNA Lindqvist', 'Zoë O"Brien', "D'Arcy Wu", 'Back\\slash Bo', '100% Sure', 'snake_case Sam']);
    else if (roll < 0.12) display = `${'Alexandria '.repeat(3 + r.int(2))}${display}`; // longer than the short words reach
    const username = `${prefix}${base}${i}`;
    out.push({
      id: `usr_${prefix}${String(i).padStart(5, '0')}`,
      username,
      display_name: display,
      mobile: r.next() < 0.9 ? `+86${r.pick(['138', '139', '186'])}${String(r.int(1e8)).padStart(8, '0')}` : null,
      email: r.next() < 0.05 ? `${hanzi}${i}@例子.中国` : r.next() < 0.9 ? `${username}@Corp.Example` : null,
      employee_number: r.next() < 0.05 ? `研发-${i}` : r.next() < 0.9 ? `HX${String(100000 + i)}` : null,
    });
  }
  return out;
}

async function insertPeople(db: Db, list: Person[], t0: number) {
  const rows = list.map((p, i) => {
    // Some share a creation time: the order falls back on the id.
    const at = new Date(t0 + Math.floor(i / 3) * 1000).toISOString();
    return { ...p, external_id: null, status: 'active', password_hash: null, org_unit_id: ROOT_ORG_UNIT_ID, created_at: at, updated_at: at, email_verified_at: null, mobile_verified_at: null };
  });
  for (let i = 0; i < rows.length; i += 100) await db.insertInto('users').values(rows.slice(i, i + 100)).execute();
}

/** The plain query the search replaces: every user whose values contain the text, newest first. */
async function expected(db: Db, q: string): Promise<string[]> {
  const rows = await db.selectFrom('users').select('id').where(containsText(SEARCH_COLUMNS, q)).orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Queries drawn from the people's own values (substrings of every length from 1 to 6, some in capitals), and a fixed set. */
function queries(list: Person[], seed: number): string[] {
  const r = rng(seed);
  const out = new Set(['王', '林', '张伟', '秀英', '欧阳', '王秀英', '林王', 'zhang', 'ZHANGW', 'li', 'zz', '13', '138', '8613', '@例子', '例子.中', '研发', '研', '%', '_', '\\', '"', "'", 'o"b', "d'a", 'é', 'É', 'mü', 'MÜLLER', 'Ö', 'alexandria', 'ria 王', '@corp.example', 'hx1000', '不存在', 'qqqq']);
  for (let i = 0; i < 60; i++) {
    const p = r.pick(list);
    const value = r.pick([p.username, p.display_name, p.mobile, p.email, p.employee_number].filter((v): v is string => v !== null));
    const chars = [...value];
    const start = r.int(chars.length);
    let text = chars.slice(start, start + 1 + r.int(6)).join('');
    if (r.next() < 0.2) text = text.toUpperCase();
    if (text.trim()) out.add(text);
  }
  return [...out];
}

describeEachDialect('Data scale: the Users search finds the same users through the index', (dialect: TestDialect) => {
  let node: TestNode;
  let admin: string;
  let db: Db;
  let list: Person[];
  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    db = node.portico.store.db;
    list = people(400, 1, 's');
    await insertPeople(db, list, Date.parse('2025-01-01T00:00:00Z'));
  });
  after(() => node?.close());

  /** Every page of the API's answer, and the first page's count. */
  async function searched(q: string, pageSize = 100) {
    const ids: string[] = [];
    let first: { total: number; totalCapped?: boolean } | undefined;
    for (let page = 1; page < 100; page++) {
      const res = await node.api('GET', `${V1}/users?q=${encodeURIComponent(q)}&page=${page}&pageSize=${pageSize}`, { token: admin });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      first ??= res.body;
      ids.push(...res.body.items.map((u: { id: string }) => u.id));
      if (res.body.items.length < pageSize) break;
    }
    return { ids, total: first!.total, totalCapped: first!.totalCapped };
  }

  async function assertSame(qs: string[]) {
    for (const q of qs) {
      const want = await expected(db, q);
      const got = await searched(q);
      assert.deepEqual(got.ids, want, `q=${JSON.stringify(q)}`);
      assert.equal(got.total, want.length, `q=${JSON.stringify(q)}: total`);
      assert.equal(got.totalCapped, undefined, `q=${JSON.stringify(q)}: not capped`);
    }
  }

  test('Chinese substrings, pinyin, mobile digits, emails, capitals and special characters find the same users, in the same order', async () => {
    const qs = queries(list, 2);
    await assertSame(qs);
    // The fixed ones do find people (the comparison above would pass on an empty result too).
    for (const q of ['王', '张伟', '秀英', '欧阳', 'zhang', '138', '@例子', '研发', '%', 'MÜLLER', 'alexandria']) assert.ok((await expected(db, q)).length > 0, q);
  });

  test('a user changed through the API or in the database, or deleted, is found by the new values only', async () => {
    const [a, b, c] = list;
    const renamed = await node.api('PATCH', `${V1}/users/${a.id}`, { token: admin, body: { displayName: '诸葛孔明', email: 'kongming@shu.example' } });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    await db.updateTable('users').set({ employee_number: '蜀-007', mobile: '+8613912345678' }).where('id', '=', b.id).execute();
    assert.equal((await node.api('DELETE', `${V1}/users/${c.id}`, { token: admin })).status, 204);
    const created = await node.api('POST', `${V1}/users`, { token: admin, body: { username: 'zhugeliang', displayName: '诸葛亮', mobile: '13700001111', email: 'liang@shu.example' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual((await searched('诸葛')).ids, [created.body.id, a.id]);
    assert.deepEqual((await searched('孔明')).ids, [a.id]);
    assert.deepEqual((await searched(a.display_name)).ids, await expected(db, a.display_name));
    assert.ok(!(await searched(a.display_name)).ids.includes(a.id), 'the old name no longer finds the user');
    assert.deepEqual((await searched('蜀')).ids, [b.id]);
    assert.deepEqual((await searched('912345')).ids, [b.id]);
    assert.ok(!(await searched(c.username)).ids.includes(c.id), 'a deleted user is gone from the index');
    await assertSame([...queries(list, 3), '诸葛', '葛亮', 'shu.example', '蜀', '-007']);
  });

  test('a deep page of the list and of a search is the same slice as before', async () => {
    const all = (await db.selectFrom('users').select('id').orderBy('created_at', 'desc').orderBy('id').execute()).map((r) => r.id);
    for (const [page, pageSize] of [[1, 20], [7, 20], [3, 50], [Math.ceil(all.length / 20), 20], [Math.ceil(all.length / 20) + 1, 20]]) {
      const res = await node.api('GET', `${V1}/users?page=${page}&pageSize=${pageSize}`, { token: admin });
      assert.deepEqual(res.body.items.map((u: { id: string }) => u.id), all.slice((page - 1) * pageSize, page * pageSize), `page ${page}`);
      assert.equal(res.body.total, all.length, 'the list without a search is counted exactly');
      assert.equal(res.body.totalCapped, undefined);
    }
    const wang = await expected(db, '王');
    const third = await node.api('GET', `${V1}/users?q=${encodeURIComponent('王')}&page=3&pageSize=10`, { token: admin });
    assert.deepEqual(third.body.items.map((u: { id: string }) => u.id), wang.slice(20, 30));
  });

  test(`a search counts up to ${SEARCH_COUNT_CAP} matches past its page and says there are more`, async () => {
    // Enough people named 林 for the cap, written directly as a directory sync would.
    // Enough for a page so deep that its count reads no keys (offset + cap past MAX_COUNTED_KEYS).
    const many = people(MAX_COUNTED_KEYS - 500, 4, 'c').map((p) => ({ ...p, display_name: `林${p.display_name}` }));
    await insertPeople(db, many, Date.parse('2025-06-01T00:00:00Z'));
    const want = await expected(db, '林');
    assert.ok(want.length > SEARCH_COUNT_CAP);
    const first = await node.api('GET', `${V1}/users?q=${encodeURIComponent('林')}&pageSize=20`, { token: admin });
    assert.equal(first.body.total, SEARCH_COUNT_CAP);
    assert.equal(first.body.totalCapped, true);
    assert.deepEqual(first.body.items.map((u: { id: string }) => u.id), want.slice(0, 20));
    // Past the first count, the next pages count further, and the last page is exact.
    const lastPage = Math.ceil(want.length / 100);
    const last = await node.api('GET', `${V1}/users?q=${encodeURIComponent('林')}&page=${lastPage}&pageSize=100`, { token: admin });
    assert.equal(last.body.total, want.length);
    assert.equal(last.body.totalCapped, undefined);
    assert.deepEqual(last.body.items.map((u: { id: string }) => u.id), want.slice((lastPage - 1) * 100));
    const deep = await node.api('GET', `${V1}/users?q=${encodeURIComponent('林')}&page=45&pageSize=100`, { token: admin });
    assert.deepEqual(deep.body.items.map((u: { id: string }) => u.id), want.slice(4400, 4500));
    assert.equal(deep.body.total, want.length);
    for (const q of ['林', '林王', 'lin', 'c', '138']) {
      const middle = await node.api('GET', `${V1}/users?q=${encodeURIComponent(q)}&page=4&pageSize=50`, { token: admin });
      assert.deepEqual(middle.body.items.map((u: { id: string }) => u.id), (await expected(db, q)).slice(150, 200), q);
    }
  });
});

describeEachDialect('Data scale: migration 019 indexes the users stored before it', (dialect: TestDialect) => {
  const at = storeBeforeMigration(dialect, '019_search_indexes');

  test('users of the previous version are found after the upgrade as before it', async () => {
    const list = people(300, 5, 'm');
    await insertPeople(at.store.db, list, Date.parse('2024-03-01T00:00:00Z'));
    const qs = queries(list, 6);
    const before = new Map<string, string[]>();
    for (const q of qs) before.set(q, await expected(at.store.db, q));
    assert.ok((await migrate(at.store)).includes('019_search_indexes'));
    for (const q of qs) {
      const page = await listUsers(at.store.db, dialect, { q }, { pageSize: 100 });
      assert.deepEqual(page.items.map((u) => u.id), before.get(q)!.slice(0, 100), `q=${JSON.stringify(q)}`);
      assert.equal(page.total, before.get(q)!.length);
    }
  });
});

describeEachDialect('Data scale: the Audit page returns the same pages, counted up to the cap', (dialect: TestDialect) => {
  let node: TestNode;
  let admin: string;
  let db: Db;
  const base = Date.parse('2026-03-01T00:00:00Z');
  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    db = node.portico.store.db;
    // More events than the count's cap: a mix of categories, actions, outcomes, actors and times (some
    // sharing a millisecond, some written out of time order, as two nodes would).
    const r = rng(9);
    const actions = [['login', 'login.dingtalk'], ['login', 'login.password'], ['login', 'login.sms'], ['login', 'logout'], ['admin', 'user.update'], ['security', 'source.update'], ['user', 'binding.delete']] as const;
    const rows = Array.from({ length: COUNT_CAP + 600 }, (_, i) => {
      const [category, action] = actions[i % 97 === 0 ? 4 + r.int(3) : r.int(4)];
      const jitter = r.next() < 0.1 ? -r.int(5000) : 0;
      return {
        at: new Date(base + Math.floor(i / 2) * 60_000 + jitter).toISOString(),
        category,
        actor_type: 'user',
        actor_id: `usr_actor${r.int(40)}`,
        actor_name: null,
        action,
        target_type: 'application',
        target_id: 'app_user_center',
        outcome: r.next() < 0.15 ? 'failure' : 'success',
        reason: null,
        method: category === 'login' ? 'dingtalk' : null,
        before: null,
        after: null,
        ip: '10.0.0.1',
        user_agent: 'test',
      };
    });
    for (let i = 0; i < rows.length; i += 500) await db.insertInto('audit_events').values(rows.slice(i, i + 500)).execute();
  });
  after(() => node?.close());

  /** The plain query: the filter's events, newest first (by time, then by id), every one. */
  async function expectedEvents(filter: Record<string, string>): Promise<number[]> {
    let query = db.selectFrom('audit_events').select('id');
    if (filter.category) query = query.where('category', '=', filter.category);
    if (filter.action) query = query.where('action', '=', filter.action);
    if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
    if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
    if (filter.from) query = query.where('at', '>=', filter.from);
    if (filter.to) query = query.where('at', '<', filter.to);
    return (await query.orderBy('at', 'desc').orderBy('id', 'desc').execute()).map((r) => r.id);
  }

  const filters: Record<string, string>[] = [
    {},
    { category: 'login' },
    { category: 'admin' },
    { action: 'login.password', outcome: 'failure' },
    { action: 'login.dingtalk' },
    { outcome: 'failure' },
    { category: 'login', outcome: 'failure' },
    { from: new Date(base + 3 * 3_600_000).toISOString(), to: new Date(base + 5 * 3_600_000).toISOString() },
    { category: 'login', from: new Date(base + 24 * 3_600_000).toISOString() },
    { actorId: 'usr_actor7' },
    { action: 'login.nothing' },
  ];

  test('each filter gives the same pages, newest first, and the same count up to the cap', async () => {
    for (const filter of filters) {
      const want = await expectedEvents(filter);
      const lastPage = Math.max(1, Math.ceil(want.length / 25));
      for (const page of [1, 2, 17, lastPage, lastPage + 1]) {
        const res = await node.api('GET', `${V1}/audit-events?${new URLSearchParams({ ...filter, page: String(page), pageSize: '25' })}`, { token: admin });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        const label = `${JSON.stringify(filter)} page ${page}`;
        assert.deepEqual(res.body.items.map((e: { id: number }) => e.id), want.slice((page - 1) * 25, page * 25), label);
        const cap = (page - 1) * 25 + COUNT_CAP;
        assert.equal(res.body.total, Math.min(want.length, cap), `${label}: total`);
        assert.equal(res.body.totalCapped, want.length > cap ? true : undefined, `${label}: capped`);
      }
    }
  });

  test('the filters match a rich enough mix (the comparison above is not between empty lists)', async () => {
    assert.ok((await expectedEvents({})).length > COUNT_CAP);
    assert.ok((await expectedEvents({ category: 'login' })).length > COUNT_CAP);
    for (const filter of filters.slice(2, 10)) assert.ok((await expectedEvents(filter)).length > 25, JSON.stringify(filter));
    // Out of time order, as written: the list follows the events' times, not the order they were stored in.
    const { rows } = await sql<{ n: number }>`select count(*) as n from audit_events a join audit_events b on b.id = a.id + 1 where b.at < a.at`.execute(db);
    assert.ok(Number(rows[0].n) > 0);
  });
});
