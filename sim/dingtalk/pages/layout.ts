// HTML helpers shared by the simulator's pages.
import type { FastifyReply } from 'fastify';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** JSON safe to embed in <script type="application/json">. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

const BASE_CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei","Segoe UI",Roboto,sans-serif;color:#171a1d;background:#f2f3f5}
a{color:#0089ff}
.card{background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08);padding:24px;margin:32px auto;max-width:420px;text-align:center}
.brand{display:flex;align-items:center;justify-content:center;gap:8px;font-weight:600;color:#0089ff;margin-bottom:8px}
.brand .logo{width:28px;height:28px;border-radius:8px;background:#0089ff;color:#fff;display:inline-flex;align-items:center;justify-content:center;font-size:16px}
.sim-badge{display:inline-block;font-size:11px;color:#8f959e;border:1px solid #dee0e3;border-radius:10px;padding:0 8px;margin-left:4px;font-weight:400}
.muted{color:#8f959e;font-size:13px}
.error{color:#d83931}
button,.btn{font:inherit;border:0;border-radius:8px;padding:12px 16px;cursor:pointer;width:100%;display:block;text-decoration:none}
.btn-primary{background:#0089ff;color:#fff}
.btn-secondary{background:#f2f3f5;color:#171a1d;margin-top:8px}
`;

export interface ShellOptions {
  title: string;
  body: string;
  css?: string;
  script?: string;
  /** Mobile viewport (the phone pages). */
  mobile?: boolean;
}

export function pageShell(o: ShellOptions): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1${o.mobile ? ', maximum-scale=1' : ''}">
<title>${escapeHtml(o.title)}</title>
<style>${BASE_CSS}${o.css ?? ''}</style>
</head>
<body>
${o.body}
${o.script ? `<script>${o.script}</script>` : ''}
</body>
</html>`;
}

export const BRAND = `<div class="brand"><span class="logo">钉</span><span>钉钉 DingTalk</span><span class="sim-badge">simulator</span></div>`;

/** Authorization problems: an error page, never a redirect to the (untrusted) redirect_uri. */
export function errorPage(title: string, messages: string[], compact = false): string {
  const items = messages.map((m) => `<li>${escapeHtml(m)}</li>`).join('');
  return pageShell({
    title,
    css: compact ? '.card{margin:0;box-shadow:none;padding:12px;max-width:none}' : '',
    body: `<div class="card" id="dt-error">${BRAND}<h1 style="font-size:18px" class="error">${escapeHtml(title)}</h1>
<ul style="text-align:left;font-size:14px">${items}</ul>
<p class="muted">钉钉模拟器 · DingTalk simulator</p></div>`,
  });
}
