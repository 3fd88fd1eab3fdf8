/**
 * Signing-key rotation in two steps, on both databases: the next keys are published in the JWKS without
 * signing, and activated once relying parties' cached copies of the JWKS hold them, so that a relying
 * party that cached the JWKS after publication verifies the new signatures without fetching it again.
 * Early activation is refused unless forced; a second node on the same store signs with what was
 * activated; the emergency rotation; retired keys leave the JWKS after their grace.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type * as client from 'openid-client';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { createUser, registerApp, relyingParty, signIn, type RegisteredApp } from './helpers/oidc.ts';
import { NEXT_KEY_MIN_PUBLISHED_S, PUBLIC_DOCUMENT_MAX_AGE_S } from '../src/oidc/policy.ts';
import { signalKeysChanged } from '../src/oidc/signing-keys.ts';

const V1 = '/api/admin/v1';

interface Key {
  kid: string;
  alg: string;
  state: string;
  createdAt: string;
  activatedAt: string | null;
  retireAfter: string | null;
}

describeEachDialect('Signing-key rotation in two steps', (dialect) => {
  let node: TestNode;
  let second: TestNode;
  let admin: string;
  let user: { username: string; id: string };
  let es: { app: RegisteredApp; config: client.Configuration };
  let rs: { app: RegisteredApp; config: client.Configuration };

  before(async () => {
    node = await startNode(dialect);
    second = await node.join();
    admin = await node.tokenFor('super_admin');
    user = await createUser(node, admin);
    const esApp = await registerApp(node, admin);
    const rsApp = await registerApp(node, admin, { settings: { idTokenSignedResponseAlg: 'RS256' } });
    es = { app: esApp, config: await relyingParty(node, esApp) };
    rs = { app: rsApp, config: await relyingParty(node, rsApp, undefined, { id_token_signed_response_alg: 'RS256' }) };
  });
  after(async () => {
    await second?.close();
    await node?.close();
  });

  const jwks = async (on = node) => (await (await fetch(`${on.url}/oidc/jwks`)).json()) as JSONWebKeySet;
  const keys = async () => (await node.api('GET', `${V1}/signing-keys`, { token: admin })).body.items as Key[];
  const inState = async (state: string) => (await keys()).filter((k) => k.state === state);
  const kidOf = (list: { kid: string; alg: string }[], alg: string) => list.find((k) => k.alg === alg)!.kid;
  const signedKid = async (rp: typeof es, on = node, config = rp.config) => {
    const { tokens } = await signIn(on, config, rp.app, user);
    return { kid: decodeProtectedHeader(tokens.id_token!).kid, idToken: tokens.id_token! };
  };
  const publish = () => node.api('POST', `${V1}/signing-keys/next`, { token: admin });
  const activate = (body: unknown = {}) => node.api('POST', `${V1}/signing-keys/activate`, { token: admin, body });
  /** As if the next keys had been published long enough ago: the time relying parties' caches need. */
  const ageNextKeys = () =>
    node.portico.store.db
      .updateTable('oidc_signing_keys')
      .set({ created_at: new Date(Date.now() - NEXT_KEY_MIN_PUBLISHED_S * 1000 - 1000).toISOString() })
      .where('is_next', '=', 1)
      .where('retire_after', 'is', null)
      .execute();

  test('the wait before activation outlasts every JWKS copy a relying party may keep', () => {
    assert.ok(NEXT_KEY_MIN_PUBLISHED_S > PUBLIC_DOCUMENT_MAX_AGE_S);
  });

  test('publishing the next keys puts them in the JWKS, and tokens are still signed by the active keys', async () => {
    const active = await inState('active');
    assert.deepEqual(active.map((k) => k.alg).sort(), ['ES256', 'RS256']);
    // The second node has built its provider before anything changes, so that it must notice the change.
    assert.equal((await signedKid(es, second, await relyingParty(second, es.app))).kid, kidOf(active, 'ES256'));

    assert.equal((await node.api('POST', `${V1}/signing-keys/next`, { token: await node.tokenFor('app_admin') })).status, 403);
    const published = await publish();
    assert.equal(published.status, 201, JSON.stringify(published.body));
    const expectedSafe = Date.now() + NEXT_KEY_MIN_PUBLISHED_S * 1000;
    assert.ok(Math.abs(Date.parse(published.body.activatableAt) - expectedSafe) < 5000, 'activatable once published long enough');
    const again = await publish();
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'signing_keys.next_exists');

    const next = await inState('next');
    assert.deepEqual(next.map((k) => k.kid).sort(), published.body.published.map((k: Key) => k.kid).sort());
    assert.ok(next.every((k) => k.activatedAt === null && k.retireAfter === null));
    const set = await jwks();
    assert.deepEqual(set.keys.map((k) => k.kid).sort(), [...active, ...next].map((k) => k.kid).sort(), 'the JWKS holds the active and the next keys');
    assert.ok(set.keys.filter((k) => next.some((n) => n.kid === k.kid)).every((k) => JSON.stringify(k.key_ops) === '["verify"]'), 'next keys are marked verify-only');

    assert.equal((await signedKid(es)).kid, kidOf(active, 'ES256'), 'ES256 ID tokens: the active key');
    assert.equal((await signedKid(rs)).kid, kidOf(active, 'RS256'), 'RS256 ID tokens: the active key');
    const audit = await node.api('GET', `${V1}/audit-events?action=signing_keys.publish_next`, { token: admin });
    assert.equal(audit.body.items.length, 1);
  });

  test('activating too soon is refused with the time it becomes safe; bad input is refused', async () => {
    const early = await activate();
    assert.equal(early.status, 409);
    assert.equal(early.body.code, 'signing_keys.activation_too_early');
    assert.ok(Date.parse(early.body.activatableAt) > Date.now());
    assert.equal((await inState('next')).length, 2, 'nothing changed');
    const bad = await activate({ force: 'yes' });
    assert.deepEqual([bad.status, bad.body.code, bad.body.field], [400, 'request.wrong_type', '/force']);
    const unknown = await activate({ now: true });
    assert.deepEqual([unknown.status, unknown.body.code], [400, 'request.unknown_field']);
    const bare = await node.api('POST', `${V1}/signing-keys/activate`, { token: admin });
    assert.deepEqual([bare.status, bare.body.code], [400, 'request.wrong_type'], 'the body says whether to force');
    assert.equal((await node.api('POST', `${V1}/signing-keys/activate`, { token: await node.tokenFor('auditor'), body: {} })).status, 403);
  });

  test('a relying party that cached the JWKS after publication verifies tokens signed after activation without fetching it again; so does a second node sign', async () => {
    const cached = createLocalJWKSet(await jwks());
    const before = await signedKid(es);
    const oldKeys = await inState('active');
    const next = await inState('next');
    await ageNextKeys();

    const activated = await activate();
    assert.equal(activated.status, 200, JSON.stringify(activated.body));
    assert.deepEqual(activated.body.activated.map((k: Key) => k.kid).sort(), next.map((k) => k.kid).sort());
    assert.deepEqual(activated.body.retiring.map((k: Key) => k.kid).sort(), oldKeys.map((k) => k.kid).sort());

    for (const [rp, alg] of [[es, 'ES256'], [rs, 'RS256']] as const) {
      const after = await signedKid(rp);
      assert.equal(after.kid, kidOf(next, alg), `${alg}: the activated key signs`);
      const verified = await jwtVerify(after.idToken, cached, { issuer: `${node.url}/oidc`, audience: rp.app.clientId });
      assert.equal(verified.payload.sub, user.id);
    }
    // A token signed before still verifies: the old key is retiring, still published.
    const fresh = await jwks();
    assert.ok(fresh.keys.some((k) => k.kid === before.kid));
    await jwtVerify(before.idToken, createLocalJWKSet(fresh), { issuer: `${node.url}/oidc`, audience: es.app.clientId, currentDate: new Date(Date.now() - 1000) });

    // The second node notices the activation (in this one process the change signal reaches it at
    // once; the point is that it sees an activation, which changes no kid, as a change).
    assert.equal((await signedKid(es, second, await relyingParty(second, es.app))).kid, kidOf(next, 'ES256'));
    const audit = await node.api('GET', `${V1}/audit-events?action=signing_keys.activate`, { token: admin });
    assert.equal(audit.body.items.length, 1);
    assert.equal(audit.body.items[0].after.force, false);
  });

  test('force activates at once (a compromised key); then there is nothing left to activate', async () => {
    const published = await publish();
    assert.equal(published.status, 201);
    assert.equal((await activate()).status, 409);
    const forced = await activate({ force: true });
    assert.equal(forced.status, 200, JSON.stringify(forced.body));
    assert.equal((await signedKid(es)).kid, kidOf(published.body.published, 'ES256'));
    const none = await activate({ force: true });
    assert.equal(none.status, 409);
    assert.equal(none.body.code, 'signing_keys.no_next');
  });

  test('rotating now discards unused next keys and makes fresh keys sign', async () => {
    const pending = (await publish()).body.published as Key[];
    const rotated = await node.api('POST', `${V1}/signing-keys/rotate`, { token: admin });
    assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
    assert.deepEqual(rotated.body.discarded.map((k: Key) => k.kid).sort(), pending.map((k) => k.kid).sort());
    const fresh = rotated.body.activated as Key[];
    assert.ok(fresh.every((k) => !pending.some((p) => p.kid === k.kid)));
    assert.equal((await signedKid(es)).kid, kidOf(fresh, 'ES256'));
    const published = (await jwks()).keys.map((k) => k.kid);
    assert.ok(pending.every((k) => !published.includes(k.kid)), 'discarded keys leave the JWKS at once');
    assert.ok((await keys()).filter((k) => pending.some((p) => p.kid === k.kid)).every((k) => k.state === 'retired' && k.activatedAt === null));
  });

  test('retiring keys leave the JWKS once their grace has passed', async () => {
    const retiring = await inState('retiring');
    assert.ok(retiring.length >= 2);
    assert.ok(retiring.every((k) => k.retireAfter && Date.parse(k.retireAfter) > Date.now()));
    await node.portico.store.db
      .updateTable('oidc_signing_keys')
      .set({ retire_after: new Date(Date.now() - 1000).toISOString() })
      .where('kid', 'in', retiring.map((k) => k.kid))
      .execute();
    signalKeysChanged();
    const published = (await jwks()).keys.map((k) => k.kid);
    assert.ok(retiring.every((k) => !published.includes(k.kid)));
    assert.deepEqual((await inState('active')).map((k) => k.kid).sort(), [...published].sort(), 'only the signing keys are left');
    assert.ok((await keys()).filter((k) => retiring.some((r) => r.kid === k.kid)).every((k) => k.state === 'retired'));
  });
});
