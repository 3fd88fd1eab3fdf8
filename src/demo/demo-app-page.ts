/** The demo application's one page: signed out ("Sign in with Portico") or signed in (the ID token's claims). */
import type { JWTPayload } from 'jose';
import { html, Html } from '../pages/html.ts';
import { ACR_MULTI_FACTOR } from '../oidc/acr.ts';

export interface DemoAppPageModel {
  claims?: JWTPayload;
  userinfo?: Record<string, unknown>;
  error?: string;
  /** Back from Portico's sign-out. */
  signedOut?: boolean;
}

const STYLE = `body{margin:0;font:15px/1.55 -apple-system,BlinkMacSystemFont,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;color:#1f2328;background:#f6f3ee}
main{max-width:640px;margin:48px auto;background:#fff;border-radius:12px;padding:28px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:22px;margin:0 0 4px}.sub{color:#59636e;margin:0 0 20px}
a.button,button{display:inline-block;padding:10px 18px;border-radius:8px;border:1px solid #0f7b6c;background:#0f7b6c;color:#fff;font-size:15px;text-decoration:none;cursor:pointer}
button.secondary{background:#fff;color:#0f7b6c}
table{border-collapse:collapse;width:100%;margin:8px 0 20px;font-size:14px}td{border-bottom:1px solid #e5e1da;padding:6px 8px;vertical-align:top}
td:first-child{color:#59636e;white-space:nowrap;font-family:ui-monospace,monospace}.bad{background:#fdecea;color:#c62828;padding:10px 12px;border-radius:8px}
.ok{background:#e8f5ec;color:#1b7f3b;padding:10px 12px;border-radius:8px}`;

const rows = (values: Record<string, unknown>) =>
  Object.entries(values).map(([k, v]) => html`<tr><td>${k}</td><td>${typeof v === 'string' ? v : JSON.stringify(v)}</td></tr>`);

export function demoAppPage(m: DemoAppPageModel): string {
  const who = m.claims ? String(m.claims.name ?? m.claims.preferred_username ?? m.claims.sub) : undefined;
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo App · 示例应用</title><style>${new Html(STYLE)}</style></head>
<body><main>
<h1>Demo App · 示例应用</h1>
<p class="sub">An application that signs in with Portico (OpenID Connect). 一个通过 Portico 登录的应用。</p>
${m.error ? html`<p class="bad" role="alert">${m.error}</p>` : ''}
${m.signedOut && !m.claims ? html`<p class="ok" role="status">You have signed out. 您已退出登录。</p>` : ''}
${
  m.claims
    ? html`<p data-signed-in="${String(m.claims.sub)}">Signed in as <strong>${who}</strong> · 当前用户：${who}</p>
<h2>ID token claims</h2><table data-section="id-token">${rows(m.claims)}</table>
<h2>UserInfo</h2><table data-section="userinfo">${rows(m.userinfo ?? {})}</table>
${
  m.claims.acr === ACR_MULTI_FACTOR
    ? html`<p class="ok" role="status" data-verified>Verified with a second factor · 已完成两步验证</p>`
    : html`<p><a class="button" href="/login?step_up=1">Verify with a second factor · 两步验证</a> <span class="sub">(before something sensitive: acr_values=${ACR_MULTI_FACTOR})</span></p>`
}
<form method="post" action="/logout"><button class="secondary" type="submit">Sign out · 退出登录</button></form>`
    : html`<p><a class="button" href="/login">Sign in with Portico · 使用 Portico 登录</a></p>`
}
</main></body></html>`.value;
}
