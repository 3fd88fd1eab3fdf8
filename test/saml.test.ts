/**
 * Portico as a SAML 2.0 identity provider, on both databases, against a service provider it did not
 * write: @node-saml/node-saml builds the AuthnRequests (HTTP-Redirect and HTTP-POST, signed or not) and
 * validates Portico's Responses (signatures from the metadata's certificate, audience, recipient,
 * InResponseTo, times). And the refusals: an unknown SP, an unregistered ACS URL, an unsigned request
 * where one is required, a bad signature, a replay, a DOCTYPE, a deflate bomb; none signs anyone in.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { webcrypto } from 'node:crypto';
import { ValidateInResponseTo } from '@node-saml/node-saml';
import 'reflect-metadata';
import { X509CertificateGenerator } from '@peculiar/x509';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, errorCode } from './helpers/browser.ts';
import { createUser } from './helpers/oidc.ts';
import { samlServiceProvider, SP_ACS, spKeys, toAcs, type SamlOptions } from './helpers/saml-sp.ts';
import { signInThrough } from './helpers/user-center-factor.ts';
import { PASSWORD_SOURCE_ID } from '../src/store/well-known.ts';

const V1 = '/api/admin/v1';
const SP = 'https://sp.example.com/metadata';
/** The SP's ACS: nothing listens there, the test reads the form Portico posts to it. */
const ACS = SP_ACS;

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

  /** node-saml as this SP (test/helpers/saml-sp.ts), trusting the metadata's certificate. */
  const serviceProvider = (o: Partial<SamlOptions> = {}) => samlServiceProvider({ idpUrl: node.url, entityId: SP, idpCert }, o);

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
    const authnRequest = (o: { issuer?: string; acs?: string; id?: string; doctype?: boolean; issued?: number } = {}) =>
      `${o.doctype ? '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' : ''}<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${o.id ?? `_r${Date.now()}${Math.random().toString(16).slice(2)}`}" Version="2.0" IssueInstant="${new Date(o.issued ?? Date.now()).toISOString()}" AssertionConsumerServiceURL="${o.acs ?? ACS}"><saml:Issuer>${o.issuer ?? SP}</saml:Issuer></samlp:AuthnRequest>`;

    assert.equal(errorCode((await redirect(authnRequest({ issuer: 'https://unknown.example.com' }))).body), 'saml.unknown_sp');
    assert.equal(errorCode((await redirect(authnRequest({ doctype: true }))).body), 'saml.invalid_request');
    assert.equal(errorCode((await redirect(authnRequest({ issued: Date.now() - 60 * 60 * 1000 }))).body), 'saml.invalid_request', 'expired: issued an hour ago');
    assert.equal(errorCode((await redirect(authnRequest({ issued: Date.now() + 60 * 60 * 1000 }))).body), 'saml.invalid_request', 'from the future');
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

  test('signature wrapping: a signed POST request rearranged (another root, the signed one hidden inside, a moved or doubled signature, a changed ACS URL) is refused, and nobody is signed in', async () => {
    assert.equal((await node.api('PATCH', `${V1}/applications/${appId}`, { token: admin, body: { requireSignedRequests: true } })).status, 200);
    try {
      const spClient = serviceProvider({ privateKey: sp.privateKey, signatureAlgorithm: 'sha256', authnRequestBinding: 'HTTP-POST' });
      /** A fresh, validly signed AuthnRequest as node-saml posts it (its XML: node-saml deflates it). */
      const signedRequest = async () => {
        const b64 = /name="SAMLRequest" value="([^"]+)"/.exec(await spClient.getAuthorizeFormAsync('', undefined))![1];
        const bytes = Buffer.from(b64, 'base64');
        return bytes.toString('utf8').trimStart().startsWith('<') ? bytes.toString('utf8') : inflateRawSync(bytes).toString('utf8');
      };
      const browser = new Browser(node.url);
      const post = (xml: string) => browser.post('/saml/sso', { SAMLRequest: Buffer.from(xml).toString('base64') });
      const parts = (xml: string) => {
        const signature = /<(?:ds:)?Signature[\s>][\s\S]*<\/(?:ds:)?Signature>/.exec(xml)![0];
        const id = /ID="([^"]+)"/.exec(xml)![1];
        return { signature, id, unsigned: xml.replace(signature, '') };
      };
      const evilAcs = 'https://evil.example.com/acs';
      const variants: Record<string, (xml: string) => string> = {
        // The ACS URL changed after signing: the digest no longer matches.
        'a changed ACS URL': (xml) => xml.replace(/AssertionConsumerServiceURL="[^"]+"/, `AssertionConsumerServiceURL="${ACS}?x"`),
        // A new root with its own ID; the signed original hidden in Extensions, its signature at the root.
        'the signed request inside an unsigned root': (xml) => {
          const { signature, unsigned } = parts(xml);
          const evil = unsigned.replace(/ID="[^"]+"/, 'ID="_evil"').replace(/AssertionConsumerServiceURL="[^"]+"/, `AssertionConsumerServiceURL="${evilAcs}"`);
          return evil.replace(/(<saml:Issuer[^>]*>[^<]*<\/saml:Issuer>)/, `$1${signature}<samlp:Extensions>${xml.replace(/^<\?xml[^>]*>/, '')}</samlp:Extensions>`);
        },
        // The same ID twice: the root (changed) and the signed original inside it.
        'a duplicated ID': (xml) => {
          const { signature, unsigned } = parts(xml);
          const evil = unsigned.replace(/ForceAuthn="[^"]*"|(?=ID=)/, 'ForceAuthn="false" ');
          return evil.replace(/(<saml:Issuer[^>]*>[^<]*<\/saml:Issuer>)/, `$1${signature}<samlp:Extensions>${xml.replace(/^<\?xml[^>]*>/, '')}</samlp:Extensions>`);
        },
        // The signature moved off the root (into Extensions): the root is unsigned.
        'a signature that is not the root\'s': (xml) => {
          const { signature, unsigned } = parts(xml);
          return unsigned.replace(/(<saml:Issuer[^>]*>[^<]*<\/saml:Issuer>)/, `$1<samlp:Extensions>${signature}</samlp:Extensions>`);
        },
        // Two signatures at the root.
        'two signatures': (xml) => {
          const { signature } = parts(xml);
          return xml.replace(signature, signature + signature);
        },
      };
      for (const [name, rearrange] of Object.entries(variants)) {
        const answer = await post(rearrange(await signedRequest()));
        assert.ok(['saml.signature_invalid', 'saml.signature_required', 'saml.invalid_request'].includes(errorCode(answer.body) ?? ''), `${name}: ${errorCode(answer.body)} ${answer.status}`);
        assert.ok(!answer.body.includes('data-autopost') && !answer.location, `${name}: nothing goes to an ACS URL`);
      }
      assert.equal(browser.cookies.has('portico_session'), false);
      // The untouched request is taken (the variants failed for what was done to them, not for how they were sent).
      assert.equal((await post(await signedRequest())).status, 303);
    } finally {
      await node.api('PATCH', `${V1}/applications/${appId}`, { token: admin, body: { requireSignedRequests: false } });
    }
  });

  test('attribute NameFormats: a URI-named attribute goes with the uri NameFormat, and node-saml reads it by that name', async () => {
    const attributeStatement = [
      { field: 'email', name: 'urn:oid:0.9.2342.19200300.100.1.3', format: 'uri' },
      { field: 'displayName', name: 'displayName' },
    ];
    assert.equal((await node.api('PATCH', `${V1}/applications/${appId}`, { token: admin, body: { attributeStatement } })).status, 200);
    try {
      const user = await createUser(node, admin);
      const spClient = serviceProvider();
      const posted = await toAcs(new Browser(node.url), user, await new Browser(node.url).get(await spClient.getAuthorizeUrlAsync('', undefined, {})));
      const xml = Buffer.from(posted.SAMLResponse, 'base64').toString('utf8');
      assert.ok(xml.includes('<saml:Attribute Name="urn:oid:0.9.2342.19200300.100.1.3" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">'));
      assert.ok(xml.includes('<saml:Attribute Name="displayName" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">'), 'basic when unsaid');
      const { profile } = await spClient.validatePostResponseAsync({ SAMLResponse: posted.SAMLResponse });
      assert.equal(profile!['urn:oid:0.9.2342.19200300.100.1.3'], user.email);
      const bad = await node.api('PATCH', `${V1}/applications/${appId}`, { token: admin, body: { attributeStatement: [{ field: 'email', name: 'mail', format: 'x500' }] } });
      assert.equal(bad.status, 400);
    } finally {
      await node.api('PATCH', `${V1}/applications/${appId}`, { token: admin, body: { attributeStatement: [{ field: 'email', name: 'email' }, { field: 'displayName', name: 'displayName' }] } });
    }
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

  test('encrypted assertion: node-saml decrypts it with its key and reads the NameID and attributes; none of them is in the clear, and an SP without the key cannot read it', async () => {
    const patch = (body: Record<string, unknown>) => node.api('PATCH', `${V1}/applications/${appId}`, { token: admin, body });
    const noCertificate = await patch({ encryptAssertion: true });
    assert.equal(noCertificate.status, 400);
    assert.equal(noCertificate.body.code, 'application.saml_encryption_certificate_required');
    // RSA-OAEP needs an RSA key: an EC certificate is refused when saved, not at the first sign-in.
    const ecKeys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const ecCertificate = await X509CertificateGenerator.createSelfSigned({ name: 'CN=EC SP', keys: ecKeys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } }, webcrypto as unknown as Crypto);
    const ec = await patch({ encryptAssertion: true, encryptionCertificate: ecCertificate.toString('pem') });
    assert.equal(ec.body.code, 'application.saml_invalid_encryption_certificate');

    // The SP's encryption key is not its signing key.
    const encryption = await spKeys();
    assert.equal((await patch({ encryptAssertion: true, encryptionCertificate: encryption.certificate })).status, 200);
    try {
      const user = await createUser(node, admin);
      const browser = new Browser(node.url);
      const spClient = serviceProvider({ privateKey: sp.privateKey, signatureAlgorithm: 'sha256', decryptionPvk: encryption.privateKey });
      const posted = await toAcs(browser, user, await browser.get(await spClient.getAuthorizeUrlAsync('', undefined, {})));
      const xml = Buffer.from(posted.SAMLResponse, 'base64').toString('utf8');
      assert.ok(/<saml:EncryptedAssertion[^>]*><xenc:EncryptedData [^>]*Type="http:\/\/www\.w3\.org\/2001\/04\/xmlenc#Element"/.test(xml), 'an EncryptedAssertion holding EncryptedData of an element');
      assert.ok(xml.includes('Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm"') && xml.includes('Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"'));
      for (const clear of ['<saml:Assertion', 'NameID', 'AttributeValue', user.email, user.displayName]) assert.ok(!xml.includes(clear), `${clear} is not in the clear`);

      // Without the key, or with another one, the SP cannot read it.
      const noKey = serviceProvider({ validateInResponseTo: ValidateInResponseTo.never });
      await assert.rejects(noKey.validatePostResponseAsync({ SAMLResponse: posted.SAMLResponse }), /No decryption key/);
      const otherKey = serviceProvider({ validateInResponseTo: ValidateInResponseTo.never, decryptionPvk: (await spKeys()).privateKey });
      // RSA says why as the numbers fall: the wrapped key read as a number may be larger than the other modulus.
      await assert.rejects(otherKey.validatePostResponseAsync({ SAMLResponse: posted.SAMLResponse }), /oaep decoding error|data too large for modulus/);

      const { profile } = await spClient.validatePostResponseAsync({ SAMLResponse: posted.SAMLResponse });
      assert.equal(profile!.nameID, user.email);
      assert.equal(profile!.email, user.email);
      assert.equal(profile!.displayName, user.displayName);

      // Only the assertion signed: its signature travels inside the encryption, and node-saml checks it once decrypted.
      assert.equal((await patch({ signResponse: false })).status, 200);
      const assertionSigned = serviceProvider({ privateKey: sp.privateKey, signatureAlgorithm: 'sha256', decryptionPvk: encryption.privateKey, wantAuthnResponseSigned: false });
      const again = await toAcs(browser, user, await browser.get(await assertionSigned.getAuthorizeUrlAsync('', undefined, {})));
      assert.ok(!Buffer.from(again.SAMLResponse, 'base64').toString('utf8').includes('<ds:Signature'), 'no signature in the clear');
      assert.equal((await assertionSigned.validatePostResponseAsync({ SAMLResponse: again.SAMLResponse })).profile!.nameID, user.email);
    } finally {
      await patch({ encryptAssertion: false, signResponse: true });
    }
  });

  test("the application's page lists the IdP's addresses and its signing certificate to download, the one the metadata publishes", async () => {
    const { body } = await node.api('GET', `${V1}/applications/${appId}/endpoints`, { token: admin });
    const byKey = Object.fromEntries(body.endpoints.map((e: { key: string }) => [e.key, e]));
    assert.deepEqual(Object.keys(byKey), ['samlMetadata', 'samlEntityId', 'samlSso', 'samlSlo', 'samlCertificate']);
    assert.deepEqual(byKey.samlCertificate, { key: 'samlCertificate', value: `${node.url}/saml/certificate`, download: true });
    const file = await fetch(byKey.samlCertificate.value);
    assert.match(file.headers.get('content-disposition') ?? '', /attachment; filename="portico-saml-idp\.pem"/);
    assert.equal((await file.text()).replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''), idpCert);
  });

  test('the settings are checked, and an entity ID names one application', async () => {
    const bad = [
      [{ acsUrls: ['http://sp.example.com/acs'] }, 'application.invalid_redirect_uri'],
      [{ spCertificate: 'not a certificate' }, 'application.saml_invalid_certificate'],
      [{ requireSignedRequests: true }, 'application.saml_certificate_required'],
      [{ signAssertion: false, signResponse: false }, 'application.saml_nothing_signed'],
      [{ encryptAssertion: true }, 'application.saml_encryption_certificate_required'],
      [{ encryptAssertion: true, encryptionCertificate: 'not a certificate' }, 'application.saml_invalid_encryption_certificate'],
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
