// Streaming helpers for the sync engine: the department tree breadth-first, and a department's users page by page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DingTalkError } from './errors.ts';
import { clientWith } from './testing-client.ts';
import type { FetchLike } from './types.ts';

type Route = (body: Record<string, unknown>) => unknown;

/** A fetch that answers by path and request body (calls in a batch run concurrently, so no fixed script). */
function routedFetch(routes: Record<string, Route>) {
  const calls: Array<[string, Record<string, unknown>]> = [];
  const fetch: FetchLike = async (url, init) => {
    const path = new URL(url).pathname;
    if (path === '/v1.0/oauth2/accessToken') return new Response(JSON.stringify({ accessToken: 't', expireIn: 7200 }));
    const body = JSON.parse(init.body ?? '{}');
    calls.push([path, body]);
    const route = routes[path];
    if (!route) throw new Error(`unexpected ${path}`);
    return new Response(JSON.stringify({ errcode: 0, errmsg: 'ok', result: route(body) }));
  };
  return { fetch, calls };
}

// 1 → 2, 3; 2 → 4; 3 → 5 and (again) 2; 5 → 1: a tree with a duplicate and a cycle.
const CHILDREN: Record<number, number[]> = { 1: [2, 3], 2: [4], 3: [5, 2], 4: [], 5: [1] };
const PARENT: Record<number, number> = { 2: 1, 3: 1, 4: 2, 5: 3 };
const dept = (id: number) => ({ dept_id: id, name: `D${id}`, parent_id: id === 1 ? 3 : PARENT[id] });

const TREE_ROUTES: Record<string, Route> = {
  '/topapi/v2/department/get': (b) => ({ dept_id: b.dept_id, name: '示例公司' }),
  '/topapi/v2/department/listsub': (b) => CHILDREN[b.dept_id as number].map(dept),
};

for (const concurrency of [1, 5]) {
  test(`walkDepartments (concurrency ${concurrency}): root first via department/get, breadth-first, parents before children, each once`, async () => {
    const { fetch, calls } = routedFetch(TREE_ROUTES);
    const { client } = clientWith([], { fetch, directoryLimits: { concurrency } });
    const seen = [];
    for await (const d of client.walkDepartments(1)) seen.push(d);
    assert.deepEqual(seen, [
      { deptId: 1, name: '示例公司', parentId: null },
      { deptId: 2, name: 'D2', parentId: 1 },
      { deptId: 3, name: 'D3', parentId: 1 },
      { deptId: 4, name: 'D4', parentId: 2 },
      { deptId: 5, name: 'D5', parentId: 3 },
    ]);
    assert.deepEqual(calls[0], ['/topapi/v2/department/get', { dept_id: 1, language: 'zh_CN' }]);
    // One listsub per department, none for the ones seen twice.
    assert.deepEqual(calls.slice(1).map(([, b]) => b.dept_id).sort(), [1, 2, 3, 4, 5]);
  });
}

test('walkDepartments from a sub-department keeps its real parent', async () => {
  const { fetch } = routedFetch({ ...TREE_ROUTES, '/topapi/v2/department/get': (b) => dept(b.dept_id as number) });
  const { client } = clientWith([], { fetch });
  const seen = [];
  for await (const d of client.walkDepartments(3)) seen.push(d);
  assert.deepEqual(seen[0], { deptId: 3, name: 'D3', parentId: 1 });
  assert.deepEqual(seen.map((d) => d.deptId), [3, 5, 2, 1, 4]); // 5 → 1 leads back up: still each department once
});

const user = (id: string) => ({ userid: id, unionid: `union-${id}`, name: id, dept_id_list: [7], active: true });

test('pageDepartmentUsers: follows next_cursor as given until has_more is false, one page at a time', async () => {
  const pages: Record<string, unknown> = {
    0: { has_more: true, next_cursor: 2, list: [user('a'), user('b')] },
    2: { has_more: true, next_cursor: 'opaque-3', list: [] },
    'opaque-3': { has_more: false, list: [user('c')] },
  };
  const { fetch, calls } = routedFetch({ '/topapi/v2/user/list': (b) => pages[String(b.cursor)] });
  const { client } = clientWith([], { fetch });
  const got: string[][] = [];
  for await (const page of client.pageDepartmentUsers(7)) got.push(page.map((u) => u.userId));
  assert.deepEqual(got, [['a', 'b'], ['c']]); // the empty middle page is skipped
  assert.deepEqual(calls.map(([, b]) => b.cursor), [0, 2, 'opaque-3']);
  assert.ok(calls.every(([, b]) => b.dept_id === 7 && b.size === 100));
});

test('pageDepartmentUsers is lazy: stopping after the first page fetches no more', async () => {
  const { fetch, calls } = routedFetch({ '/topapi/v2/user/list': () => ({ has_more: true, next_cursor: 1, list: [user('a')] }) });
  const { client } = clientWith([], { fetch });
  for await (const page of client.pageDepartmentUsers(7)) {
    assert.equal(page.length, 1);
    break;
  }
  assert.equal(calls.length, 1);
});

test('pageDepartmentUsers: a next_cursor that does not move is a bad response, not an endless loop', async () => {
  const { fetch } = routedFetch({ '/topapi/v2/user/list': (b) => ({ has_more: true, next_cursor: b.cursor === 0 ? 5 : 5, list: [user('a')] }) });
  const { client } = clientWith([], { fetch });
  const pages: unknown[] = [];
  await assert.rejects(async () => {
    for await (const page of client.pageDepartmentUsers(7)) pages.push(page);
  }, (e) => e instanceof DingTalkError && e.code === 'dingtalk.bad_response');
  assert.equal(pages.length, 2);
});
