/**
 * Applications have a protocol: the API shows it (OpenID Connect for every application so far, the User
 * Center too), refuses one Portico does not support with a stable code, says what to register in the
 * application; the login page, its SSO session and the provider's hand-over name the application by its
 * Portico id, and the login page still answers to the client id of links written before.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, field } from './helpers/browser.ts';
import { authorizationRequest, createUser, registerApp, relyingParty, untilRedirect, USER_PASSWORD, type RegisteredApp } from './helpers/oidc.ts';
import { USER_CENTER_APP_ID, USER_CENTER_CLIENT_ID } from '../src/store/well-known.ts';
import type { SsoSession } from '../src/login/session.ts';

const V1 = '/api/admin/v1';
const ssoKey = (token: string) => `session:${createHash('sha256').update(token).digest('base64url')}`;

describeEachDialect('Application protocols', (dialect) => {
  let node: TestNode;
  let admin: string;
  let app: RegisteredApp;
  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    app = await registerApp(node, admin, { name: 'Payroll' });
  });
  after(() => node?.close());

  const countApplications = async () => (await node.api('GET', `${V1}/applications`, { token: admin })).body.items.length;

  test('every application has a protocol: OpenID Connect when none is named, the built-in User Center too', async () => {
    const uc = await node.api('GET', `${V1}/applications/${USER_CENTER_APP_ID}`, { token: admin });
    assert.equal(uc.body.protocol, 'oidc');
    assert.equal(uc.body.builtIn, true);
    assert.equal(uc.body.kind, 'user_center', 'the field from before protocols is still there');
    assert.equal(uc.body.clientId, USER_CENTER_CLIENT_ID);

    const implicit = await node.api('GET', `${V1}/applications/${app.id}`, { token: admin });
    assert.equal(implicit.body.protocol, 'oidc');
    assert.equal(implicit.body.builtIn, false);
    assert.equal(implicit.body.kind, 'oidc');
    for (const key of ['clientId', 'clientType', 'hasSecret', 'redirectUris', 'postLogoutRedirectUris', 'firstParty']) assert.ok(key in implicit.body, key);

    const named = await node.api('POST', `${V1}/applications`, { token: admin, body: { protocol: 'oidc', name: 'Named', clientType: 'public', redirectUris: ['https://named.example/cb'] } });
    assert.equal(named.status, 201, JSON.stringify(named.body));
    assert.equal(named.body.application.protocol, 'oidc');
    assert.equal(named.body.clientSecret, undefined, 'a public client gets no secret');
  });

  test('a protocol Portico does not support is refused with a stable code naming the supported ones, and nothing is written', async () => {
    const before = await countApplications();
    const creations = async () =>
      Number((await node.portico.store.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'application.create').executeTakeFirstOrThrow()).n);
    const createdBefore = await creations();
    for (const protocol of ['wsfed', 'CAS', 'OIDC']) {
      const res = await node.api('POST', `${V1}/applications`, { token: admin, body: { protocol, name: `A ${protocol} app`, redirectUris: [] } });
      assert.equal(res.status, 400, protocol);
      assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.equal(res.body.code, 'application.unsupported_protocol');
      assert.equal(res.body.field, '/protocol');
      assert.deepEqual(res.body.supported, ['oidc', 'cas', 'saml']);
      assert.match(res.body.detail, /supported: oidc, cas, saml/);
    }
    assert.equal(await countApplications(), before);
    assert.equal(await creations(), createdBefore, 'and nothing audited as created');
  });

  test("an application's protocol does not change, and its settings are its protocol's", async () => {
    const changed = await node.api('PATCH', `${V1}/applications/${app.id}`, { token: admin, body: { protocol: 'oidc' } });
    assert.equal(changed.status, 400);
    assert.equal(changed.body.code, 'request.unknown_field');
    assert.equal(changed.body.field, '/protocol');
    const missing = await node.api('POST', `${V1}/applications`, { token: admin, body: { name: 'No redirect URIs' } });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.code, 'request.missing_field');
    assert.equal(missing.body.field, '/redirectUris');
  });

  test('the protocols, and the lists by protocol', async () => {
    const protocols = await node.api('GET', `${V1}/protocols`, { token: await node.tokenFor('auditor') });
    assert.equal(protocols.status, 200);
    assert.deepEqual(protocols.body.items.map((p: { protocol: string; label: string }) => [p.protocol, p.label]), [['oidc', 'OpenID Connect'], ['cas', 'CAS 3.0'], ['saml', 'SAML 2.0']]);
    assert.ok(protocols.body.items[0].settingsSchema.properties.redirectUris);

    const ids = async (query: string) => (await node.api('GET', `${V1}/applications?${query}`, { token: admin })).body.items.map((a: { id: string }) => a.id);
    const all = await ids('');
    assert.deepEqual(await ids('protocol=oidc'), all);
    assert.deepEqual(await ids('kind=user_center'), [USER_CENTER_APP_ID]);
    assert.deepEqual(await ids('kind=oidc'), all.filter((id: string) => id !== USER_CENTER_APP_ID));
    assert.equal((await node.api('GET', `${V1}/applications?protocol=wsfed`, { token: admin })).status, 400);
  });

  test("what to register in the application is the provider's own discovery, and its client ID", async () => {
    const res = await node.api('GET', `${V1}/applications/${app.id}/endpoints`, { token: admin });
    assert.equal(res.status, 200);
    assert.equal(res.body.applicationId, app.id);
    assert.equal(res.body.protocol, 'oidc');
    const endpoint = Object.fromEntries(res.body.endpoints.map((e: { key: string; value: string }) => [e.key, e.value]));
    assert.equal(endpoint.clientId, app.clientId);
    const discovery = await (await fetch(endpoint.discovery)).json();
    assert.equal(endpoint.issuer, discovery.issuer);
    assert.equal(endpoint.authorization, discovery.authorization_endpoint);
    assert.equal(endpoint.token, discovery.token_endpoint);
    assert.equal(endpoint.userinfo, discovery.userinfo_endpoint);
    assert.equal(endpoint.jwks, discovery.jwks_uri);
    assert.equal(endpoint.endSession, discovery.end_session_endpoint);
    assert.equal((await node.api('GET', `${V1}/applications/app_nope/endpoints`, { token: admin })).body.code, 'application.not_found');
  });

  test('the login page answers to the application id and to the client id, and its links name the application by id', async () => {
    for (const param of [app.id, app.clientId]) {
      const page = await new Browser(node.url).get(`/login?app=${encodeURIComponent(param)}`);
      assert.equal(page.status, 200, param);
      assert.match(page.body, /Sign in to Payroll/);
      assert.equal(field(page.body, 'app'), app.id, 'the form names the application by id');
      const links = [...page.body.matchAll(/<a href="(\/login[^"]*)"/g)].map((m) => m[1]);
      assert.ok(links.length > 0, 'the page links its methods');
      for (const href of links) assert.match(href, new RegExp(`[?&]app=${app.id}(&|$)`));
    }
  });

  test('a sign-in by either name starts an SSO session that names the application by id', async () => {
    const user = await createUser(node, admin);
    for (const param of [app.clientId, app.id]) {
      const browser = new Browser(node.url);
      const page = await browser.get(`/login?app=${param}`);
      const posted = await browser.post('/login/password', { app: param, csrf: field(page.body, 'csrf'), username: user.username, password: USER_PASSWORD });
      assert.equal(posted.status, 303, posted.body.slice(0, 300));
      const session = await node.portico.ctx.shortLived.get<SsoSession>(ssoKey(browser.cookies.get('portico_session')!));
      assert.equal(session?.userId, user.id);
      assert.equal(session?.applicationId, app.id);
    }
  });

  test("the provider hands a sign-in over to the application's login page by its id, and takes it back", async () => {
    const user = await createUser(node, admin);
    const config = await relyingParty(node, app);
    const browser = new Browser(node.url);
    const { pages, last } = await untilRedirect(browser, await browser.get((await authorizationRequest(config, app)).url.toString()), app.redirectUri);
    const login = new URL(last.url);
    assert.equal(login.pathname, '/login');
    assert.equal(login.searchParams.get('app'), app.id);
    assert.match(login.searchParams.get('return_to') ?? '', /^\/oidc\/interaction\//);
    const posted = await browser.post('/login/password', { app: field(last.body, 'app'), return_to: field(last.body, 'return_to'), csrf: field(last.body, 'csrf'), username: user.username, password: USER_PASSWORD });
    const back = await untilRedirect(browser, posted, app.redirectUri);
    assert.ok(back.location?.searchParams.get('code'), `a code for the application (after ${pages.length + back.pages.length} pages)`);
  });
});
