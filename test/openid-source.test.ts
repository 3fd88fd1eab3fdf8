/**
 * The OpenID Connect source against an IdP Portico did not write: a real oidc-provider started here
 * with its own client and accounts. A verified email binds on first use and the second sign-in goes
 * straight in; an unverified one binds nothing; an IdP that names another issuer, signs with keys it
 * does not publish, replays another sign-in's ID token, declines, or is down is refused with a clear
 * page, and Test connection says what is wrong.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describeEachDialect, freePort, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, errorCode, field, type Page } from './helpers/browser.ts';
import { startUpstreamIdp, upstreamClient, type UpstreamIdp } from './helpers/upstream-idp.ts';
import { PASSWORD_SOURCE_ID, USER_CENTER_APP_ID } from '../src/store/well-known.ts';
import { USER_PASSWORD } from './helpers/oidc.ts';

const V1 = '/api/admin/v1';
const IDP_NAME = 'Corp IdP';

describeEachDialect('OpenID Connect upstream source', (dialect) => {
  let node: TestNode;
  let admin: string;
  let idp: UpstreamIdp;
  let sourceId: string;
  const idps: UpstreamIdp[] = [];
  const tag = randomBytes(3).toString('hex');
  const accounts = {
    ada: { name: 'Ada Lovelace', email: `ada-${tag}@corp.example`, email_verified: true },
    // Typed someone else's address at the IdP, which never checked it.
    eve: { name: 'Eve', email: `bob-${tag}@corp.example`, email_verified: false },
    grace: { name: 'Grace Hopper', email: `grace-${tag}@elsewhere.example`, email_verified: true },
  };

  /** A source for an IdP at `issuer`, enabled for the User Center; the IdP may start after it. */
  async function createSource(issuer: string, client: { id: string; secret: string }, name = IDP_NAME, extra: Record<string, unknown> = {}) {
    const res = await node.api('POST', `${V1}/sources`, { token: admin, body: { type: 'openid', name, config: { issuer, clientId: client.id, clientSecret: client.secret, ...extra } } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { id: string; callbackUrl: string };
  }

  async function enable(...ids: string[]) {
    const put = await node.api('PUT', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { token: admin, body: { sources: [PASSWORD_SOURCE_ID, ...ids] } });
    assert.equal(put.status, 200, JSON.stringify(put.body));
  }

  /** An IdP of its own with a source for it, enabled. */
  async function sourceWithIdp(o: { misbehave?: UpstreamIdp['misbehave'] } = {}) {
    const port = await freePort();
    const client = upstreamClient();
    const created = await createSource(`http://127.0.0.1:${port}`, client, `IdP ${randomBytes(2).toString('hex')}`);
    const started = await startUpstreamIdp({ port, client, redirectUris: [created.callbackUrl], accounts });
    Object.assign(started.misbehave, o.misbehave);
    idps.push(started);
    await enable(sourceId, created.id);
    return { id: created.id, idp: started };
  }

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    const port = await freePort();
    const client = upstreamClient();
    const created = await createSource(`http://127.0.0.1:${port}`, client);
    sourceId = created.id;
    idp = await startUpstreamIdp({ port, client, redirectUris: [created.callbackUrl], accounts, name: IDP_NAME });
    idps.push(idp);
    await enable(sourceId);
    for (const username of ['ada', 'bob']) {
      const res = await node.api('POST', `${V1}/users`, { token: admin, body: { username: `${username}-${tag}`, displayName: username, email: `${username}-${tag}@corp.example` } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
  });
  after(async () => {
    await Promise.all(idps.map((i) => i.close()));
    await node?.close();
  });

  /** One person at one computer: Portico's pages and the IdP's, each site with its own cookies. */
  function person() {
    const portico = new Browser(node.url);
    const idpBrowsers = new Map<string, Browser>();
    const browserFor = (url: string) => {
      const origin = new URL(url).origin;
      if (origin === new URL(node.url).origin) return portico;
      if (!idpBrowsers.has(origin)) idpBrowsers.set(origin, new Browser(origin));
      return idpBrowsers.get(origin)!;
    };
    /** Follows redirects across sites; at the IdP's form, signs in as `login`. */
    async function go(url: string, login?: string): Promise<{ page: Page; sawIdpForm: boolean }> {
      let page = await browserFor(url).get(url);
      let sawIdpForm = false;
      for (let hops = 0; hops < 20; hops++) {
        if (page.location) {
          const next = new URL(page.location, page.url).toString();
          page = await browserFor(next).get(next);
        } else if (login && /action="\/interaction\/[\w-]+\/login"/.test(page.body) && !sawIdpForm) {
          sawIdpForm = true;
          const action = new URL(/action="([^"]+)"/.exec(page.body)![1], page.url).toString();
          page = await browserFor(action).post(action, { login });
        } else return { page, sawIdpForm };
      }
      throw new Error('too many redirects');
    }
    return { portico, go };
  }

  const startPath = (id: string) => `${node.url}/login/openid/${id}?app=user-center`;

  async function lastEvent(action: string) {
    return node.portico.store.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  async function bindingsFor(id: string) {
    const rows = await node.portico.store.db.selectFrom('bindings').select(['user_id', 'subject', 'nick']).where('source_id', '=', id).execute();
    return rows.map((row) => ({ ...row }));
  }

  const userIdOf = async (username: string) => (await node.portico.store.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

  test('the login page offers "Sign in with" the source, which leads to the IdP', async () => {
    const { portico } = person();
    const page = await portico.get('/login?app=user-center');
    assert.match(page.body, new RegExp(`data-method="openid">Sign in with ${IDP_NAME}<`));
    const start = await portico.get(startPath(sourceId));
    assert.equal(start.status, 303);
    const to = new URL(start.location!);
    assert.equal(to.origin, idp.issuer);
    assert.equal(to.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(to.searchParams.get('nonce') && to.searchParams.get('state'));
    assert.equal(to.searchParams.get('redirect_uri'), `${node.url}/login/callback/openid/${sourceId}`);
  });

  test('first time auto-bound by the verified email, second time straight in', async () => {
    const someone = person();
    const first = await someone.go(startPath(sourceId), 'ada');
    assert.ok(first.sawIdpForm, 'signed in at the IdP');
    assert.equal(first.page.status, 200, first.page.body.slice(0, 300));
    assert.match(first.page.url, /\/account/, 'signed in to the User Center');
    const ada = await userIdOf(`ada-${tag}`);
    assert.deepEqual(await bindingsFor(sourceId), [{ user_id: ada, subject: 'ada', nick: 'Ada Lovelace' }]);
    const bound = await lastEvent('login.openid');
    assert.equal(bound?.reason, 'openid.bound_auto');
    assert.equal(bound?.method, 'openid');
    const user = await node.api('GET', `${V1}/users/${ada}`, { token: admin });
    assert.equal(user.body.emailVerified, true, 'the IdP verified the address, so Portico marks it verified');
    assert.equal((await lastEvent('user.email_verified'))?.reason, 'openid.contact_verified');

    // Signed out of Portico, still signed in at the IdP: no form anywhere.
    const later = person();
    const again = await later.go(startPath(sourceId), 'ada');
    assert.ok(again.sawIdpForm, 'a new browser signs in at the IdP');
    const sameBrowser = await someone.go(startPath(sourceId));
    assert.equal(sameBrowser.sawIdpForm, false);
    assert.match(sameBrowser.page.url, /\/account/);
    assert.equal((await lastEvent('login.openid'))?.reason, 'openid.bound');
    assert.equal((await bindingsFor(sourceId)).length, 1);
  });

  test('an email the IdP did not verify binds nothing: the person is asked to prove an account instead', async () => {
    const { go } = person();
    const { page } = await go(startPath(sourceId), 'eve');
    assert.match(page.url, /\/login\/bind$/);
    assert.match(page.body, new RegExp(`Bind your OpenID Connect account`));
    const bob = await userIdOf(`bob-${tag}`);
    assert.ok(!(await bindingsFor(sourceId)).some((b) => b.subject === 'eve' || b.user_id === bob));
    const event = await lastEvent('login.openid');
    assert.equal(event?.reason, 'openid.not_associated.bind_existing');
    assert.match(String(event?.after), /attribute_unverified/);
    assert.equal((await node.api('GET', `${V1}/users/${bob}`, { token: admin })).body.emailVerified, false, 'an address the IdP did not verify is not marked');
  });

  test('a signed-in user binds their IdP account from the User Center, sees it, and can unbind it', async () => {
    const username = `grace-${tag}`;
    const created = await node.api('POST', `${V1}/users`, { token: admin, body: { username, displayName: 'Grace', password: USER_PASSWORD } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const someone = person();
    const page = await someone.portico.get(`/login?app=user-center&method=${PASSWORD_SOURCE_ID}`);
    const signedIn = await someone.portico.post('/login/password', { app: 'user-center', csrf: field(page.body, 'csrf'), username, password: USER_PASSWORD });
    assert.equal(signedIn.status, 303);
    const account = await someone.portico.open('/account');
    assert.match(account.body, new RegExp(`href="/login/openid/${sourceId}/link"`), 'the User Center offers binding the IdP');

    const linked = await someone.go(`${node.url}/login/openid/${sourceId}/link`, 'grace');
    assert.ok(linked.sawIdpForm);
    assert.match(linked.page.url, /\/account$/);
    const bindings = JSON.parse((await someone.portico.get('/api/me/bindings')).body).items as { id: string; sourceId: string; nick: string }[];
    const bound = bindings.find((b) => b.sourceId === sourceId);
    assert.equal(bound?.nick, 'Grace Hopper');
    assert.equal((await lastEvent('usercenter.openid.link'))?.reason, 'openid.bound_by_user');

    const unbound = await someone.portico.request('DELETE', `/api/me/bindings/${bound!.id}`);
    assert.equal(unbound.status, 204);
    assert.ok(!(await bindingsFor(sourceId)).some((b) => b.subject === 'grace'));
  });

  test('an ID token from another sign-in (its nonce is not this one) is refused', async () => {
    // The IdP answers the next token request with the tokens of the last sign-in.
    await person().go(startPath(sourceId), 'ada');
    idp.misbehave.replayTokens = true;
    try {
      const { page } = await person().go(startPath(sourceId), 'ada');
      assert.equal(errorCode(page.body), 'openid.nonce_mismatch');
      assert.equal(page.status, 400);
      assert.match(page.body, /belonged to another sign-in/);
    } finally {
      idp.misbehave.replayTokens = false;
    }
    const event = await lastEvent('login.openid');
    assert.equal(event?.outcome, 'failure');
    assert.equal(event?.reason, 'openid.nonce_mismatch');
  });

  test('an IdP whose signatures do not match its published keys is refused', async () => {
    const bad = await sourceWithIdp({ misbehave: { foreignKeys: true } });
    const { page } = await person().go(startPath(bad.id), 'ada');
    assert.equal(page.status, 502, page.url);
    assert.equal(errorCode(page.body), 'openid.id_token_invalid');
    assert.equal((await bindingsFor(bad.id)).length, 0);
    assert.doesNotMatch(page.body, /Try again/, 'nothing the person does would change the answer');
  });

  test('a person who declines at the IdP is told so, and may start again', async () => {
    const { portico } = person();
    const start = await portico.get(startPath(sourceId));
    const state = new URL(start.location!).searchParams.get('state')!;
    const page = await portico.get(`/login/callback/openid/${sourceId}?error=access_denied&state=${encodeURIComponent(state)}&iss=${encodeURIComponent(idp.issuer)}`);
    assert.equal(page.status, 400);
    assert.equal(errorCode(page.body), 'openid.authorization_denied');
    assert.match(page.body, new RegExp(`You declined the sign-in at OpenID Connect`));
    assert.match(page.body, new RegExp(`href="/login/openid/${sourceId}\\?`));
  });

  test('an issuer other than the IdP names itself: refused before anyone is sent there; Test connection says why', async () => {
    const created = await createSource(idp.issuer.replace('127.0.0.1', 'localhost'), { id: idp.clientId, secret: idp.clientSecret }, 'Wrong issuer');
    await enable(sourceId, created.id);
    const page = await person().portico.get(startPath(created.id));
    assert.equal(page.status, 502);
    assert.equal(errorCode(page.body), 'openid.issuer_mismatch');
    const tested = await node.api('POST', `${V1}/sources/${created.id}/test`, { token: admin });
    assert.equal(tested.status, 200);
    assert.equal(tested.body.ok, false);
    assert.equal(tested.body.code, 'openid.issuer_mismatch');
  });

  test('an IdP that is down: a page that says so and offers nothing broken; Test connection says it cannot be reached', async () => {
    const port = await freePort();
    const created = await createSource(`http://127.0.0.1:${port}`, upstreamClient(), 'Down');
    await enable(sourceId, created.id);
    const page = await person().portico.get(startPath(created.id));
    assert.equal(page.status, 503);
    assert.equal(errorCode(page.body), 'openid.unavailable');
    const tested = await node.api('POST', `${V1}/sources/${created.id}/test`, { token: admin });
    assert.deepEqual([tested.body.ok, tested.body.code], [false, 'openid.unavailable']);
  });

  test('Test connection reads the discovery document and the signing keys', async () => {
    const tested = await node.api('POST', `${V1}/sources/${sourceId}/test`, { token: admin });
    assert.equal(tested.status, 200);
    assert.equal(tested.body.ok, true, JSON.stringify(tested.body));
    assert.match(tested.body.message, new RegExp(`${idp.issuer.replace(/[.:/]/g, '\\$&')} publishes its endpoints and 1 signing key`));
  });

  test('the configuration is checked: the openid scope, an issuer Portico may believe, nothing unknown', async () => {
    const post = (config: Record<string, unknown>) =>
      node.api('POST', `${V1}/sources`, { token: admin, body: { type: 'openid', name: 'Bad', config: { issuer: 'https://idp.example', clientId: 'c', clientSecret: 's', ...config } } });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ scopes: 'profile email' }, 'source.openid_scope_required', '/config/scopes'],
      [{ issuer: 'http://idp.example' }, 'source.issuer_invalid', '/config/issuer'],
      [{ issuer: 'https://idp.example/?tenant=1' }, 'source.issuer_invalid', '/config/issuer'],
      [{ sourceAttribute: 'phone_number', userAttribute: 'email' }, 'source.incompatible_attributes', '/config/userAttribute'],
    ];
    for (const [config, code, pointer] of cases) {
      const res = await post(config);
      assert.equal(res.status, 400, JSON.stringify(config));
      assert.equal(res.body.code, code);
      assert.equal(res.body.field, pointer);
    }
    const unknown = await post({ redirectUri: 'https://evil.example' });
    assert.equal(unknown.status, 400);
    const ok = await post({});
    assert.equal(ok.status, 201);
    assert.equal(ok.body.config.clientSecret, undefined, 'the secret is never sent back');
    assert.deepEqual(ok.body.secretsSet, ['clientSecret']);
  });
});
