/**
 * The hostile-input suite: a table of requests an attacker or a broken client could send to the
 * login pages and forms, the DingTalk callback, the binding page, the User Center API, the admin API
 * and the OpenID Connect endpoints (test/helpers/hostile-cases.ts), each answered with a 4xx and a
 * stable code (or the friendly error page), never a 5xx, a stack trace or a foreign Location, and
 * with no row changed. One node per dialect; the property-based half is hostile-fuzz.test.ts.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect } from './helpers/harness.ts';
import { assertHostileAnswer, buildWorld, rowChecksums, send, V1, type World } from './helpers/hostile-world.ts';
import { AREAS, GUARDED_ADMIN_ROUTES, HOSTILE_CASES, OPEN_ADMIN_ROUTES } from './helpers/hostile-cases.ts';

test('the hostile-input table holds at least 200 distinct cases, in every area', (t) => {
  const counts = Object.fromEntries(AREAS.map((area) => [area, HOSTILE_CASES.filter((c) => c.area === area).length]));
  t.diagnostic(`${HOSTILE_CASES.length} cases: ${JSON.stringify(counts)}`);
  assert.ok(HOSTILE_CASES.length >= 200, `${HOSTILE_CASES.length} cases`);
  for (const area of AREAS) assert.ok(counts[area] >= 10, `${area}: ${counts[area]} cases`);
  const names = HOSTILE_CASES.map((c) => `${c.area}: ${c.name}`);
  assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), [], 'every case has its own name');
});

describeEachDialect('Hostile input', (dialect) => {
  let w: World;
  before(async () => {
    w = await buildWorld(dialect);
  });
  after(() => w?.close());

  test('every guarded route of the OpenAPI document is in the table (no token, forged token)', async () => {
    const doc = await send(w.url, { method: 'GET', path: `${V1}/openapi.json` });
    assert.equal(doc.status, 200);
    const documented = Object.entries<Record<string, unknown>>(doc.json.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.slice(V1.length)}`),
    );
    const missing = documented.filter((route) => !GUARDED_ADMIN_ROUTES.includes(route) && !OPEN_ADMIN_ROUTES.includes(route));
    assert.deepEqual(missing, [], 'routes the hostile table does not cover');
  });

  for (const c of HOSTILE_CASES) {
    test(`${c.area}: ${c.name}`, async () => {
      const request = await c.request(w);
      const rowsBefore = await rowChecksums(w.node);
      const res = await send(w.url, request);
      const expect = typeof c.expect === 'function' ? c.expect(w) : c.expect;
      assertHostileAnswer(res, expect, w.url);
      expect.check?.(res, w);
      assert.deepEqual(await rowChecksums(w.node), rowsBefore, 'no row changed');
    });
  }
});
