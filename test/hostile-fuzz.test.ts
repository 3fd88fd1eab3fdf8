/**
 * Property-based fuzzing of what hostile input reaches most: the admin API's request bodies (every
 * route with a body schema, read from the OpenAPI document at run time) and the login forms. A
 * bounded number of runs per property (HOSTILE_FUZZ_RUNS, default 60) from one seed
 * (HOSTILE_FUZZ_SEED, random when unset and printed on failure) so that CI stays quick and any
 * failure can be replayed. The table-driven half is hostile-input.test.ts.
 */
import { before, after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describeEachDialect } from './helpers/harness.ts';
import { assertHostileAnswer, buildWorld, rowChecksums, send, USER_PASSWORD, V1, type HostileRequest, type World } from './helpers/hostile-world.ts';
import { createUser } from './helpers/oidc.ts';
import { bodyFor, formFields, returnTo, type FuzzBody, type Schema } from './helpers/hostile-arbitraries.ts';

const RUNS = Number(process.env.HOSTILE_FUZZ_RUNS ?? 60);
const SEED = process.env.HOSTILE_FUZZ_SEED === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.HOSTILE_FUZZ_SEED);
const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ strict: false, discriminator: true, allErrors: false }));

/**
 * Runs a property with the suite's seed and run count; a failure says how to replay it. The
 * predicate answers the status it saw, and the tally shows how deep the runs got.
 */
async function holds<T>(t: TestContext, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<number>) {
  const statuses: Record<number, number> = {};
  try {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        const status = await predicate(value);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    t.diagnostic(`seed ${SEED}, answers by status: ${JSON.stringify(statuses)}`);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n\nReplay with HOSTILE_FUZZ_SEED=${SEED} npx node --test test/hostile-fuzz.test.ts`, { cause: error });
  }
}

const encodeForm = (pairs: [string, string][]) => new URLSearchParams(pairs).toString();

describeEachDialect('Hostile fuzzing', (dialect) => {
  let w: World;
  /** A user only the admin fuzzing changes (the form fuzzing signs Alice and Bob in). */
  let fuzzedUser: string;
  let fuzzedApi: string;
  let fuzzedSource: string;
  before(async () => {
    w = await buildWorld(dialect);
    fuzzedUser = (await createUser(w.node, w.tokens.super)).id;
    const api = await w.node.api('POST', `${V1}/apis`, { token: w.tokens.super, body: { name: 'Fuzzed API', identifier: 'https://fuzzed.example.com/api', scopes: [{ name: 'read', description: 'Read' }] } });
    assert.equal(api.status, 201, JSON.stringify(api.body));
    fuzzedApi = api.body.id;
    // An identity source whose DingTalk is a closed port: a fuzzed run fails fast and changes nothing.
    const closed = 'http://127.0.0.1:9';
    const source = await w.node.api('POST', `${V1}/identity-sources`, {
      token: w.tokens.super,
      body: { type: 'dingtalk', name: 'Fuzzed directory', config: { corpId: 'dingfuzz', appKey: 'fuzz', orgUnitId: w.orgUnit, transport: 'none', bindSourceId: null, endpoints: { api: closed, oapi: closed } }, secrets: { appSecret: 'fuzz' } },
    });
    assert.equal(source.status, 201, JSON.stringify(source.body));
    fuzzedSource = source.body.id;
  });
  after(() => w?.close());

  /** Whom each admin route's fuzzing aims at: entities nothing else here relies on. */
  const target = (path: string) => {
    const ids: Record<string, string> = {
      users: fuzzedUser,
      'org-units': w.orgUnit,
      applications: w.smsOnly.id,
      sources: w.otherSource,
      admins: w.admins.appAdminId,
      apis: fuzzedApi,
      'identity-sources': fuzzedSource,
      // No run to aim at: every body is checked against the schema before the run is looked up.
      'sync-runs': 'run_fuzzed',
    };
    const resource = path.slice(V1.length).split('/')[1];
    if (path.includes('{id}')) assert.ok(ids[resource], `no fuzzing target for ${path}: add one`);
    return path.replace('{id}', ids[resource] ?? '');
  };
  /** Who calls: nobody to sign in, the auditor for their own password, the super admin for the rest. */
  const tokenFor = (path: string) => (path === `${V1}/session` ? undefined : path === `${V1}/session/password` ? w.tokens.auditor : w.tokens.super);

  test('admin API: any body to any route is a problem+json 4xx, or a 2xx only for a body its schema accepts', async (t) => {
    const doc = await send(w.url, { method: 'GET', path: `${V1}/openapi.json` });
    const routes = Object.entries<Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>(doc.json.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, op]) => op.requestBody)
        .map(([method, op]) => ({ method: method.toUpperCase(), path, schema: op.requestBody!.content['application/json'].schema })),
    );
    assert.ok(routes.length >= 10, `${routes.length} routes with a body`);
    for (const route of routes) {
      const valid = ajv.compile(route.schema);
      await t.test(`${route.method} ${route.path.slice(V1.length)}`, async (st) => {
        await holds(st, bodyFor(route.schema), async (body: FuzzBody) => {
          const token = tokenFor(route.path);
          const request: HostileRequest = {
            method: route.method,
            path: target(route.path),
            headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
            rawBody: 'raw' in body ? body.raw : JSON.stringify(body.json),
          };
          const rowsBefore = await rowChecksums(w.node);
          const res = await send(w.url, request);
          assertHostileAnswer(res, { kind: 'problem', status: [200, 499] }, w.url);
          if (res.status >= 400) {
            assert.deepEqual(await rowChecksums(w.node), rowsBefore, `a refused request changed no row: ${res.status} ${res.json?.code}`);
          } else {
            let parsed: unknown;
            try {
              parsed = 'raw' in body ? JSON.parse(body.raw) : structuredClone(body.json);
            } catch {
              assert.fail(`a body that is not JSON was accepted: ${res.status}`);
            }
            assert.ok(valid(parsed), `a ${res.status} for a body the schema refuses (${ajv.errorsText(valid.errors)}): ${request.rawBody!.slice(0, 300)}`);
          }
          return res.status;
        });
      });
    }
  });

  /** A login form posted with these pairs (or this raw body) from the browser that holds `cookies`. */
  const post = (path: string, cookies: string, form: { pairs: [string, string][] } | { raw: string }): HostileRequest => ({
    method: 'POST',
    path,
    headers: { ...BROWSER, 'content-type': 'application/x-www-form-urlencoded' },
    rawBody: 'pairs' in form ? encodeForm(form.pairs) : form.raw,
    cookies,
  });
  /** Any answer to a login form: never a 5xx, always a page (or a redirect home), never a foreign Location. */
  const assertFormAnswer = (request: HostileRequest, res: Awaited<ReturnType<typeof send>>) => {
    const story = `${request.path} ${String(request.rawBody).slice(0, 300)}`;
    assertHostileAnswer(res, { kind: 'page', status: [200, 499] }, w.url);
    if (res.status < 300 || res.status >= 400) assert.match(res.contentType, /^text\/html/, `an HTML page: ${res.status} for ${story}`);
    else assert.ok(res.location, `a redirect says where: ${story}`);
    return res.status;
  };
  const formOrRaw = (pairs: fc.Arbitrary<[string, string][]>) =>
    fc.oneof({ weight: 4, arbitrary: pairs.map((p) => ({ pairs: p })) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((raw) => ({ raw })) });

  test('the password form: any fields give a page, never a 5xx or a foreign Location', async (t) => {
    const fields = formFields(['app', 'csrf', 'username', 'password', 'return_to'], { app: 'user-center', csrf: w.csrf.token }, [w.users.alice.username, USER_PASSWORD, 'user-center', w.csrf.token]);
    await holds(t, formOrRaw(fields), async (form) => {
      const request = post('/login/password', w.csrf.cookies, form);
      return assertFormAnswer(request, await send(w.url, request));
    });
  });

  test('the SMS form: any fields give a page, never a 5xx or a foreign Location', async (t) => {
    const fields = formFields(['app', 'csrf', 'action', 'phone', 'code', 'return_to'], { app: 'user-center', csrf: w.csrf.token, action: 'verify' }, ['send', 'verify', '+8613600003333', '123456']);
    await holds(t, formOrRaw(fields), async (form) => {
      const request = post('/login/sms', w.csrf.cookies, form);
      return assertFormAnswer(request, await send(w.url, request));
    });
  });

  test('the binding form of a pending binding: any fields give a page, never a 5xx, and bind nothing', async (t) => {
    const fields = formFields(['csrf', 'action', 'phone', 'code'], { csrf: w.pending.csrf, action: 'verify' }, ['send', 'verify', '+8613600004444', '123456']);
    const bindings = async () => (await w.node.portico.store.db.selectFrom('bindings').select('id').execute()).length;
    const before = await bindings();
    await holds(t, formOrRaw(fields), async (form) => {
      const request = post('/login/bind', w.pending.cookies, form);
      return assertFormAnswer(request, await send(w.url, request));
    });
    assert.equal(await bindings(), before, 'nothing was bound');
  });

  test('signing in with any return_to lands on Portico itself (or, with a NUL in it, is refused)', async (t) => {
    const arbitrary = fc.tuple(returnTo, fc.option(returnTo, { freq: 4 }));
    await holds(t, arbitrary, async ([first, second]) => {
      const pairs: [string, string][] = [['app', 'user-center'], ['csrf', w.csrf.token], ['username', w.users.bob.username], ['password', USER_PASSWORD], ['return_to', first]];
      if (second !== null) pairs.push(['return_to', second]);
      const request = post('/login/password', w.csrf.cookies, { pairs });
      const res = await send(w.url, request);
      assertFormAnswer(request, res);
      // A NUL is refused wherever it is (src/http/nul-guard.ts); anything else signs in and stays home.
      const refused = pairs.some(([, value]) => value.includes('\u0000'));
      assert.equal(res.status, refused ? 400 : 303, `${refused ? 'refused' : 'signed in'}: ${res.status} ${res.text.slice(0, 200)}`);
      return res.status;
    });
  });
});
