/**
 * SAML single logout (SP-initiated), on both databases, with @node-saml/node-saml as the SP: its signed
 * LogoutRequest over HTTP-Redirect or HTTP-POST ends the Portico session it names, and node-saml
 * accepts Portico's signed LogoutResponse. And the refusals: unsigned, signed by another key, replayed,
 * another person's NameID, an application without single logout; none ends anyone's session.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { signSamlPost } from '@node-saml/node-saml/lib/saml-post-signing.js';
import { ValidateInResponseTo, type Profile } from '@node-saml/node-saml';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, decodeEntities, errorCode, field } from './helpers/browser.ts';
import { createUser, registerApp, relyingParty, signIn } from './helpers/oidc.ts';
import { metadataCertificates, samlServiceProvider, spKeys, toAcs, type SamlOptions } from './helpers/saml-sp.ts';
import { PASSWORD_SOURCE_ID } from '../src/store/well-known.ts';

const V1 = '/api/admin/v1';
const SP = 'https://sp.example.com/slo-metadata';
/** The SP's SingleLogoutService: nothing listens there, the tests read where Portico sends the browser. */
const SP_SLO = 'http://127.0.0.1:9/saml/slo';

describeEachDialect('SAML single logout', (dialect) => {
  let node: TestNode;
  let admin: string;
  let appId: string;
  let idpCert: string[];
  let sp: Awaited<ReturnType<typeof spKeys>>;

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    sp = await spKeys();
    const noCertificate = await node.api('POST', `${V1}/applications`, { token: admin, body: { name: 'No cert', protocol: 'saml', entityId: `${SP}/x`, acsUrls: ['http://127.0.0.1:9/acs'], sloUrl: SP_SLO } });
    assert.equal(noCertificate.body.code, 'application.saml_slo_needs_certificate', 'an unsigned LogoutRequest cannot be taken, so SLO needs the certificate');
    const created = await node.api('POST', `${V1}/applications`, {
      token: admin,
      body: { name: 'Wiki', protocol: 'saml', entityId: SP, acsUrls: ['http://127.0.0.1:9/saml/acs'], sloUrl: SP_SLO, nameIdFormat: 'emailAddress', nameIdField: 'email', spCertificate: sp.certificate },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    appId = created.body.application.id;
    assert.equal((await node.api('PUT', `${V1}/applications/${appId}/login-configuration`, { token: admin, body: { sources: [PASSWORD_SOURCE_ID] } })).status, 200);
    const metadata = await (await fetch(`${node.url}/saml/metadata`)).text();
    assert.ok(metadata.includes(`<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${node.url}/saml/slo"/>`));
    idpCert = metadataCertificates(metadata);
  });
  after(async () => node?.close());

  const serviceProvider = (o: Partial<SamlOptions> = {}) =>
    samlServiceProvider({ idpUrl: node.url, entityId: SP, idpCert }, { privateKey: sp.privateKey, signatureAlgorithm: 'sha256', logoutUrl: `${node.url}/saml/slo`, ...o });

  /** A person signed in to the SP through Portico: their browser, and the profile node-saml read (NameID, SessionIndex). */
  async function signedIn(spClient = serviceProvider()) {
    const user = await createUser(node, admin);
    const browser = new Browser(node.url);
    const posted = await toAcs(browser, user, await browser.get(await spClient.getAuthorizeUrlAsync('', undefined, {})));
    const { profile } = await spClient.validatePostResponseAsync({ SAMLResponse: posted.SAMLResponse });
    assert.ok(profile?.sessionIndex);
    return { user, browser, profile: profile as Profile };
  }
  /** Whether the browser's Portico session still answers an AuthnRequest without the login page. */
  const portalSignedIn = async (browser: Browser) => {
    const start = new URL(await serviceProvider().getAuthorizeUrlAsync('', undefined, {}));
    return (await browser.get(start.pathname + start.search)).status === 200;
  };
  const reasons = async (userId?: string) =>
    (await node.portico.store.db.selectFrom('audit_events').select(['reason', 'actor_id']).where('action', '=', 'logout').where('target_id', '=', appId).execute()).filter((e) => !userId || e.actor_id === userId).map((e) => e.reason);

  test('HTTP-Redirect: the SP signs a LogoutRequest, Portico ends the session and redirects with a signed LogoutResponse node-saml accepts', async () => {
    const spClient = serviceProvider();
    const { user, browser, profile } = await signedIn(spClient);
    assert.equal(await portalSignedIn(browser), true);
    const request = new URL(await spClient.getLogoutUrlAsync(profile, 'after-logout', {}));
    assert.match(request.search, /Signature=/);
    const answer = await browser.get(request.pathname + request.search);
    assert.equal(answer.status, 303);
    const back = new URL(answer.location!);
    assert.equal(back.origin + back.pathname, SP_SLO);
    assert.equal(back.searchParams.get('RelayState'), 'after-logout');
    const query = Object.fromEntries(back.searchParams);
    const { loggedOut } = await spClient.validateRedirectAsync(query, back.search.slice(1));
    assert.equal(loggedOut, true);
    // node-saml checks a redirect signature only when there is one: Portico always signs, and it verifies.
    assert.ok(query.Signature && query.SigAlg === 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    assert.equal(browser.cookies.has('portico_session'), false);
    assert.equal(await portalSignedIn(browser), false, 'signed out of Portico too');
    assert.deepEqual(await reasons(user.id), ['saml.logout']);
  });

  test('HTTP-POST: an enveloped-signed LogoutRequest gets a signed LogoutResponse posted to the SP', async () => {
    const spClient = serviceProvider();
    const { browser, profile } = await signedIn(spClient);
    const xml = await (spClient as unknown as { _generateLogoutRequest(p: Profile): Promise<string> })._generateLogoutRequest(profile);
    const signed = signSamlPost(xml, '/*[local-name(.)="LogoutRequest"]', { privateKey: sp.privateKey, signatureAlgorithm: 'sha256' });
    const page = await browser.post('/saml/slo', { SAMLRequest: Buffer.from(signed).toString('base64'), RelayState: 'r-post' });
    assert.equal(page.status, 200);
    assert.match(page.body, new RegExp(`<form method="post" action="${SP_SLO.replace(/[/.]/g, '\\$&')}" data-autopost>`));
    assert.equal(field(page.body, 'RelayState'), 'r-post');
    // node-saml reads InResponseTo from a Response only: the LogoutResponse's is checked here.
    const samlResponse = field(page.body, 'SAMLResponse');
    const { loggedOut } = await serviceProvider({ validateInResponseTo: ValidateInResponseTo.never }).validatePostResponseAsync({ SAMLResponse: samlResponse });
    assert.equal(loggedOut, true, 'node-saml checked the LogoutResponse signature');
    const requestId = /ID="([^"]+)"/.exec(xml)![1];
    assert.match(Buffer.from(samlResponse, 'base64').toString('utf8'), new RegExp(`InResponseTo="${requestId}"`));
    assert.equal(await portalSignedIn(browser), false);
  });

  test('the SessionIndex names the session: a LogoutRequest arriving in another browser ends it', async () => {
    const spClient = serviceProvider();
    const { browser, profile } = await signedIn(spClient);
    const elsewhere = new Browser(node.url);
    const request = new URL(await spClient.getLogoutUrlAsync(profile, '', {}));
    assert.equal((await elsewhere.get(request.pathname + request.search)).status, 303);
    assert.equal(await portalSignedIn(browser), false);
  });

  test('refused, with every session kept: unsigned, signed with another key, replayed, malformed; another person’s NameID ends nothing', async () => {
    const spClient = serviceProvider();
    const { user, browser, profile } = await signedIn(spClient);
    const get = (url: string) => {
      const u = new URL(url);
      return browser.get(u.pathname + u.search);
    };
    const unsigned = await get(await serviceProvider({ privateKey: undefined }).getLogoutUrlAsync(profile, '', {}));
    assert.equal(errorCode(unsigned.body), 'saml.signature_required');
    const forged = await get(await serviceProvider({ privateKey: (await spKeys()).privateKey }).getLogoutUrlAsync(profile, '', {}));
    assert.equal(errorCode(forged.body), 'saml.signature_invalid');
    const tampered = new URL(await spClient.getLogoutUrlAsync(profile, 'a', {}));
    tampered.searchParams.set('RelayState', 'b');
    assert.equal(errorCode((await get(tampered.toString())).body), 'saml.signature_invalid');
    const doctype = `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>`;
    assert.equal(errorCode((await browser.get(`/saml/slo?${new URLSearchParams({ SAMLRequest: deflateRawSync(doctype).toString('base64') })}`)).body), 'saml.invalid_request');
    assert.equal(await portalSignedIn(browser), true, 'nothing above ended the session');

    // A correctly signed request for someone else's NameID: answered Success (that person has no session here), this session stays.
    const other = await get(await spClient.getLogoutUrlAsync({ ...profile, nameID: 'someone-else@example.com' }, '', {}));
    assert.equal(other.status, 303);
    assert.equal(await portalSignedIn(browser), true);
    assert.ok((await reasons()).includes('saml.logout_no_session'));

    const good = await spClient.getLogoutUrlAsync(profile, '', {});
    assert.equal((await get(good)).status, 303);
    assert.equal(errorCode((await get(good)).body), 'saml.request_replayed');
    assert.deepEqual(await reasons(user.id), ['saml.logout']);
  });

  test('an OpenID Connect application of the same session is signed out in the browser first (front-channel), then the LogoutResponse is posted, once', async () => {
    const oidcApp = await registerApp(node, admin, { settings: { frontchannelLogoutUri: 'http://127.0.0.1:9/fc-logout' } });
    const user = await createUser(node, admin);
    const { browser } = await signIn(node, await relyingParty(node, oidcApp), oidcApp, user);
    const spClient = serviceProvider();
    const posted = await toAcs(browser, user, await browser.get(await spClient.getAuthorizeUrlAsync('', undefined, {})));
    assert.equal(posted.signedIn, false, 'the same SSO session');
    const { profile } = await spClient.validatePostResponseAsync({ SAMLResponse: posted.SAMLResponse });
    const xml = await (spClient as unknown as { _generateLogoutRequest(p: Profile): Promise<string> })._generateLogoutRequest(profile as Profile);
    const signed = signSamlPost(xml, '/*[local-name(.)="LogoutRequest"]', { privateKey: sp.privateKey, signatureAlgorithm: 'sha256' });
    const page = await browser.post('/saml/slo', { SAMLRequest: Buffer.from(signed).toString('base64') });
    assert.match(page.body, /data-page="signing-out"/);
    assert.deepEqual(JSON.parse(decodeEntities(/data-frames="([^"]*)"/.exec(page.body)![1])), ['http://127.0.0.1:9/fc-logout']);
    const next = decodeEntities(/data-next="([^"]*)"/.exec(page.body)![1]);
    assert.match(next, /^\/saml\/slo\/continue\//);
    const answer = await browser.get(next);
    assert.match(answer.body, new RegExp(`<form method="post" action="${SP_SLO.replace(/[/.]/g, '\\$&')}" data-autopost>`));
    const { loggedOut } = await serviceProvider({ validateInResponseTo: ValidateInResponseTo.never }).validatePostResponseAsync({ SAMLResponse: field(answer.body, 'SAMLResponse') });
    assert.equal(loggedOut, true);
    assert.equal(errorCode((await browser.get(next)).body), 'saml.resume_expired', 'the LogoutResponse is posted once');
  });

  test('an application without a SingleLogoutService has no single logout', async () => {
    const keys = await spKeys();
    const entityId = `${SP}/no-slo`;
    const created = await node.api('POST', `${V1}/applications`, { token: admin, body: { name: 'No SLO', protocol: 'saml', entityId, acsUrls: ['http://127.0.0.1:9/acs'], spCertificate: keys.certificate } });
    assert.equal(created.status, 201);
    const spClient = samlServiceProvider({ idpUrl: node.url, entityId, idpCert }, { privateKey: keys.privateKey, signatureAlgorithm: 'sha256', logoutUrl: `${node.url}/saml/slo` });
    const url = new URL(await spClient.getLogoutUrlAsync({ issuer: entityId, nameID: 'x@example.com', nameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress', sessionIndex: 'abc' } as Profile, '', {}));
    assert.equal(errorCode((await new Browser(node.url).get(url.pathname + url.search)).body), 'saml.slo_not_configured');
  });
});
