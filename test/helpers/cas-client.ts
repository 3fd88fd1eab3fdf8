/**
 * A CAS client written from the CAS Protocol 3.0 specification, as a tiny web application for tests:
 * a visitor without its session is sent to `${casBase}/login?service=…`; back with `ticket`, the client
 * validates it at `/p3/serviceValidate` from its own server, reads cas:user and the attributes from the
 * XML, and shows them. Nothing of Portico's code is used.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface CasClient {
  url: string;
  /** The service URL it sends (its front page). */
  service: string;
  close(): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export async function startCasClient(casBase: string): Promise<CasClient> {
  const sessions = new Map<string, { user: string; attributes: Record<string, string> }>();
  let service = '';
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', service);
    const sid = /(?:^|;\s*)cas_client=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
    const signed = sid ? sessions.get(sid) : undefined;
    const ticket = url.searchParams.get('ticket');
    if (ticket) {
      const answer = await (await fetch(`${casBase}/p3/serviceValidate?${new URLSearchParams({ service, ticket })}`)).text();
      const user = /<cas:authenticationSuccess>\s*<cas:user>([^<]*)<\/cas:user>/.exec(answer)?.[1];
      if (!user) {
        res.writeHead(403, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(`<h1>Not signed in</h1><pre>${escapeHtml(answer)}</pre>`);
      }
      const attributes = Object.fromEntries([...answer.matchAll(/<cas:(\w+)>([^<]*)<\/cas:\1>/g)].filter(([, k]) => k !== 'user').map(([, k, v]) => [k, v]));
      const id = randomBytes(12).toString('base64url');
      sessions.set(id, { user, attributes });
      res.writeHead(303, { location: service, 'set-cookie': `cas_client=${id}; Path=/; HttpOnly; SameSite=Lax` });
      return res.end();
    }
    if (!signed) {
      res.writeHead(303, { location: `${casBase}/login?${new URLSearchParams({ service })}` });
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    const rows = Object.entries(signed.attributes).map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join('');
    res.end(`<!doctype html><meta charset="utf-8"><title>Campus portal</title><body style="font:15px sans-serif;max-width:640px;margin:40px auto">
<h1>Campus portal (a CAS client)</h1><p data-cas-user="${escapeHtml(signed.user)}">Signed in as <strong>${escapeHtml(signed.user)}</strong></p>
<table data-section="attributes">${rows}</table></body>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  service = `${url}/`;
  return { url, service, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
