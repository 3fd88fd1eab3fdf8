/**
 * What every answer promises whatever the client sends: URLs built from PORTICO_PUBLIC_URL only
 * (never from Host or X-Forwarded-Host), cacheable public documents, HSTS under https, and a clear
 * 400 for a URL the router cannot read.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect, freePort, startNode, type TestNode } from './helpers/harness.ts';
import { errorCode } from './helpers/browser.ts';
import { HSTS } from '../src/http/security-headers.ts';
import { HOSTILE_HOSTS, rawGet } from './helpers/raw-http.ts';

/** The provider's metadata: OpenID Connect Discovery's, and RFC 8414's both under the issuer and at the root (path insertion, §3.1). */
const DISCOVERY_DOCUMENTS = ['/oidc/.well-known/openid-configuration', '/oidc/.well-known/oauth-authorization-server', '/.well-known/oauth-authorization-server/oidc'];

for (const trustProxy of ['false', 'true']) {
  describeEachDialect(`Answers built from the public URL (trust proxy ${trustProxy})`, (dialect) => {
    let node: TestNode;
    before(async () => {
      node = await startNode(dialect, { PORTICO_TRUST_PROXY: trustProxy });
    });
    after(() => node?.close());

    test('discovery (every metadata document, every endpoint URL) names the public URL whatever Host or X-Forwarded-Host says', async () => {
      for (const path of DISCOVERY_DOCUMENTS) {
        for (const headers of HOSTILE_HOSTS) {
          const res = await rawGet(node.url + path, headers);
          assert.equal(res.status, 200, path);
          const doc = JSON.parse(res.body) as Record<string, unknown>;
          assert.equal(doc.issuer, `${node.url}/oidc`, path);
          const urls = Object.entries(doc).filter(([, value]) => typeof value === 'string' && value.startsWith('http'));
          assert.ok(urls.length >= 8, `${path}: the endpoints are there`);
          for (const [key, value] of urls) assert.ok(value === doc.issuer || String(value).startsWith(`${node.url}/oidc/`), `${path} ${key}: ${value} (${JSON.stringify(headers)})`);
          assert.doesNotMatch(res.body, /evil\.example/, path);
        }
      }
    });

    test('mid-flow redirects do not follow Host either', async () => {
      const q = new URLSearchParams({ client_id: 'user-center', response_type: 'code', scope: 'openid', redirect_uri: `${node.url}/account/callback`, code_challenge: 'x'.repeat(43), code_challenge_method: 'S256', state: 's', nonce: 'n' });
      for (const headers of HOSTILE_HOSTS) {
        const res = await rawGet(`${node.url}/oidc/auth?${q}`, headers);
        assert.equal(res.status, 303, res.body.slice(0, 200));
        const location = String(res.headers.location);
        assert.doesNotMatch(location, /evil\.example/);
        assert.equal(new URL(location, node.url).origin, new URL(node.url).origin, location);
      }
    });

    test('discovery and the key set may be cached for five minutes; login pages, APIs and token answers never', async () => {
      for (const path of [...DISCOVERY_DOCUMENTS, '/oidc/jwks']) {
        assert.equal((await fetch(node.url + path)).headers.get('cache-control'), 'public, max-age=300', path);
      }
      const refused = await fetch(`${node.url}/oidc/jwks`, { method: 'POST' });
      assert.ok(refused.status >= 400);
      assert.notEqual(refused.headers.get('cache-control'), 'public, max-age=300', 'a refusal is not a public document');
      // RFC 6749 §5.1 (and §5.2 for errors): no-store, and Pragma: no-cache for HTTP/1.0 caches.
      const token = await fetch(`${node.url}/oidc/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=authorization_code&code=x' });
      assert.equal(token.status, 400);
      assert.equal(token.headers.get('cache-control'), 'no-store');
      assert.equal(token.headers.get('pragma'), 'no-cache');
      assert.equal((await fetch(`${node.url}/login?app=user-center`)).headers.get('cache-control'), 'no-store');
      assert.equal((await fetch(`${node.url}/api/admin/v1/session`)).headers.get('cache-control'), 'no-store');
    });
  });
}

describeEachDialect('Transport and unreadable URLs', (dialect) => {
  let plain: TestNode;
  let tls: TestNode;
  before(async () => {
    plain = await startNode(dialect);
    // Behind a TLS-terminating proxy the node itself speaks http; its public URL is https.
    const port = await freePort();
    tls = await startNode(dialect, { PORTICO_PORT: String(port), PORTICO_PUBLIC_URL: `https://127.0.0.1:${port}` });
  });
  after(async () => {
    await plain?.close();
    await tls?.close();
  });

  const paths = ['/login?app=user-center', '/api/admin/v1/session', '/oidc/.well-known/openid-configuration', '/healthz', '/nowhere'];

  test('under an https public URL every answer carries HSTS, the provider\'s too', async () => {
    for (const path of paths) assert.equal((await fetch(tls.url + path)).headers.get('strict-transport-security'), HSTS, path);
  });

  test('under plain http there is no HSTS (it would mean nothing)', async () => {
    for (const path of paths) assert.equal((await fetch(plain.url + path)).headers.get('strict-transport-security'), null, path);
  });

  test('a login URL with bad percent-encoding or an overlong part gets the friendly page, not raw JSON', async () => {
    for (const path of ['/login/dingtalk/%E0%A4', '/login/callback/dingtalk/%ZZ', '/login/dingtalk/%E0%A4/link', `/login/dingtalk/${'a'.repeat(300)}`]) {
      const res = await fetch(plain.url + path);
      assert.equal(res.status, 400, path);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/, path);
      const body = await res.text();
      assert.equal(errorCode(body), 'request.bad_url', path);
      assert.match(body, /This address is not valid|链接地址无效/);
      assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    }
  });

  test('an API URL with bad percent-encoding gets problem+json with a stable code', async () => {
    const res = await fetch(`${plain.url}/api/admin/v1/users/%E0%A4`);
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal(((await res.json()) as { code: string }).code, 'request.bad_url');
  });
});
