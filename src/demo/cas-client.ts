/**
 * The demo's CAS client, "Campus Portal": a tiny web application written from the CAS Protocol 3.0
 * specification alone (it uses nothing of Portico's code): a visitor without its session goes to
 * `${casBase}/login?service=…`; back with `ticket`, its server validates the ticket at
 * `/p3/serviceValidate`, reads cas:user and the attributes from the XML, and shows them. The tests
 * drive Portico's CAS server with it too.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface CasClientOptions {
  /** Portico's CAS server URL prefix (`<public URL>/cas`). */
  casBase: string;
  port?: number;
  host?: string;
  /** Where browsers reach it (default: the address it listens on). */
  publicUrl?: string;
}

export interface CasClient {
  url: string;
  /** The service URL it sends (its front page). */
  service: string;
  close(): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const page = (body: string) => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Campus Portal · 校园门户</title><style>body{margin:0;font:15px/1.55 -apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;background:#f3f5f0;color:#1f2328}
main{max-width:640px;margin:48px auto;background:#fff;border-radius:12px;padding:28px;box-shadow:0 1px 3px rgba(0,0,0,.08)}h1{font-size:22px;margin:0 0 4px}
.sub{color:#59636e}table{border-collapse:collapse;width:100%;margin:8px 0 20px;font-size:14px}td{border-bottom:1px solid #e5e1da;padding:6px 8px}
td:first-child{color:#59636e;font-family:ui-monospace,monospace}a.button{display:inline-block;padding:9px 16px;border-radius:8px;border:1px solid #3d7a2f;color:#3d7a2f;text-decoration:none}
pre{white-space:pre-wrap;background:#fdecea;padding:10px;border-radius:8px}</style></head><body><main>
<h1>Campus Portal · 校园门户</h1><p class="sub">A CAS client that signs in with Portico. 一个通过 Portico 登录的 CAS 应用。</p>${body}</main></body></html>`;

export async function startCasClient(o: CasClientOptions): Promise<CasClient> {
  const sessions = new Map<string, { user: string; attributes: Record<string, string> }>();
  let service = '';
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', service);
      const sid = /(?:^|;\s*)cas_client=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
      if (url.pathname === '/logout') {
        if (sid) sessions.delete(sid);
        res.writeHead(303, { location: `${o.casBase}/logout?${new URLSearchParams({ service })}`, 'set-cookie': 'cas_client=; Path=/; Max-Age=0' });
        return res.end();
      }
      const signed = sid ? sessions.get(sid) : undefined;
      const ticket = url.searchParams.get('ticket');
      if (ticket) {
        // CAS 3.0 §2.5: the service's server validates the ticket, with the same service URL it sent.
        const answer = await (await fetch(`${o.casBase}/p3/serviceValidate?${new URLSearchParams({ service, ticket })}`)).text();
        const user = /<cas:authenticationSuccess>\s*<cas:user>([^<]*)<\/cas:user>/.exec(answer)?.[1];
        if (!user) {
          res.writeHead(403, { 'content-type': 'text/html; charset=utf-8' });
          return res.end(page(`<p>Not signed in: Portico refused the ticket.</p><pre>${escapeHtml(answer)}</pre><p><a class="button" href="/">Try again</a></p>`));
        }
        const attributes = Object.fromEntries([...answer.matchAll(/<cas:(\w+)>([^<]*)<\/cas:\1>/g)].filter(([, k]) => k !== 'user').map(([, k, v]) => [k, v]));
        const id = randomBytes(12).toString('base64url');
        sessions.set(id, { user, attributes });
        res.writeHead(303, { location: service, 'set-cookie': `cas_client=${id}; Path=/; HttpOnly; SameSite=Lax` });
        return res.end();
      }
      if (!signed) {
        res.writeHead(303, { location: `${o.casBase}/login?${new URLSearchParams({ service })}` });
        return res.end();
      }
      const rows = Object.entries(signed.attributes).map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page(`<p data-cas-user="${escapeHtml(signed.user)}">Signed in as <strong>${escapeHtml(signed.user)}</strong> · 当前用户：${escapeHtml(signed.user)}</p>
<h2>CAS attributes</h2><table data-section="attributes">${rows}</table><p><a class="button" href="/logout">Sign out · 退出登录</a></p>`));
    } catch (error) {
      res.writeHead(502, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page(`<pre>${escapeHtml(String(error))}</pre>`));
    }
  });
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, o.host ?? '127.0.0.1', resolve));
  const url = (o.publicUrl ?? `http://127.0.0.1:${(server.address() as AddressInfo).port}`).replace(/\/+$/, '');
  service = `${url}/`;
  return { url, service, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
