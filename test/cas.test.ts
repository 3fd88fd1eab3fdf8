/**
 * Portico as a CAS 3.0 server, on both databases, driven by a client written from the CAS Protocol 3.0
 * specification (a browser following redirects, and the service's server validating tickets): login
 * through the application's login page and back with a ticket, one validation per ticket, the SSO
 * session, renew and gateway, attributes in XML and JSON, the service bound to its ticket, an unknown
 * service never redirected to, the application's second-factor policy, logout, and the settings' rules.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, errorCode, field, type Page } from './helpers/browser.ts';
import { createUser, USER_PASSWORD } from './helpers/oidc.ts';
import { PASSWORD_SOURCE_ID } from '../src/store/well-known.ts';

const V1 = '/api/admin/v1';
/** The service's pages: nothing listens there; the test stops at the redirect and reads it. */
const SERVICE_BASE = 'http://127.0.0.1:9/campus/';

/** What a CAS client reads from a validation's XML answer (CAS 3.0 Appendix A): the user, or the failure's code. */
function readXml(body: string) {
  assert.match(body, /^<cas:serviceResponse xmlns:cas="http:\/\/www\.yale\.edu\/tp\/cas">/);
  const failure = /<cas:authenticationFailure code="([A-Z_]+)">/.exec(body)?.[1];
  const user = /<cas:user>([^<]*)<\/cas:user>/.exec(body)?.[1];
  const attributes = Object.fromEntries([...body.matchAll(/<cas:(\w+)>([^<]*)<\/cas:\1>/g)].filter(([, k]) => k !== 'user').map(([, k, v]) => [k, v]));
  return { failure, user, attributes };
}

describeEachDialect('CAS server', (dialect) => {
  let node: TestNode;
  let admin: string;
  let appId: string;

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    const created = await node.api('POST', `${V1}/applications`, {
      token: admin,
      body: { name: 'Campus portal', protocol: 'cas', services: [{ url: SERVICE_BASE, match: 'prefix' }], attributes: ['displayName', 'email', 'mobile'] },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    appId = created.body.application.id;
    assert.deepEqual(created.body.application.services, [{ url: SERVICE_BASE, match: 'prefix' }]);
    assert.equal(created.body.application.userField, 'username');
    const put = await node.api('PUT', `${V1}/applications/${appId}/login-configuration`, { token: admin, body: { sources: [PASSWORD_SOURCE_ID] } });
    assert.equal(put.status, 200);
  });
  after(async () => node?.close());

  const validate = (path: 'serviceValidate' | 'p3/serviceValidate', q: Record<string, string>) => fetch(`${node.url}/cas/${path}?${new URLSearchParams(q)}`);

  /** Follows the browser from /cas/login to the service, signing in with the password when the login page asks; the ticket it lands with. */
  async function login(browser: Browser, user: { username: string }, service: string, extra: Record<string, string> = {}): Promise<{ ticket?: string; last: Page; signedIn: boolean }> {
    let page = await browser.get(`/cas/login?${new URLSearchParams({ service, ...extra })}`);
    let signedIn = false;
    for (let hop = 0; hop < 10; hop++) {
      if (page.location?.startsWith(SERVICE_BASE) || page.location === service) {
        return { ticket: new URL(page.location).searchParams.get('ticket') ?? undefined, last: page, signedIn };
      }
      if (page.location) page = await browser.get(new URL(page.location, page.url).toString());
      else if (page.body.includes('name="password"')) {
        signedIn = true;
        page = await browser.post('/login/password', { app: field(page.body, 'app'), return_to: field(page.body, 'return_to'), csrf: field(page.body, 'csrf'), username: user.username, password: USER_PASSWORD });
      } else return { last: page, signedIn };
    }
    throw new Error('no end to the CAS login');
  }

  test('login goes through the login page and back with a ticket, valid once, for its service only', async () => {
    const user = await createUser(node, admin);
    const browser = new Browser(node.url);
    const service = `${SERVICE_BASE}grades?term=2026%20fall`;
    const { ticket, last, signedIn } = await login(browser, user, service);
    assert.ok(signedIn, 'the application\'s login page was shown');
    assert.match(ticket!, /^ST-[\w-]{40,}$/);
    assert.equal(last.location, `${service}&ticket=${ticket}`, 'the service exactly as sent, the ticket added');

    const ok = readXml(await (await validate('serviceValidate', { service, ticket: ticket! })).text());
    assert.deepEqual({ user: ok.user, failure: ok.failure }, { user: user.username, failure: undefined });
    assert.deepEqual(ok.attributes, {}, '/serviceValidate releases no attributes');
    const again = readXml(await (await validate('serviceValidate', { service, ticket: ticket! })).text());
    assert.equal(again.failure, 'INVALID_TICKET', 'a ticket is validated once');

    // The SSO session: the next login is at once, and the ticket is bound to its service.
    const next = await login(browser, user, service);
    assert.equal(next.signedIn, false);
    const other = readXml(await (await validate('serviceValidate', { service: `${SERVICE_BASE}other`, ticket: next.ticket! })).text());
    assert.equal(other.failure, 'INVALID_SERVICE');
    assert.equal(readXml(await (await validate('serviceValidate', { service, ticket: next.ticket! })).text()).failure, 'INVALID_TICKET', 'a failed validation used the ticket up');

    const reasons = await node.portico.store.db.selectFrom('audit_events').select(['action', 'reason']).where('actor_id', '=', user.id).where('action', 'like', 'cas.%').orderBy('id').execute();
    assert.deepEqual(reasons.map((r) => `${r.action} ${r.reason}`), ['cas.ticket cas.ticket_issued', 'cas.validate cas.ticket_validated', 'cas.ticket cas.ticket_issued', 'cas.validate cas.invalid_service']);
  });

  test('/p3/serviceValidate releases the chosen attributes, in XML and in JSON, with isFromNewLogin', async () => {
    const user = await createUser(node, admin);
    const browser = new Browser(node.url);
    const service = `${SERVICE_BASE}home`;
    const first = await login(browser, user, service);
    const xml = readXml(await (await validate('p3/serviceValidate', { service, ticket: first.ticket! })).text());
    assert.equal(xml.user, user.username);
    assert.equal(xml.attributes.isFromNewLogin, 'true');
    assert.equal(xml.attributes.email, user.email);
    assert.equal(xml.attributes.mobile, user.mobile);
    assert.equal(xml.attributes.displayName, user.displayName);
    assert.ok(!Number.isNaN(Date.parse(xml.attributes.authenticationDate)));
    assert.equal(xml.attributes.username, undefined, 'only the fields chosen');

    const sso = await login(browser, user, service);
    const res = await validate('p3/serviceValidate', { service, ticket: sso.ticket!, format: 'JSON' });
    assert.match(res.headers.get('content-type')!, /^application\/json/);
    const json = (await res.json()) as { serviceResponse: { authenticationSuccess: { user: string; attributes: Record<string, unknown[]> } } };
    assert.equal(json.serviceResponse.authenticationSuccess.user, user.username);
    assert.deepEqual(json.serviceResponse.authenticationSuccess.attributes.isFromNewLogin, [false], 'from the SSO session, not a new login');
    assert.deepEqual(json.serviceResponse.authenticationSuccess.attributes.email, [user.email]);
  });

  test('renew signs in again even with a session; gateway never shows a login page', async () => {
    const user = await createUser(node, admin);
    const browser = new Browser(node.url);
    const service = `${SERVICE_BASE}admin`;
    await login(browser, user, service);
    const sso = await login(browser, user, service);
    assert.equal(readXml(await (await validate('serviceValidate', { service, ticket: sso.ticket!, renew: 'true' })).text()).failure, 'INVALID_TICKET', 'renew asked of a ticket from the SSO session');
    const renewed = await login(browser, user, service, { renew: 'true' });
    assert.equal(renewed.signedIn, true, 'the login page again, despite the session');
    assert.equal(readXml(await (await validate('serviceValidate', { service, ticket: renewed.ticket!, renew: 'true' })).text()).user, user.username);

    const stranger = new Browser(node.url);
    const gateway = await stranger.get(`/cas/login?${new URLSearchParams({ service, gateway: 'true' })}`);
    assert.equal(gateway.status, 303);
    assert.equal(gateway.location, service, 'back to the service without a ticket');
  });

  test('an unknown service gets an error page, never a redirect; bad validation requests get CAS failures', async () => {
    const browser = new Browser(node.url);
    for (const service of ['https://evil.example/steal', 'http://127.0.0.1:9/campusX/', 'http://127.0.0.1:9/campus', 'javascript:alert(1)', 'http://user:pw@127.0.0.1:9/campus/']) {
      const page = await browser.get(`/cas/login?${new URLSearchParams({ service })}`);
      assert.equal(page.status, 400, service);
      assert.equal(page.location, undefined);
      assert.equal(errorCode(page.body), 'cas.unknown_service');
    }
    assert.equal(readXml(await (await validate('serviceValidate', { service: SERVICE_BASE })).text()).failure, 'INVALID_REQUEST');
    assert.equal(readXml(await (await validate('serviceValidate', { service: SERVICE_BASE, ticket: 'PT-123' })).text()).failure, 'INVALID_TICKET_SPEC');
    assert.equal(readXml(await (await validate('serviceValidate', { service: SERVICE_BASE, ticket: 'ST-forgedforgedforgedforged' })).text()).failure, 'INVALID_TICKET');
  });

  test('the application\'s second-factor policy applies to CAS sign-ins; logout ends the session and returns to a registered service', async () => {
    const user = await createUser(node, admin);
    const set = await node.api('PATCH', `${V1}/applications/${appId}`, { token: admin, body: { secondFactor: { mode: 'always' } } });
    assert.equal(set.status, 200);
    try {
      const browser = new Browser(node.url);
      const { last } = await login(browser, user, `${SERVICE_BASE}home`);
      assert.equal(new URL(last.url).pathname, '/login/factor', 'no ticket before the second factor');
      assert.match(last.body, /Set up two-step verification/);
    } finally {
      await node.api('PATCH', `${V1}/applications/${appId}`, { token: admin, body: { secondFactor: { mode: 'never' } } });
    }
    const browser = new Browser(node.url);
    await login(browser, user, `${SERVICE_BASE}home`);
    const out = await browser.get(`/cas/logout?${new URLSearchParams({ service: `${SERVICE_BASE}bye` })}`);
    assert.equal(out.location, `${SERVICE_BASE}bye`);
    assert.equal((await login(browser, user, `${SERVICE_BASE}home`)).signedIn, true, 'signed out: the login page again');
    const elsewhere = await browser.get(`/cas/logout?${new URLSearchParams({ service: 'https://evil.example/' })}`);
    assert.doesNotMatch(elsewhere.location ?? '', /evil/);
  });

  test('service URLs are checked: https off loopback, prefixes end a path, at least one', async () => {
    const bad = [
      [{ url: 'http://campus.example.edu/', match: 'prefix' }, 'application.cas_insecure_service'],
      [{ url: 'https://campus.example.edu/app', match: 'prefix' }, 'application.cas_invalid_prefix'],
      [{ url: 'https://campus.example.edu/?x=1', match: 'prefix' }, 'application.cas_invalid_prefix'],
      [{ url: 'https://campus.example.edu/#x', match: 'exact' }, 'application.cas_invalid_service'],
      [{ url: 'campus.example.edu', match: 'exact' }, 'application.cas_invalid_service'],
    ] as const;
    for (const [rule, code] of bad) {
      const res = await node.api('POST', `${V1}/applications`, { token: admin, body: { name: 'Bad', protocol: 'cas', services: [rule] } });
      assert.equal(res.status, 400, JSON.stringify(rule));
      assert.equal(res.body.code, code);
    }
    const none = await node.api('POST', `${V1}/applications`, { token: admin, body: { name: 'Bad', protocol: 'cas', services: [] } });
    assert.equal(none.status, 400);
    const endpoints = await node.api('GET', `${V1}/applications/${appId}/endpoints`, { token: admin });
    assert.deepEqual(endpoints.body.endpoints.map((e: { key: string }) => e.key), ['casPrefix', 'casLogin', 'casServiceValidate', 'casP3ServiceValidate', 'casLogout']);
  });
});
