/**
 * Portico as a SAML 2.0 identity provider, on both databases, against a service provider it did not
 * write: @node-saml/node-saml builds the AuthnRequests (HTTP-Redirect and HTTP-POST, signed or not) and
 * validates Portico's Responses (signatures from the metadata's certificate, audience, recipient,
 * InResponseTo, times). And the refusals: an unknown SP, an unregistered ACS URL, an unsigned request
 * where one is required, a bad signature, a replay, a DOCTYPE, a deflate bomb; none signs anyone in.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { webcrypto } from 'node:crypto';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import 'reflect-metadata';
import { X509CertificateGenerator } from '@peculiar/x509';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, errorCode, field, type Page } from './helpers/browser.ts';
import { createUser, USER_PASSWORD } from './helpers/oidc.ts';
import { signInThrough } from './helpers/user-center-factor.ts';
import { PASSWORD_SOURCE_ID } from '../src/store/well-known.ts';

const V1 = '/api/admin/v1';
const SP = 'https://sp.example.com/metadata';
/** The SP's ACS: nothing listens there, the test reads the form Portico posts to it. */
const ACS = 'http://127.0.0.1:9/saml/acs';

/** An SP signing key and its self-signed certificate, as an SP administrator would make them. */
async function spKeys() {
  const keys = (await webcrypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await X509CertificateGenerator.createSelfSigned({ name: 'CN=Test SP', keys, signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } }, webcrypto as unknown as Crypto);
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  return { certificate: cert.toString('pem'), privateKey: `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n` };
}

describeEachDialect('SAML identity provider', (dialect) => {
  let node: TestNode;
  let admin: string;
  let appId: string;
  let idpCert: string;
  let sp: Awaited<ReturnType<typeof spKeys>>;

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    sp = await spKeys();
    const created = await node.api('POST', `${V1}/applications`, {
      token: admin,
      body: { name: 'Expense SaaS', protocol: 'saml', entityId: SP, acsUrls: [ACS], nameIdFormat: 'emailAddress', nameIdField: 'email', spCertificate: sp.certificate },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    appId = created.body.application.id;
    assert.equal((await node.api('PUT', `${V1}/applications/${appId}/login-configuration`, { token: admin, body: { sources: [PASSWORD_SOURCE_ID] } })).status, 200);
    const metadata = await (await fetch(`${node.url}/saml/metadata`)).text();
    assert.match(metadata, /<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="http:\/\/127\.0\.0\.1:\d+\/saml">/);
    idpCert = /<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/.exec(metadata)![1];
  });
  after(async () => node?.close());

  const serviceProvider = (o: Partial<ConstructorParameters<typeof SAML>[0]> = {}) =>
    new SAML({
      callbackUrl: ACS,
      entryPoint: `${node.url}/saml/sso`,
      issuer: SP,
      audience: SP,
      idpCert,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: true,
      validateInResponseTo: ValidateInResponseTo.always,
      identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      ...o,
    });

  /** Follows the browser from `start` through the login page (the password) to the form Portico posts to the ACS URL. */
  async function toAcs(browser: Browser, user: { username: string }, start: Page): Promise<{ SAMLResponse: string; RelayState?: string; signedIn: boolean }> {
    let page = start;
    let signedIn = false;
    for (let hop = 0; hop < 10; hop++) {
      if (page.location) page = await browser.get(new URL(page.location, page.url).toString());
      else if (page.body.includes('name="password"')) {
        signedIn = true;
        page = await browser.post('/login/password', { app: field(page.body, 'app'), return_to: field(page.body, 'return_to'), csrf: field(page.body, 'csrf'), username: user.username, password: USER_PASSWORD });
      } else break;
    }
    assert.equal(page.status, 200, page.body.slice(0, 400));
    assert.match(page.body, new RegExp(`<form method="post" action="${ACS.replace(/[/.]/g, '\\$&')}" data-autopost>`));
    const relay = /name="RelayState" value="([^"]*)"/.exec(page.body)?.[1];
    return { SAMLResponse: field(page.body, 'SAMLResponse'), RelayState: relay, signedIn };
  }

  test('HTTP-Redirect, signed: node-saml validates the signed response and reads the NameID and attributes; the SSO session answers the next request', async () => {
    const user = await createUser(node, admin);
    const spClient = serviceProvider({ privateKey: sp.privateKey, signatureAlgorithm: 'sha256' });
    const browser = new Browser(node.url);
    const url = await spClient.getAuthorizeUrlAsync('relay-42', undefined, {});
    assert.match(url, /Signature=/);
    const posted = await toAcs(browser, user, await browser.get(url));
    assert.equal(posted.RelayState, 'relay-42');
    const { profile } = await spClient.validatePostResponseAsync({ SAMLResponse: posted.SAMLResponse });
    assert.equal(profile!.nameID, user.email);
    assert.equal(profile!.nameIDFormat, 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress');
    assert.equal(profile!.email, user.email);
    assert.equal(profile!.displayName, user.displayName);
    assert.ok(profile!.sessionIndex);

    const again = await toAcs(browser, user, await browser.get(await spClient.getAuthorizeUrlAsync('', undefined, {})));
    assert.equal(again.signedIn, false, 'the SSO session answered: no login page');
    assert.equal((await spClient.validatePostResponseAsync({ SAMLResponse: again.SAMLResponse })).profile!.nameID, user.email);
    // The same Response again: node-saml's InResponseTo cache refuses it, as an SP must.
    await assert.rejects(spClient.validatePostResponseAsync({ SAMLResponse: again.SAMLResponse }));
    const events = await node.portico.store.db.selectFrom('audit_events').select('reason').where('action', '=', 'saml.sso').where('actor_id', '=', user.id).execute();
    assert.equal(events.length, 2);
  });

  test('HTTP-POST binding, signed with an enveloped signature; ForceAuthn signs the person in again', async () => {
    const user = await createUser(node, admin);
    const spClient = serviceProvider({ privateKey: sp.privateKey, signatureAlgorithm: 'sha256', authnRequestBinding: 'HTTP-POST', forceAuthn: true });
    const browser = new Browser(node.url);
    for (const round of [1, 2]) {
      const form = await spClient.getAuthorizeFormAsync('post-relay', undefined);
      const request = /name="SAMLRequest" value="([^"]+)"/.exec(form)![1];
      const posted = await toAcs(browser, user, await browser.post('/saml/sso', { SAMLRequest: request, RelayState: 'post-relay' }));
      assert.equal(posted.signedIn, true, `round ${round}: ForceAuthn shows the login page even with a session`);
      assert.equal((await spClient.validatePostResponseAsync({ SAMLResponse: posted.SAMLResponse })).profile!.nameID, user.email);
    }
  });

  test('refused with no one signed in: unknown SP, unregistered ACS URL, unsigned where the SP signs, a bad signature, a replay, a DOCTYPE, a deflate bomb', async () => {
    const browser = new Browser(node.url);
    const redirect = (xml: string, extra: Record<string, string> = {}) => browser.get(`/saml/sso?${new URLSearchParams({ SAMLRequest: deflateRawSync(Buffer.from(xml)).toString('base64'), ...extra })}`);
    const authnRequest = (o: { issuer?: string; acs?: string; id?: string; doctype?: boolean } = {}) =>
      `${o.doctype ? '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' : ''}<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${o.id ?? `_r${Date.now()}${Math.random().toString(16).slice(2)}`}" Version="2.0" IssueInstant="${new Date().toISOString()}" AssertionConsumerServiceURL="${o.acs ?? ACS}"><saml:Issuer>${o.issuer ?? SP}</saml:Issuer></samlp:AuthnRequest>`;

    assert.equal(errorCode((await redirect(authnRequest({ issuer: 'https://unknown.example.com' }))).body), 'saml.unknown_sp');
    assert.equal(errorCode((await redirect(authnRequest({ doctype: true }))).body), 'saml.invalid_request');
    const bomb = deflateRawSync(Buffer.alloc(10 * 1024 * 1024, 'a')).toString('base64');
    assert.equal(errorCode((await browser.get(`/saml/sso?${new URLSearchParams({ SAMLRequest: bomb })}`)).body), 'saml.request_too_large');

    // The SP has a certificate: an unsigned request is still taken unless it requires signing; then refused.
    const unsigned = await redirect(authnRequest({ acs: 'https://evil.example.com/acs' }));
    assert.equal(errorCode(unsigned.body), 'saml.unknown_acs');
    assert.equal((await node.api('PATCH', `${V1}/applications/${appId}`, { token: admin, body: { requireSignedRequests: true } })).status, 200);
    try {
      assert.equal(errorCode((await redirect(authnRequest())).body), 'saml.signature_required');
      const spClient = serviceProvider({ privateKey: sp.privateKey, signatureAlgorithm: 'sha256' });
      const signed = new URL(await spClient.getAuthorizeUrlAsync('r', undefined, {}));
      signed.searchParams.set('RelayState', 'tampered');
      assert.equal(errorCode((await browser.get(signed.pathname + signed.search)).body), 'saml.signature_invalid', 'a RelayState changed after signing');
      const other = await spKeys();
      const forged = serviceProvider({ privateKey: other.privateKey, signatureAlgorithm: 'sha256' });
      const forgedUrl = new URL(await forged.getAuthorizeUrlAsync('r', undefined, {}));
      assert.equal(errorCode((await browser.get(forgedUrl.pathname + forgedUrl.search)).body), 'saml.signature_invalid', 'signed with another key');
      const good = new URL(await spClient.getAuthorizeUrlAsync('r', undefined, {}));
      assert.equal((await browser.get(good.pathname + good.search)).status, 303);
      assert.equal(errorCode((await browser.get(good.pathname + good.search)).body), 'saml.request_replayed');
    } finally {
      await node.api('PATCH', `${V1}/applications/${appId}`, { token: admin, body: { requireSignedRequests: false } });
    }
    assert.equal(browser.cookies.has('portico_session'), false);
  });

  test("IdP-initiated from My applications: the application listed there opens with an unsolicited Response node-saml accepts", async () => {
    assert.equal((await node.api('PATCH', `${V1}/applications/${appId}`, { token: admin, body: { inPortal: true } })).status, 200);
    try {
      const user = await createUser(node, admin);
      const browser = new Browser(node.url);
      const start = `/saml/start/${appId}`;
      const posted = await toAcs(browser, user, await browser.get(start));
      assert.equal(posted.signedIn, true, 'not signed in yet: the login page first');
      const spClient = serviceProvider({ validateInResponseTo: ValidateInResponseTo.ifPresent });
      const { profile } = await spClient.validatePostResponseAsync({ SAMLResponse: posted.SAMLResponse });
      assert.equal(profile!.nameID, user.email);
      assert.equal(profile!.inResponseTo, undefined, 'unsolicited: no InResponseTo');
      const account = await signInThrough(browser, user, await browser.get('/account'));
      const tile = /<a class="app-tile" href="([^"]+)" data-application="([^"]+)">/.exec(account.body);
      assert.equal(tile?.[2], appId);
      assert.equal(tile?.[1], `${node.url}${start}`);
      const again = await toAcs(browser, user, await browser.get(start));
      assert.equal(again.signedIn, false, 'signed in: straight to the application');
    } finally {
      await node.api('PATCH', `${V1}/applications/${appId}`, { token: admin, body: { inPortal: false } });
    }
  });

  test('the settings are checked, and an entity ID names one application', async () => {
    const bad = [
      [{ acsUrls: ['http://sp.example.com/acs'] }, 'application.invalid_redirect_uri'],
      [{ spCertificate: 'not a certificate' }, 'application.saml_invalid_certificate'],
      [{ requireSignedRequests: true }, 'application.saml_certificate_required'],
      [{ signAssertion: false, signResponse: false }, 'application.saml_nothing_signed'],
    ] as const;
    for (const [settings, code] of bad) {
      const res = await node.api('POST', `${V1}/applications`, { token: admin, body: { name: 'Bad', protocol: 'saml', entityId: 'https://bad.example.com', acsUrls: ['https://bad.example.com/acs'], ...settings } });
      assert.equal(res.status, 400, JSON.stringify(settings));
      assert.equal(res.body.code, code);
    }
    const twice = await node.api('POST', `${V1}/applications`, { token: admin, body: { name: 'Twin', protocol: 'saml', entityId: SP, acsUrls: ['https://twin.example.com/acs'] } });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.code, 'application.identifier_taken');
  });
});
