/**
 * The SAML identity provider's signing-key rotation in two steps, on both databases, checked by a service
 * provider Portico did not write (@node-saml/node-saml): a next certificate is published in the metadata
 * (the active one first) while the old key still signs; activating it early is refused unless forced; once
 * activated the new key signs, on every node at its next response, so an SP given only the new certificate
 * validates, one given only the old no longer does, and one given both (the metadata during the overlap)
 * does; the retired certificate stays in the metadata until retire_after. Only super admins rotate, and
 * each step is an audit event; two administrators at once leave one next and one active key. And
 * migration 017 on keys the previous version made.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { ValidateInResponseTo } from '@node-saml/node-saml';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser } from './helpers/browser.ts';
import { createUser } from './helpers/oidc.ts';
import { metadataCertificates, samlServiceProvider, spKeys, toAcs } from './helpers/saml-sp.ts';
import { storeBeforeMigration } from './helpers/store-at-migration.ts';
import { PASSWORD_SOURCE_ID } from '../src/store/well-known.ts';
import { migrate } from '../src/store/database.ts';
import { certificateBody, listSigningKeys, SAML_NEXT_KEY_MIN_PUBLISHED_S, SAML_RETIRED_KEY_PUBLISHED_S } from '../src/saml/keys.ts';

const V1 = '/api/admin/v1';
const SP = 'https://rotation-sp.example.com/metadata';
const DAY_S = 24 * 3600;

interface Key {
  id: string;
  state: string;
  createdAt: string;
  activatedAt: string | null;
  retireAfter: string | null;
  fingerprint: string;
  notAfter: string;
}

describeEachDialect('SAML signing-key rotation in two steps', (dialect) => {
  let node: TestNode;
  let second: TestNode;
  let admin: string;
  let user: Awaited<ReturnType<typeof createUser>>;
  let browser: Browser;
  /** The certificates (base64 bodies) of the first key and of the one that replaces it. */
  let oldCert: string;
  let newCert: string;

  before(async () => {
    node = await startNode(dialect);
    second = await node.join();
    admin = await node.tokenFor('super_admin');
    const created = await node.api('POST', `${V1}/applications`, { token: admin, body: { name: 'Rotation SP', protocol: 'saml', entityId: SP, acsUrls: ['http://127.0.0.1:9/saml/acs'], nameIdFormat: 'emailAddress', nameIdField: 'email' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((await node.api('PUT', `${V1}/applications/${created.body.application.id}/login-configuration`, { token: admin, body: { sources: [PASSWORD_SOURCE_ID] } })).status, 200);
    user = await createUser(node, admin);
    browser = new Browser(node.url);
  });
  after(async () => {
    await second?.close();
    await node?.close();
  });

  const metadata = async (on = node) => metadataCertificates(await (await fetch(`${on.url}/saml/metadata`)).text());
  const keys = async () => (await node.api('GET', `${V1}/saml/signing-keys`, { token: admin })).body.items as Key[];
  const inState = async (state: string) => (await keys()).filter((k) => k.state === state);
  const publish = () => node.api('POST', `${V1}/saml/signing-keys/next`, { token: admin });
  const activate = (body: unknown = {}) => node.api('POST', `${V1}/saml/signing-keys/activate`, { token: admin, body });
  const fingerprintOf = (body: string) => new X509Certificate(Buffer.from(body, 'base64')).fingerprint256;
  const audit = async (action: string) => (await node.api('GET', `${V1}/audit-events?action=${action}`, { token: admin })).body.items as { target: { id: string }; before: any; after: any }[];

  /** A Response for a new SP-initiated sign-in (answered from the SSO session after the first). */
  async function response(on = node, through = browser) {
    const initiator = samlServiceProvider({ idpUrl: on.url, entityId: SP, idpCert: oldCert ?? 'unused' });
    const posted = await toAcs(through, user, await through.get(await initiator.getAuthorizeUrlAsync('', undefined, {})));
    return posted.SAMLResponse;
  }
  /** Whether an SP trusting these certificates (and nothing else) accepts the Response. */
  async function validates(samlResponse: string, certs: string[]) {
    const spClient = samlServiceProvider({ idpUrl: node.url, entityId: SP, idpCert: certs.map((c) => `-----BEGIN CERTIFICATE-----\n${c}\n-----END CERTIFICATE-----`) }, { validateInResponseTo: ValidateInResponseTo.never });
    try {
      const { profile } = await spClient.validatePostResponseAsync({ SAMLResponse: samlResponse });
      assert.equal(profile!.nameID, user.email);
      return true;
    } catch {
      return false;
    }
  }
  /** The certificate in the Response's signatures' KeyInfo: which key signed it. */
  const signedWith = (samlResponse: string) => {
    const certs = new Set(metadataCertificates(Buffer.from(samlResponse, 'base64').toString('utf8')));
    assert.equal(certs.size, 1, 'the response and the assertion are signed by one key');
    return [...certs][0];
  };

  test('the wait before activation covers a daily metadata refresh; a retired certificate stays in the metadata well past it', () => {
    assert.ok(SAML_NEXT_KEY_MIN_PUBLISHED_S >= DAY_S);
    assert.ok(SAML_RETIRED_KEY_PUBLISHED_S >= 7 * DAY_S);
  });

  test('publishing a next certificate lists it in the metadata after the active one; responses are still signed by the old key; publishing again replaces it', async () => {
    const first = await metadata();
    assert.equal(first.length, 1, 'one certificate before any rotation');
    oldCert = first[0];
    const [active] = await inState('active');
    assert.equal(active.fingerprint, fingerprintOf(oldCert));
    assert.ok(active.activatedAt && Date.parse(active.notAfter) > Date.now() + 365 * DAY_S * 1000);

    for (const role of ['auditor', 'app_admin'] as const) {
      assert.equal((await node.api('POST', `${V1}/saml/signing-keys/next`, { token: await node.tokenFor(role) })).status, 403, `${role} cannot publish`);
    }
    const published = await publish();
    assert.equal(published.status, 201, JSON.stringify(published.body));
    assert.equal(published.body.replaced, null);
    assert.ok(Math.abs(Date.parse(published.body.activatableAt) - (Date.now() + SAML_NEXT_KEY_MIN_PUBLISHED_S * 1000)) < 5000, 'activatable once published long enough');

    // Publishing again replaces the unused next key: it leaves the metadata at once, and the wait starts over.
    const replacing = await publish();
    assert.equal(replacing.status, 201, JSON.stringify(replacing.body));
    assert.equal(replacing.body.replaced, published.body.published.id);
    const replaced = (await keys()).find((k) => k.id === published.body.published.id)!;
    assert.deepEqual([replaced.state, replaced.activatedAt], ['retired', null]);

    const [next] = await inState('next');
    assert.equal(next.id, replacing.body.published.id);
    assert.equal(next.fingerprint, replacing.body.published.fingerprint);
    assert.deepEqual([next.activatedAt, next.retireAfter], [null, null]);
    const listed = await metadata();
    assert.equal(listed.length, 2, 'the active and the next certificates');
    assert.equal(listed[0], oldCert, 'the active one first');
    newCert = listed[1];
    assert.equal(fingerprintOf(newCert), next.fingerprint);
    assert.deepEqual(await metadata(second), listed, 'every node publishes them alike');

    const samlResponse = await response();
    assert.equal(signedWith(samlResponse), oldCert);
    assert.equal(await validates(samlResponse, [oldCert]), true, 'an SP that has the old certificate only');
    assert.equal(await validates(samlResponse, [newCert]), false, 'the next key does not sign yet');

    const events = await audit('saml_signing_keys.publish_next');
    assert.equal(events.length, 2);
    assert.deepEqual(events.map((e) => e.target.id).sort(), [published.body.published.id, next.id].sort());
    assert.ok(events.some((e) => e.before.next === published.body.published.id && e.after.next === next.id));
  });

  test('activating too soon is refused with the time it becomes safe; bad input is refused; an auditor cannot activate', async () => {
    const early = await activate();
    assert.equal(early.status, 409);
    assert.equal(early.body.code, 'saml_signing_keys.activation_too_early');
    assert.ok(Date.parse(early.body.activatableAt) > Date.now() + (SAML_NEXT_KEY_MIN_PUBLISHED_S - 60) * 1000);
    assert.deepEqual((await keys()).filter((k) => k.state !== 'retired').map((k) => k.state), ['active', 'next'], 'nothing changed');
    const bad = await activate({ force: 'yes' });
    assert.deepEqual([bad.status, bad.body.code, bad.body.field], [400, 'request.wrong_type', '/force']);
    const unknown = await activate({ now: true });
    assert.deepEqual([unknown.status, unknown.body.code], [400, 'request.unknown_field']);
    const bare = await node.api('POST', `${V1}/saml/signing-keys/activate`, { token: admin });
    assert.deepEqual([bare.status, bare.body.code], [400, 'request.wrong_type'], 'the body says whether to force');
    assert.equal((await node.api('POST', `${V1}/saml/signing-keys/activate`, { token: await node.tokenFor('auditor'), body: { force: true } })).status, 403);
    assert.equal(signedWith(await response()), oldCert);
    assert.equal((await audit('saml_signing_keys.activate')).length, 0);
  });

  test('activated (forced: a compromised key), the new key signs at the next response on every node; an SP with the new certificate, or both, validates; one with the old only does not', async () => {
    // The second node has answered before, with the old key: it must notice the change.
    const otherBrowser = new Browser(second.url);
    assert.equal(signedWith(await response(second, otherBrowser)), oldCert);
    const [oldKey] = await inState('active');
    const [nextKey] = await inState('next');

    const forced = await activate({ force: true });
    assert.equal(forced.status, 200, JSON.stringify(forced.body));
    assert.equal(forced.body.activated, nextKey.id);
    assert.equal(forced.body.retiring.id, oldKey.id);
    const retireAfter = Date.parse(forced.body.retiring.retireAfter);
    assert.ok(Math.abs(retireAfter - (Date.now() + SAML_RETIRED_KEY_PUBLISHED_S * 1000)) < 5000);

    const listed = await keys();
    const byId = (id: string) => listed.find((k) => k.id === id)!;
    assert.equal(byId(nextKey.id).state, 'active');
    assert.ok(byId(nextKey.id).activatedAt);
    assert.deepEqual([byId(oldKey.id).state, Date.parse(byId(oldKey.id).retireAfter!)], ['retiring', retireAfter]);
    assert.equal(byId(oldKey.id).activatedAt, oldKey.activatedAt, 'when it started signing stays known');
    assert.deepEqual(await metadata(), [newCert, oldCert], 'the new certificate first, the retired one still listed');

    for (const [on, through] of [[node, browser], [second, otherBrowser]] as const) {
      const samlResponse = await response(on, through);
      assert.equal(signedWith(samlResponse), newCert, `${on === node ? 'this' : 'the second'} node signs with the new key`);
      assert.equal(await validates(samlResponse, [newCert]), true, 'an SP given only the new certificate');
      assert.equal(await validates(samlResponse, [oldCert]), false, 'an SP given only the old certificate');
      assert.equal(await validates(samlResponse, await metadata()), true, 'an SP given both, from the metadata during the overlap');
    }

    const none = await activate({ force: true });
    assert.deepEqual([none.status, none.body.code], [409, 'saml_signing_keys.no_next']);
    const [event] = await audit('saml_signing_keys.activate');
    assert.deepEqual([event.target.id, event.before.active, event.after.active, event.after.force], [nextKey.id, oldKey.id, nextKey.id, true]);
  });

  test('once published long enough, activation needs no force', async () => {
    const published = await publish();
    assert.equal(published.status, 201);
    await node.portico.store.db
      .updateTable('saml_signing_keys')
      .set({ created_at: new Date(Date.now() - SAML_NEXT_KEY_MIN_PUBLISHED_S * 1000 - 1000).toISOString() })
      .where('state', '=', 'next')
      .execute();
    const activated = await activate({});
    assert.equal(activated.status, 200, JSON.stringify(activated.body));
    assert.equal(activated.body.activated, published.body.published.id);
    assert.equal((await audit('saml_signing_keys.activate'))[0].after.force, false);
    const listed = await metadata();
    assert.equal(listed.length, 3, 'the active certificate and the two retired ones in their overlap');
    assert.equal(fingerprintOf(listed[0]), published.body.published.fingerprint);
    assert.equal(signedWith(await response()), listed[0]);
  });

  test('a retired certificate leaves the metadata after retire_after; every certificate can be downloaded', async () => {
    const retiring = await inState('retiring');
    assert.equal(retiring.length, 2);
    await node.portico.store.db
      .updateTable('saml_signing_keys')
      .set({ retire_after: new Date(Date.now() - 1000).toISOString() })
      .where('id', 'in', retiring.map((k) => k.id))
      .execute();
    const listed = await metadata();
    assert.equal(listed.length, 1, 'only the active certificate is left');
    assert.ok(!listed.includes(oldCert) && !listed.includes(newCert));
    assert.ok((await keys()).filter((k) => retiring.some((r) => r.id === k.id)).every((k) => k.state === 'retired'));

    const [active] = await inState('active');
    const auditor = await node.tokenFor('auditor');
    assert.equal((await node.api('GET', `${V1}/saml/signing-keys`, { token: auditor })).status, 200, 'an auditor sees the keys');
    const download = await fetch(`${node.url}${V1}/saml/signing-keys/${active.id}/certificate`, { headers: { authorization: `Bearer ${auditor}` } });
    assert.equal(download.status, 200);
    assert.match(download.headers.get('content-type')!, /^application\/x-pem-file/);
    assert.match(download.headers.get('content-disposition')!, /^attachment; filename="portico-saml-sk_[\w-]+\.pem"$/);
    assert.equal(certificateBody(await download.text()), listed[0]);
    const missing = await node.api('GET', `${V1}/saml/signing-keys/sk_nothing/certificate`, { token: admin });
    assert.deepEqual([missing.status, missing.body.code], [404, 'saml_signing_key.not_found']);
    assert.equal((await node.api('GET', `${V1}/saml/signing-keys`, { token: await node.tokenFor('app_admin') })).status, 403);
  });

  test('two administrators at once: never two next keys, never two active ones', async () => {
    const publishes = await Promise.all([publish(), publish(), publish()]);
    assert.ok(publishes.every((r) => r.status === 201 || (r.status === 409 && r.body.code === 'saml_signing_keys.changed_meanwhile')), JSON.stringify(publishes.map((r) => r.body)));
    assert.equal((await inState('next')).length, 1);
    const activations = await Promise.all([activate({ force: true }), activate({ force: true }), activate({ force: true })]);
    assert.deepEqual(activations.map((r) => r.status).sort(), [200, 409, 409], JSON.stringify(activations.map((r) => r.body)));
    assert.ok(activations.filter((r) => r.status === 409).every((r) => r.body.code === 'saml_signing_keys.no_next'));
    assert.equal((await inState('active')).length, 1);
    assert.equal((await inState('next')).length, 0);
    assert.equal(signedWith(await response()), (await metadata())[0]);
  });
});

describeEachDialect('Migration 017: SAML key activation', (dialect) => {
  const at = storeBeforeMigration(dialect, '017_saml_key_activation');

  test('the key the previous version made has signed since it was made', async () => {
    const { certificate } = await spKeys();
    await (at.store.db as any).insertInto('saml_signing_keys').values({ id: 'sk_old', private_key_enc: 'sealed', certificate, state: 'active', created_at: '2025-02-01T00:00:00.000Z', retire_after: null }).execute();
    assert.ok((await migrate(at.store)).includes('017_saml_key_activation'));
    const [key] = await listSigningKeys(at.store.db);
    assert.deepEqual([key.id, key.state, key.activatedAt], ['sk_old', 'active', '2025-02-01T00:00:00.000Z']);
    assert.equal(key.fingerprint, new X509Certificate(certificate).fingerprint256);
  });
});
