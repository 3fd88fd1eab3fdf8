/**
 * Client authentication by JWT with a relying party Portico did not write: Authlib (Debian's
 * python3-authlib, test/rp/authlib_jwt_auth_rp.py) runs the code flow with PKCE, refresh and revocation
 * authenticating with private_key_jwt (its key registered inline, or published at a JWKS URI this test
 * serves on loopback) and with client_secret_jwt, and checks the ID token against Portico's JWKS, with
 * Authlib and with PyJWT told to accept only the application's algorithm (RS256 alone, OIDC Core's
 * default, for one of them).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser } from './helpers/browser.ts';
import { createUser, registerApp, type RegisteredApp } from './helpers/oidc.ts';
import { personAt, pythonRps, runPythonRp } from './helpers/independent-rp.ts';
import { clientKey, startJwksServer } from './helpers/client-keys.ts';

describeEachDialect('Independent relying parties authenticating with a JWT', (dialect) => {
  let node: TestNode;
  let admin: string;
  let issuer: string;
  let user: { id: string; username: string };
  let jwksServer: Awaited<ReturnType<typeof startJwksServer>>;

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    issuer = `${node.url}/oidc`;
    user = await createUser(node, admin);
    jwksServer = await startJwksServer();
  });
  after(async () => {
    await node?.close();
    await jwksServer?.close();
  });

  /** Authlib's run for `app`: the method, what it signs with, and the one ID token algorithm it accepts. */
  const run = async (app: RegisteredApp, method: string, credential: string, idTokenAlg: string) => {
    const done = await runPythonRp('authlib_jwt_auth_rp.py', [issuer, app.clientId, app.redirectUri, method, credential, idTokenAlg], await personAt(new Browser(node.url), app, user));
    assert.equal(done.sub, user.id);
    assert.equal(done.pyjwt_sub, user.id, 'PyJWT verified the ID token too');
    assert.equal(done.alg, idTokenAlg);
    assert.equal(done.rotated, true, 'the refresh token rotates');
    assert.equal(done.revoke_status, 200, 'revocation accepted the JWT authentication');
    assert.equal(done.reuse_error, 'invalid_grant', 'the revoked refresh token is refused');
  };

  test('private_key_jwt with the key registered inline, to an RS256-only relying party', pythonRps, async () => {
    const signer = await clientKey('RS256', 'authlib-inline');
    const app = await registerApp(node, admin, { settings: { tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys: [signer.jwk] }, idTokenSignedResponseAlg: 'RS256' } });
    await run(app, 'private_key_jwt', JSON.stringify(signer.privateJwk), 'RS256');
  });

  test('private_key_jwt with the key published at a JWKS URI', pythonRps, async () => {
    const signer = await clientKey('ES256', 'authlib-uri');
    jwksServer.serve([signer.jwk]);
    const app = await registerApp(node, admin, { settings: { tokenEndpointAuthMethod: 'private_key_jwt', jwksUri: jwksServer.uri } });
    const before = jwksServer.fetches();
    await run(app, 'private_key_jwt', JSON.stringify(signer.privateJwk), 'ES256');
    assert.ok(jwksServer.fetches() > before, 'Portico took the key from the JWKS URI');
  });

  test('client_secret_jwt with the client secret', pythonRps, async () => {
    const app = await registerApp(node, admin, { settings: { tokenEndpointAuthMethod: 'client_secret_jwt' } });
    await run(app, 'client_secret_jwt', app.clientSecret!, 'ES256');
  });

  test('a key the application did not register is refused', pythonRps, async () => {
    const registered = await clientKey('RS256', 'authlib-registered');
    const impostor = await clientKey('RS256', 'authlib-registered');
    const app = await registerApp(node, admin, { settings: { tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys: [registered.jwk] } } });
    await assert.rejects(run(app, 'private_key_jwt', JSON.stringify(impostor.privateJwk), 'ES256'), /invalid_client/);
  });
});
