/**
 * A SAML service provider to try Portico's SAML IdP with (`npm run demo:saml-sp` beside `npm start`),
 * and the tests' SP, built on @node-saml/node-saml (an implementation Portico did not write): a visitor
 * without its session is sent to Portico with a signed AuthnRequest (HTTP-Redirect); the Response posted
 * to /acs is validated by node-saml (signatures with the IdP certificate from Portico's metadata,
 * audience, InResponseTo), and the NameID and attributes are shown. "Sign out" is single logout: a
 * signed LogoutRequest to Portico, whose signed LogoutResponse comes back to /slo. Its signing key is
 * new at each start; it prints the certificate to register.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, webcrypto } from 'node:crypto';
import { generateServiceProviderMetadata, SAML, ValidateInResponseTo, type Profile } from '@node-saml/node-saml';
import 'reflect-metadata';
import { X509CertificateGenerator } from '@peculiar/x509';

export interface SamlSp {
  url: string;
  entityId: string;
  acsUrl: string;
  sloUrl: string;
  /** Its signing certificate (PEM), to register as the SP certificate. */
  certificate: string;
  close(): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An SP signing key and its self-signed certificate, as an SP administrator would make them. */
export async function newSpKeys(): Promise<{ certificate: string; privateKey: string }> {
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await X509CertificateGenerator.createSelfSigned({ name: 'CN=Demo SP', keys, signingAlgorithm: algorithm }, webcrypto as unknown as Crypto);
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  return { certificate: cert.toString('pem'), privateKey: `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n` };
}

export async function startSamlSp(porticoUrl: string, port = 0): Promise<SamlSp> {
  const sessions = new Map<string, Profile>();
  const keys = await newSpKeys();
  let saml: SAML | undefined;
  let base = '';
  const sp = async () => {
    if (saml) return saml;
    const metadata = await (await fetch(`${porticoUrl}/saml/metadata`)).text();
    const idpCert = /<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/.exec(metadata)![1];
    saml = new SAML({
      callbackUrl: `${base}/acs`,
      entryPoint: `${porticoUrl}/saml/sso`,
      logoutUrl: `${porticoUrl}/saml/slo`,
      issuer: `${base}/metadata`,
      audience: `${base}/metadata`,
      idpCert,
      privateKey: keys.privateKey,
      signatureAlgorithm: 'sha256',
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: true,
      validateInResponseTo: ValidateInResponseTo.always,
    });
    return saml;
  };
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', base);
      if (req.method === 'POST' && url.pathname === '/acs') {
        const body = new URLSearchParams(await new Promise<string>((resolve) => {
          let data = '';
          req.on('data', (c) => (data += c));
          req.on('end', () => resolve(data));
        }));
        const { profile } = await (await sp()).validatePostResponseAsync({ SAMLResponse: body.get('SAMLResponse') ?? '' });
        const id = randomBytes(12).toString('base64url');
        sessions.set(id, profile!);
        res.writeHead(303, { location: '/', 'set-cookie': `saml_sp=${id}; Path=/; HttpOnly; SameSite=Lax` });
        return res.end();
      }
      // Its metadata, for the console's "Import from SP metadata" (by this URL, or pasted).
      if (url.pathname === '/metadata') {
        const xml = generateServiceProviderMetadata({ issuer: `${base}/metadata`, callbackUrl: `${base}/acs`, logoutCallbackUrl: `${base}/slo`, publicCerts: keys.certificate, privateKey: keys.privateKey, wantAssertionsSigned: true });
        res.writeHead(200, { 'content-type': 'application/samlmetadata+xml; charset=utf-8' });
        return res.end(xml);
      }
      const sid = /(?:^|;\s*)saml_sp=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
      const profile = sid ? sessions.get(sid) : undefined;
      // Single logout: this SP's session ends, and a signed LogoutRequest asks Portico to end its own.
      if (url.pathname === '/logout' && profile && sid) {
        sessions.delete(sid);
        res.writeHead(303, { location: await (await sp()).getLogoutUrlAsync(profile, '', {}), 'set-cookie': 'saml_sp=; Path=/; Max-Age=0' });
        return res.end();
      }
      // Portico's LogoutResponse (HTTP-Redirect): node-saml checks its signature and InResponseTo.
      if (url.pathname === '/slo') {
        const { loggedOut } = await (await sp()).validateRedirectAsync(Object.fromEntries(url.searchParams), url.search.slice(1));
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(`<!doctype html><meta charset="utf-8"><title>Expense SaaS</title><body style="font:15px sans-serif;max-width:640px;margin:40px auto">
<h1>Expense SaaS (a SAML SP)</h1><p data-signed-out="${loggedOut}">${loggedOut ? 'Signed out, here and at Portico.' : 'Portico did not sign you out.'}</p><p><a href="/">Sign in again</a></p></body>`);
      }
      if (!profile) {
        res.writeHead(303, { location: await (await sp()).getAuthorizeUrlAsync('', undefined, {}) });
        return res.end();
      }
      const rows = Object.entries(profile).filter(([, v]) => typeof v === 'string').map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(String(v))}</td></tr>`).join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><meta charset="utf-8"><title>Expense SaaS</title><body style="font:15px sans-serif;max-width:640px;margin:40px auto">
<h1>Expense SaaS (a SAML SP)</h1><p data-name-id="${escapeHtml(String(profile.nameID))}">Signed in as <strong>${escapeHtml(String(profile.nameID))}</strong></p><table data-section="profile">${rows}</table><p><a href="/logout">Sign out (single logout)</a></p></body>`);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  base = `http://${port ? 'localhost' : '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  return { url: base, entityId: `${base}/metadata`, acsUrl: `${base}/acs`, sloUrl: `${base}/slo`, certificate: keys.certificate, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

if (import.meta.main) {
  const portico = (process.env.PORTICO_PUBLIC_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
  const sp = await startSamlSp(portico, Number(process.env.SAML_SP_PORT ?? 3004));
  console.log(`A SAML service provider is running at ${sp.url}, signing in with ${portico}.
Add it in the console (Resources > Applications > Create application, protocol SAML 2.0): import its metadata
from ${sp.entityId}, or type in
  SP entity ID:       ${sp.entityId}
  ACS URL 1:          ${sp.acsUrl}
  Single logout URL:  ${sp.sloUrl}
  SP signing certificate (new at each start):
${sp.certificate}
then enable DingTalk on its Login Configuration tab, and open ${sp.url}. "Sign out" there is single logout.`);
}
