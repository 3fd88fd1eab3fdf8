/**
 * A SAML service provider to try Portico's SAML IdP with (`npm run demo:saml-sp` beside `npm start`),
 * and the tests' SP, built on @node-saml/node-saml (an implementation Portico did not write): a visitor
 * without its session is sent to Portico with an AuthnRequest (HTTP-Redirect); the Response posted to
 * /acs is validated by node-saml (signatures with the IdP certificate from Portico's metadata, audience,
 * InResponseTo), and the NameID and attributes are shown.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';

export interface SamlSp {
  url: string;
  entityId: string;
  acsUrl: string;
  close(): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export async function startSamlSp(porticoUrl: string, port = 0): Promise<SamlSp> {
  const sessions = new Map<string, Record<string, unknown>>();
  let saml: SAML | undefined;
  let base = '';
  const sp = async () => {
    if (saml) return saml;
    const metadata = await (await fetch(`${porticoUrl}/saml/metadata`)).text();
    const idpCert = /<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/.exec(metadata)![1];
    saml = new SAML({ callbackUrl: `${base}/acs`, entryPoint: `${porticoUrl}/saml/sso`, issuer: `${base}/metadata`, audience: `${base}/metadata`, idpCert, wantAssertionsSigned: true, wantAuthnResponseSigned: true, validateInResponseTo: ValidateInResponseTo.always });
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
        sessions.set(id, { ...profile });
        res.writeHead(303, { location: '/', 'set-cookie': `saml_sp=${id}; Path=/; HttpOnly; SameSite=Lax` });
        return res.end();
      }
      const sid = /(?:^|;\s*)saml_sp=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
      const profile = sid ? sessions.get(sid) : undefined;
      if (!profile) {
        res.writeHead(303, { location: await (await sp()).getAuthorizeUrlAsync('', undefined, {}) });
        return res.end();
      }
      const rows = Object.entries(profile).filter(([, v]) => typeof v === 'string').map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(String(v))}</td></tr>`).join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><meta charset="utf-8"><title>Expense SaaS</title><body style="font:15px sans-serif;max-width:640px;margin:40px auto">
<h1>Expense SaaS (a SAML SP)</h1><p data-name-id="${escapeHtml(String(profile.nameID))}">Signed in as <strong>${escapeHtml(String(profile.nameID))}</strong></p><table data-section="profile">${rows}</table></body>`);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  base = `http://${port ? 'localhost' : '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  return { url: base, entityId: `${base}/metadata`, acsUrl: `${base}/acs`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

if (import.meta.main) {
  const portico = (process.env.PORTICO_PUBLIC_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
  const sp = await startSamlSp(portico, Number(process.env.SAML_SP_PORT ?? 3004));
  console.log(`A SAML service provider is running at ${sp.url}, signing in with ${portico}.
Add it in the console (Resources > Applications > Create application, protocol SAML 2.0):
  SP entity ID: ${sp.entityId}
  ACS URL 1:    ${sp.acsUrl}
then enable DingTalk on its Login Configuration tab, and open ${sp.url}.`);
}
