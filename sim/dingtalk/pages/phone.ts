// The simulated phone: what the DingTalk app shows after scanning the QR code.
import { BRAND, escapeHtml, pageShell } from './layout.ts';

export interface PhoneUser {
  unionId: string;
  name: string;
  nick: string;
  userId: string;
  mobile?: string;
  avatarUrl: string;
}

export interface PhoneView {
  sessionId: string;
  appName: string;
  orgName?: string;
  users: PhoneUser[];
  error?: string;
}

const CSS = `.card{margin:0 auto;min-height:100vh;border-radius:0;max-width:480px;text-align:left}
h1{font-size:18px;margin:8px 0}
.users{list-style:none;padding:0;margin:12px 0}
.users label{display:flex;align-items:center;gap:12px;padding:10px;border:1px solid #dee0e3;border-radius:10px;margin-bottom:8px;cursor:pointer}
.users input{width:18px;height:18px}
.users img{width:40px;height:40px;border-radius:50%}
.who{display:flex;flex-direction:column}.who small{color:#8f959e}`;

export function phonePage(v: PhoneView): string {
  const users = v.users.map((u, i) => `<li><label>
<input type="radio" name="unionId" value="${escapeHtml(u.unionId)}"${i === 0 ? ' checked' : ''}>
<img src="${escapeHtml(u.avatarUrl)}" alt="">
<span class="who"><strong>${escapeHtml(u.name)}</strong><small>${escapeHtml(u.userId)} · ${escapeHtml(u.mobile ?? '—')}</small></span>
</label></li>`).join('');
  const sid = encodeURIComponent(v.sessionId);
  const body = `<div class="card">${BRAND}
<h1>登录确认 · Confirm login</h1>
<p>“${escapeHtml(v.appName)}” 申请使用你的钉钉账号登录${v.orgName ? `（${escapeHtml(v.orgName)}）` : ''}。<br>
<span class="muted">“${escapeHtml(v.appName)}” wants to sign you in with your DingTalk account. Pick who is holding the phone:</span></p>
${v.error ? `<p class="error" id="phone-error">${escapeHtml(v.error)}</p>` : ''}
${v.users.length === 0 ? '<p class="error">该组织没有可登录的成员 · No active member of this organization can log in.</p>' : ''}
<form method="post" action="/sim/phone/${sid}/confirm" id="confirm-form">
<ul class="users">${users}</ul>
<button type="submit" class="btn-primary" id="confirm"${v.users.length === 0 ? ' disabled' : ''}>确认登录 · Confirm</button>
</form>
<form method="post" action="/sim/phone/${sid}/decline" id="decline-form">
<button type="submit" class="btn-secondary" id="decline">取消 · Decline</button>
</form>
</div>`;
  return pageShell({ title: '钉钉 · 登录确认', css: CSS, body, mobile: true });
}

export function phoneMessagePage(title: string, message: string, kind: 'ok' | 'error'): string {
  const body = `<div class="card">${BRAND}
<h1 class="${kind === 'error' ? 'error' : ''}" id="phone-result" data-kind="${kind}">${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p></div>`;
  return pageShell({ title: `钉钉 · ${title}`, css: CSS, body, mobile: true });
}
