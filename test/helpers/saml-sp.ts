/**
 * A SAML service provider Portico did not write, for the SAML suites: @node-saml/node-saml configured
 * for an application, its own signing key and certificate, and a browser followed from a sign-in's
 * start to the form Portico posts to the ACS URL.
 */
import assert from 'node:assert/strict';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { newSpKeys } from '../../scripts/saml-sp.ts';
import { field, type Browser, type Page } from './browser.ts';
import { USER_PASSWORD } from './oidc.ts';

/** An SP's ACS: nothing listens there, the tests read the form Portico posts to it. */
export const SP_ACS = 'http://127.0.0.1:9/saml/acs';

export type SamlOptions = ConstructorParameters<typeof SAML>[0];

/** An SP signing key and its self-signed certificate, as an SP administrator would make them (the demo SP's). */
export const spKeys = newSpKeys;

/**
 * node-saml as the SP `entityId` of a Portico node at `idpUrl`, trusting `idpCert` (one certificate, or
 * several as the metadata lists them during a key rotation), wanting the assertion and the response signed.
 */
export function samlServiceProvider(o: { idpUrl: string; entityId: string; idpCert: string | string[]; acs?: string }, extra: Partial<SamlOptions> = {}) {
  return new SAML({
    callbackUrl: o.acs ?? SP_ACS,
    entryPoint: `${o.idpUrl}/saml/sso`,
    issuer: o.entityId,
    audience: o.entityId,
    idpCert: o.idpCert,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    validateInResponseTo: ValidateInResponseTo.always,
    identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    ...extra,
  });
}

/** Follows the browser from `start` through the login page (the password) to the form Portico posts to `acs`. */
export async function toAcs(browser: Browser, user: { username: string }, start: Page, acs = SP_ACS): Promise<{ SAMLResponse: string; RelayState?: string; signedIn: boolean }> {
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
  assert.match(page.body, new RegExp(`<form method="post" action="${acs.replace(/[/.]/g, '\\$&')}" data-autopost>`));
  const relay = /name="RelayState" value="([^"]*)"/.exec(page.body)?.[1];
  return { SAMLResponse: field(page.body, 'SAMLResponse'), RelayState: relay, signedIn };
}

/** The certificates a metadata document lists, in its order (the base64 bodies, as <ds:X509Certificate> holds them). */
export const metadataCertificates = (xml: string) => [...xml.matchAll(/<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/g)].map((m) => m[1]);
