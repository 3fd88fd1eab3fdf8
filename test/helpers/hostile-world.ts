/**
 * The hostile-input suites' shared ground: a node with everything a hostile request could aim at
 * (users, bindings, a DingTalk source on the simulator, applications, admins of every role, a
 * signed-in User Center browser, a pending binding, live login transactions), a raw HTTP client that
 * sends exactly the bytes it is given, a checksum of every table a request could change, and the
 * one assertion every hostile answer must pass.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { ADMIN_PASSWORD, startNode, type TestDialect, type TestNode } from './harness.ts';
import { Browser, decodeEntities, errorCode, field } from './browser.ts';
import { frameUrl, scan, startSimulator, SIM_APP, type Simulator } from './dingtalk.ts';
import { createUser, registerApp, relyingParty, signIn, type RegisteredApp } from './oidc.ts';
import { PASSWORD_SOURCE_ID, SMS_SOURCE_ID, USER_CENTER_APP_ID } from '../../src/store/well-known.ts';
import type { Database } from '../../src/store/schema.ts';

export const V1 = '/api/admin/v1';

// ---------------------------------------------------------------------------------------------
// Raw HTTP: node:http sends the path, headers and body exactly as given (fetch would normalise the
// URL: strip tabs and newlines, turn backslashes into slashes), so hostile bytes reach the server.

export interface HostileRequest {
  method: string;
  /** Sent verbatim as the request target. */
  path: string;
  headers?: Record<string, string | string[]>;
  /** application/x-www-form-urlencoded; pairs allow repeated keys. */
  form?: Record<string, string> | [string, string][];
  /** JSON.stringify'd, content-type application/json unless headers say otherwise. */
  json?: unknown;
  /** Sent as-is (the content-type, if any, comes from headers). */
  rawBody?: string | Buffer;
  /** A Cookie header value. */
  cookies?: string;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  contentType: string;
  location?: string;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json?: any;
}

export function send(base: string, r: HostileRequest): Promise<RawResponse> {
  const target = new URL(base);
  const headers: Record<string, string | string[]> = { ...r.headers };
  let body: Buffer | undefined;
  if (r.form !== undefined) {
    body = Buffer.from(new URLSearchParams(r.form as Record<string, string>).toString());
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  } else if (r.json !== undefined) {
    body = Buffer.from(JSON.stringify(r.json));
    headers['content-type'] ??= 'application/json';
  } else if (r.rawBody !== undefined) {
    body = Buffer.from(r.rawBody);
  }
  if (body) headers['content-length'] = String(body.length);
  if (r.cookies) headers.cookie = r.cookies;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: target.hostname, port: target.port, method: r.method, path: r.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const contentType = String(res.headers['content-type'] ?? '');
        let json: unknown;
        if (/json/.test(contentType) && text) {
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, contentType, location: res.headers.location, text, json });
      });
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer to ${r.method} ${r.path.slice(0, 100)} in 30 s`)));
    if (body) req.write(body);
    req.end();
  });
}

/** A Cookie header from a Browser's jar (and any extra cookies). */
export const cookieHeader = (b: Browser, extra: Record<string, string> = {}) =>
  [...b.cookies, ...Object.entries(extra)].map(([k, v]) => `${k}=${v}`).join('; ');

// ---------------------------------------------------------------------------------------------
// "No row changed": every table a request could change, except the ones that legitimately record
// failures and state (audit_events, short_lived, oidc_artifacts). admin_sessions.last_seen_at is
// the idle clock an authenticated request moves (at most once a minute): not a change of state.

const SNAPSHOT: { table: keyof Database; order: string[]; omit?: string[] }[] = [
  { table: 'users', order: ['id'] },
  { table: 'bindings', order: ['id'] },
  { table: 'admins', order: ['id'] },
  { table: 'admin_sessions', order: ['id'], omit: ['last_seen_at'] },
  { table: 'applications', order: ['id'] },
  { table: 'auth_sources', order: ['id'] },
  { table: 'login_configurations', order: ['application_id', 'source_id'] },
  { table: 'org_units', order: ['id'] },
  { table: 'oidc_signing_keys', order: ['kid'] },
];

/** Per table, a sha256 of its rows (`select *` in key order). */
export async function rowChecksums(node: TestNode): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const { table, order, omit } of SNAPSHOT) {
    let query = node.portico.store.db.selectFrom(table).selectAll() as any;
    for (const column of order) query = query.orderBy(column);
    const rows = (await query.execute()) as Record<string, unknown>[];
    const kept = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !omit?.includes(k))));
    out[table] = createHash('sha256').update(JSON.stringify(kept)).digest('hex').slice(0, 16);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// What every hostile answer must look like.

export type AnswerKind = 'problem' | 'page' | 'oauth';

export interface Expectation {
  kind: AnswerKind;
  /** Exact status, or an inclusive range; 4xx when left out. A 2xx/3xx only when a case says so. */
  status?: number | [number, number];
  /** problem: body.code; page: data-code of the error page; oauth: `error` (JSON) or data-code `oidc.<error>` (page). */
  code?: string;
  /** page: text the re-rendered form (or error page) must show. */
  message?: RegExp;
  /** oauth: the answer may redirect to the client's registered redirect URI (with `error=<code>`), starting with this. */
  redirectTo?: string;
}

/** Markup the hostile requests carry: a page must never show it unescaped. */
export const MARKUP = '<script>alert(1)</script>';

const LEAKS: [RegExp, string][] = [
  [/\bat [^\n<]*\((?:file:|node:|\/)[^)]*:\d+:\d+\)/, 'a stack frame'],
  [/\bat (?:async )?[^\s<]+ \([^)]*\.(?:ts|js|mjs):\d+/, 'a stack frame'],
  [/node:internal/, 'a node internal path'],
  [/(?:\/work\/|\/home\/|\/usr\/lib\/|\/tmp\/portico-)[^\s"'<]*/, 'a file path'],
  [/file:\/\//, 'a file URL'],
  [/FST_ERR_[A-Z_]+/, "Fastify's raw error code"],
  [/SqliteError|error: syntax error at or near|invalid byte sequence for encoding/, 'a database error'],
];

/** A Location resolved against the node's URL, or undefined. */
export const resolvedLocation = (res: RawResponse, base: string) => (res.location === undefined ? undefined : new URL(res.location, base));

function statusInRange(status: number, expected: Expectation['status']): boolean {
  if (expected === undefined) return status >= 400 && status <= 499;
  if (typeof expected === 'number') return status === expected;
  return status >= expected[0] && status <= expected[1];
}

/** Throws (with the whole story) unless the answer is what a hostile request deserves. */
export function assertHostileAnswer(res: RawResponse, expect: Expectation, base: string): void {
  const story = `${res.status} ${res.contentType} ${res.location ? `→ ${res.location} ` : ''}${res.text.slice(0, 400)}`;
  assert.ok(res.status < 500, `never a 5xx: ${story}`);
  for (const [pattern, what] of LEAKS) assert.doesNotMatch(res.text, pattern, `no ${what} in the body: ${story}`);
  if (/^text\/html/.test(res.contentType)) assert.ok(!res.text.includes(MARKUP), `hostile markup is never shown unescaped: ${story}`);

  const location = resolvedLocation(res, base);
  if (location) {
    const own = location.origin === new URL(base).origin;
    const toClient = expect.redirectTo !== undefined && location.toString().startsWith(expect.redirectTo);
    assert.ok(own || toClient, `never a Location outside ${new URL(base).origin}: ${res.location}`);
    if (toClient && expect.code) {
      // The error is in the query (code flow) or the fragment (a refused implicit or hybrid request).
      const error = location.searchParams.get('error') ?? new URLSearchParams(location.hash.slice(1)).get('error');
      assert.equal(error, expect.code, `the client is told why: ${res.location}`);
    }
  }
  assert.ok(statusInRange(res.status, expect.status), `status ${JSON.stringify(expect.status ?? '4xx')} expected: ${story}`);
  // A 2xx or 3xx is there only because a case allows it; its own check looks at it.
  if (res.status < 400) return;

  switch (expect.kind) {
    case 'problem': {
      assert.match(res.contentType, /^application\/problem\+json/, `problem+json expected: ${story}`);
      assert.ok(res.json && typeof res.json.code === 'string' && res.json.code, `a stable code: ${story}`);
      assert.equal(res.json.status, res.status, `the problem's status is the answer's: ${story}`);
      if (expect.code) assert.equal(res.json.code, expect.code, `code: ${story}`);
      break;
    }
    case 'page': {
      assert.match(res.contentType, /^text\/html/, `an HTML page expected: ${story}`);
      const code = errorCode(res.text);
      if (expect.code) assert.equal(code, expect.code, `the error page's code: ${story}`);
      else if (res.status >= 400) assert.ok(code || /class="notice bad"/.test(res.text), `the page says what went wrong: ${story}`);
      if (expect.message) assert.match(decodeEntities(res.text), expect.message, `the page's message: ${story}`);
      break;
    }
    case 'oauth': {
      if (/^text\/html/.test(res.contentType)) {
        const code = errorCode(res.text);
        assert.ok(code, `the provider's error page carries a code: ${story}`);
        if (expect.code) assert.equal(code, `oidc.${expect.code}`, `the error page's code: ${story}`);
      } else {
        assert.match(res.contentType, /json/, `JSON or an HTML page expected: ${story}`);
        assert.ok(res.json && typeof res.json.error === 'string', `an OAuth error: ${story}`);
        if (expect.code) assert.equal(res.json.error, expect.code, `error: ${story}`);
      }
      break;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The world hostile requests are aimed at.

export const USER_PASSWORD = 'a long enough password';

export interface World {
  node: TestNode;
  sim: Simulator;
  url: string;
  tokens: { super: string; appAdmin: string; auditor: string };
  /** The DingTalk source enabled for the User Center (auto-bind off) and one that is not enabled anywhere. */
  source: string;
  otherSource: string;
  users: { alice: { id: string; username: string; mobile: string }; bob: { id: string; username: string; mobile: string } };
  /** Bob's DingTalk binding (Alice is signed in to the User Center; Bob's binding is not hers). */
  bobBinding: string;
  aliceBinding: string;
  orgUnit: string;
  admins: { appAdminId: string; auditorId: string };
  confidential: RegisteredApp;
  public: RegisteredApp;
  /** An application that offers SMS codes only. */
  smsOnly: RegisteredApp;
  /** A super admin's token whose session was signed out. */
  closedToken: string;
  /** Alice signed in to Portico and the User Center. */
  userCenter: Browser;
  /** A login form's CSRF cookie and token (from a fresh browser). */
  csrf: { cookies: string; token: string };
  /** A browser on the phone + code binding page (a DingTalk scan of a user with no account, auto-bind off). */
  pending: { cookies: string; csrf: string };
  /** A DingTalk state already used once (its callback answered), and the browser that used it. */
  usedState: { state: string; cookies: string };
  /** An authorization code already redeemed, with what redeemed it. */
  usedCode: { code: string; verifier: string };
  /** A new live login transaction (QR shown) for `sourceId`: its state and the browser cookies bound to it. */
  freshState(sourceId?: string): Promise<{ state: string; cookies: string }>;
  close(): Promise<void>;
}

async function ok(res: { status: number; body: unknown }, status = 201) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body as any;
}

export async function buildWorld(dialect: TestDialect): Promise<World> {
  const sim = await startSimulator();
  let node: TestNode | undefined;
  try {
    node = await startNode(dialect);
    const n = node;
    const superToken = await n.tokenFor('super_admin');
    const tokens = { super: superToken, appAdmin: await n.tokenFor('app_admin'), auditor: await n.tokenFor('auditor') };
    const admins = (await ok(await n.api('GET', `${V1}/admins`, { token: superToken }), 200)).items as { id: string; role: string }[];

    const dingtalk = (name: string) => ({ type: 'dingtalk', name, config: { ...SIM_APP, autoBind: false, endpoints: { login: sim.url, api: sim.url, oapi: sim.url } } });
    const source = await ok(await n.api('POST', `${V1}/sources`, { token: superToken, body: dingtalk('DingTalk') }));
    const other = await ok(await n.api('POST', `${V1}/sources`, { token: superToken, body: dingtalk('DingTalk (not enabled)') }));
    await sim.allowRedirects([source.callbackUrl, other.callbackUrl]);
    await ok(await n.api('PUT', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { token: superToken, body: { sources: [PASSWORD_SOURCE_ID, SMS_SOURCE_ID, source.id] } }), 200);
    const orgUnit = await ok(await n.api('POST', `${V1}/org-units`, { token: superToken, body: { name: 'Engineering' } }));

    const alice = await createUser(n, superToken);
    const bob = await createUser(n, superToken);
    const bind = async (userId: string, subject: string) => {
      const id = `bnd_${randomBytes(6).toString('hex')}`;
      await n.portico.store.db
        .insertInto('bindings')
        .values({ id, source_id: source.id, user_id: userId, subject, open_id: null, external_user_id: null, nick: subject, avatar_url: null, created_at: new Date().toISOString(), last_used_at: null })
        .execute();
      return id;
    };
    const bobBinding = await bind(bob.id, `uBob${randomBytes(3).toString('hex')}`);
    const aliceBinding = await bind(alice.id, `uAlice${randomBytes(3).toString('hex')}`);

    const confidential = await registerApp(n, superToken, { sources: [PASSWORD_SOURCE_ID, SMS_SOURCE_ID] });
    const publicApp = await registerApp(n, superToken, { clientType: 'public', sources: [PASSWORD_SOURCE_ID] });
    const smsOnly = await registerApp(n, superToken, { sources: [SMS_SOURCE_ID] });

    const closed = await ok(await n.api('POST', `${V1}/session`, { body: { username: 'admin', password: ADMIN_PASSWORD } }));
    await ok(await n.api('DELETE', `${V1}/session`, { token: closed.token }), 204);

    // A code redeemed once (by the confidential application, through a real RP).
    const rp = await relyingParty(n, confidential);
    const redeemed = await signIn(n, rp, confidential, alice);
    const usedCode = { code: redeemed.callback.searchParams.get('code')!, verifier: redeemed.request.verifier };

    // Alice in the User Center.
    const userCenter = new Browser(n.url);
    const loginPage = await userCenter.get(`/login?app=user-center&method=${PASSWORD_SOURCE_ID}`);
    const signedIn = await userCenter.post('/login/password', { app: 'user-center', csrf: field(loginPage.body, 'csrf'), username: alice.username, password: USER_PASSWORD });
    assert.equal(signedIn.status, 303, signedIn.body.slice(0, 300));
    await userCenter.follow(signedIn);
    assert.equal((await userCenter.get('/api/me')).status, 200, 'Alice is signed in to the User Center');

    const csrfBrowser = new Browser(n.url);
    const csrfToken = field((await csrfBrowser.get('/login?app=user-center')).body, 'csrf');

    const freshState = async (sourceId: string = source.id) => {
      const b = new Browser(n.url);
      const qr = await b.get(`/login/dingtalk/${sourceId}?app=user-center`);
      assert.equal(qr.status, 200, qr.body.slice(0, 300));
      const state = frameUrl(qr).searchParams.get('state');
      assert.ok(state, 'the QR frame carries a state');
      return { state, cookies: cookieHeader(b) };
    };

    // A DingTalk person with no account here, scanned in with auto-bind off: the phone + code page.
    const tag = randomBytes(4).toString('hex');
    await sim.addUser({ unionId: `uHostile${tag}`, userId: `hostile${tag}`, name: `DT ${tag}`, nick: `nick-${tag}`, mobile: `139${String(randomInt(0, 1e8)).padStart(8, '0')}` });
    const binder = new Browser(n.url);
    const { callbackUrl } = await scan(binder, sim, `/login/dingtalk/${source.id}?app=user-center`, `uHostile${tag}`);
    assert.ok(callbackUrl, 'the simulator hands back a callback URL');
    const [callback, bindPage] = await binder.follow(await binder.get(callbackUrl));
    assert.equal(callback.location, '/login/bind', callback.body.slice(0, 300));
    const pending = { cookies: cookieHeader(binder), csrf: field(bindPage.body, 'csrf') };

    // A state used once: its callback (DingTalk said "declined") consumed it.
    const used = await freshState();
    const usedAnswer = await send(n.url, { method: 'GET', path: `/login/callback/dingtalk/${source.id}?error=access_denied&state=${used.state}`, cookies: used.cookies });
    assert.equal(errorCode(usedAnswer.text), 'dingtalk.authorization_denied', usedAnswer.text.slice(0, 300));

    return {
      node: n,
      sim,
      url: n.url,
      tokens,
      source: source.id,
      otherSource: other.id,
      users: { alice, bob },
      bobBinding,
      aliceBinding,
      orgUnit: orgUnit.id,
      admins: { appAdminId: admins.find((a) => a.role === 'app_admin')!.id, auditorId: admins.find((a) => a.role === 'auditor')!.id },
      confidential,
      public: publicApp,
      smsOnly,
      closedToken: closed.token,
      userCenter,
      csrf: { cookies: cookieHeader(csrfBrowser), token: csrfToken },
      pending,
      usedState: used,
      usedCode,
      freshState,
      async close() {
        await n.close();
        await sim.close();
      },
    };
  } catch (error) {
    await node?.close();
    await sim.close();
    throw error;
  }
}

/** `?a=b&…` with every value percent-encoded (for building hostile queries around one raw part). */
export const qs = (params: Record<string, string>) => new URLSearchParams(params).toString();

export { decodeEntities };
