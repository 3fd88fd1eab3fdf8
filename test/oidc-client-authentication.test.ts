/**
 * How an OpenID Connect application authenticates at the token endpoint, chosen per application and
 * driven end to end by openid-client on both databases: private_key_jwt with an inline JWKS and with a
 * JWKS URI this test serves, client_secret_jwt, client_secret_post; a bad assertion and the wrong method
 * refused; and the API's refusals of keys and addresses that cannot be right.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { createUser, oauthError, registerApp, relyingParty, signIn } from './helpers/oidc.ts';
import { clientKey, startJwksServer } from './helpers/client-keys.ts';

const V1 = '/api/admin/v1';

describeEachDialect('OpenID Connect: client authentication', (dialect) => {
  let node: TestNode;
  let admin: string;
  let jwksServer: Awaited<ReturnType<typeof startJwksServer>>;

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    jwksServer = await startJwksServer();
  });
  after(async () => {
    await node?.close();
    await jwksServer?.close();
  });

  const create = (body: Record<string, unknown>) =>
    node.api('POST', `${V1}/applications`, { token: admin, body: { name: 'Auth', redirectUris: ['https://rp.example/cb'], ...body } });
  const problem = (res: { status: number; body: { code?: string; field?: string } }) => [res.status, res.body.code, res.body.field];

  test('private_key_jwt with an inline JWKS: the application signs in; a key it did not register is refused', async () => {
    const signer = await clientKey('ES256', 'rp-key-1');
    const app = await registerApp(node, admin, { settings: { tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys: [signer.jwk] } } });
    const shown = (await node.api('GET', `${V1}/applications/${app.id}`, { token: admin })).body;
    assert.equal(shown.tokenEndpointAuthMethod, 'private_key_jwt');
    assert.deepEqual(shown.jwks, { keys: [signer.jwk] });
    const user = await createUser(node, admin);
    const { tokens } = await signIn(node, await relyingParty(node, app, client.PrivateKeyJwt(signer.key)), app, user);
    assert.equal(tokens.claims()?.sub, user.id);

    const impostor = await clientKey('ES256', 'rp-key-1');
    const forged = await relyingParty(node, app, client.PrivateKeyJwt(impostor.key));
    assert.equal((await oauthError(signIn(node, forged, app, user))).error, 'invalid_client', 'an assertion signed by another key');
    const bySecret = await relyingParty(node, app, client.ClientSecretBasic(app.clientSecret!));
    assert.equal((await oauthError(signIn(node, bySecret, app, user))).error, 'invalid_client', 'the client secret is not how this application authenticates');
  });

  test('private_key_jwt with a JWKS URI: Portico fetches the keys from the application', async () => {
    const signer = await clientKey('RS256', 'rp-key-uri');
    jwksServer.serve([signer.jwk]);
    const app = await registerApp(node, admin, { settings: { tokenEndpointAuthMethod: 'private_key_jwt', jwksUri: jwksServer.uri } });
    const user = await createUser(node, admin);
    const before = jwksServer.fetches();
    const { tokens } = await signIn(node, await relyingParty(node, app, client.PrivateKeyJwt(signer.key)), app, user);
    assert.equal(tokens.claims()?.sub, user.id);
    assert.ok(jwksServer.fetches() > before, 'the keys came from the JWKS URI');
  });

  test('client_secret_jwt: an assertion made with the client secret; one made with another secret is refused', async () => {
    const app = await registerApp(node, admin, { settings: { tokenEndpointAuthMethod: 'client_secret_jwt' } });
    const user = await createUser(node, admin);
    const { tokens } = await signIn(node, await relyingParty(node, app, client.ClientSecretJwt(app.clientSecret)), app, user);
    assert.equal(tokens.claims()?.sub, user.id);
    const wrong = await relyingParty(node, app, client.ClientSecretJwt('not the secret, but long enough to be one'));
    assert.equal((await oauthError(signIn(node, wrong, app, user))).error, 'invalid_client');
  });

  test('client_secret_post, when chosen, authenticates', async () => {
    const app = await registerApp(node, admin, { settings: { tokenEndpointAuthMethod: 'client_secret_post' } });
    const user = await createUser(node, admin);
    const { tokens } = await signIn(node, await relyingParty(node, app, client.ClientSecretPost(app.clientSecret)), app, user);
    assert.equal(tokens.claims()?.sub, user.id);
  });

  test('keys and addresses that cannot be right are refused beside their field, and nothing is written', async () => {
    const signer = await clientKey('ES256', 'k');
    const count = async () => (await node.api('GET', `${V1}/applications`, { token: admin })).body.items.length;
    const before = await count();
    const pkjwt = { tokenEndpointAuthMethod: 'private_key_jwt' };
    const cases: [Record<string, unknown>, unknown[]][] = [
      [{ idTokenSignedResponseAlg: 'HS256' }, [400, 'request.invalid_value', '/idTokenSignedResponseAlg']],
      [{ idTokenSignedResponseAlg: 'none' }, [400, 'request.invalid_value', '/idTokenSignedResponseAlg']],
      [{ tokenEndpointAuthMethod: 'tls_client_auth' }, [400, 'request.invalid_value', '/tokenEndpointAuthMethod']],
      [{ ...pkjwt, jwks: { keys: [signer.privateJwk] } }, [400, 'application.jwks_private_key', '/jwks/keys/0']],
      [{ ...pkjwt, jwks: { keys: [signer.jwk, { kty: 'oct', k: 'c2VjcmV0' }] } }, [400, 'application.jwks_private_key', '/jwks/keys/1']],
      [{ ...pkjwt, jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'nope', y: 'nope' }] } }, [400, 'application.invalid_jwks', '/jwks/keys/0']],
      [{ ...pkjwt, jwks: { keys: [] } }, [400, 'application.invalid_jwks', '/jwks/keys']],
      [{ ...pkjwt, jwksUri: 'http://rp.example.com/jwks.json' }, [400, 'application.invalid_jwks_uri', '/jwksUri']],
      [{ ...pkjwt, jwksUri: 'https://rp.example.com/jwks.json#keys' }, [400, 'application.invalid_jwks_uri', '/jwksUri']],
      [{ ...pkjwt, jwksUri: 'not a url' }, [400, 'application.invalid_jwks_uri', '/jwksUri']],
      [pkjwt, [400, 'application.jwks_missing', '/jwks']],
      [{ ...pkjwt, jwks: { keys: [signer.jwk] }, jwksUri: 'https://rp.example.com/jwks.json' }, [400, 'application.jwks_conflict', '/jwksUri']],
      [{ tokenEndpointAuthMethod: 'none' }, [400, 'application.auth_method_client_type', '/tokenEndpointAuthMethod']],
      [{ clientType: 'public', tokenEndpointAuthMethod: 'client_secret_basic' }, [400, 'application.auth_method_client_type', '/tokenEndpointAuthMethod']],
      [{ backchannelLogoutUri: 'http://rp.example.com/logout' }, [400, 'application.invalid_logout_uri', '/backchannelLogoutUri']],
      [{ frontchannelLogoutUri: 'https://rp.example.com/logout#x' }, [400, 'application.invalid_logout_uri', '/frontchannelLogoutUri']],
      // Front-Channel Logout 1.0 §2: the scheme, host and port of a registered redirect URI.
      [{ frontchannelLogoutUri: 'https://elsewhere.example/logout' }, [400, 'application.frontchannel_logout_origin', '/frontchannelLogoutUri']],
      [{ frontchannelLogoutUri: 'https://rp.example:8443/logout' }, [400, 'application.frontchannel_logout_origin', '/frontchannelLogoutUri']],
      [{ clientType: 'machine', redirectUris: [], backchannelLogoutUri: 'https://rp.example/bc' }, [400, 'application.machine_uris', '/backchannelLogoutUri']],
    ];
    for (const [body, expected] of cases) assert.deepEqual(problem(await create(body)), expected, JSON.stringify(body));
    assert.equal(await count(), before);

    const fine = await create({ ...pkjwt, jwksUri: 'https://rp.example.com/jwks.json', backchannelLogoutUri: 'https://rp.example.com/bc', backchannelLogoutSessionRequired: true, frontchannelLogoutUri: 'https://rp.example/fc' });
    assert.equal(fine.status, 201, JSON.stringify(fine.body));
    const app = fine.body.application;
    assert.deepEqual(
      [app.jwksUri, app.backchannelLogoutUri, app.backchannelLogoutSessionRequired, app.frontchannelLogoutUri, app.frontchannelLogoutSessionRequired],
      ['https://rp.example.com/jwks.json', 'https://rp.example.com/bc', true, 'https://rp.example/fc', false],
    );
    const cleared = await node.api('PATCH', `${V1}/applications/${app.id}`, { token: admin, body: { tokenEndpointAuthMethod: 'client_secret_basic', jwksUri: null, frontchannelLogoutUri: null } });
    assert.equal(cleared.status, 200, JSON.stringify(cleared.body));
    assert.deepEqual([cleared.body.application.tokenEndpointAuthMethod, cleared.body.application.jwksUri, cleared.body.application.frontchannelLogoutUri], ['client_secret_basic', null, null]);
    const toPublic = await node.api('PATCH', `${V1}/applications/${app.id}`, { token: admin, body: { clientType: 'public' } });
    assert.deepEqual([toPublic.body.application.tokenEndpointAuthMethod, toPublic.body.application.pkceRequired], ['none', true], 'a client made public authenticates with none and needs PKCE');
  });
});
