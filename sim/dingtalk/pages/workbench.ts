// GET /workbench: the simulated DingTalk client's 工作台, laid out for a phone.
import { BRAND, escapeHtml, pageShell } from './layout.ts';

export interface WorkbenchView {
  people: Array<{ unionId: string; label: string }>;
  me?: { unionId: string; name: string; orgName: string };
  apps: Array<{ name: string; href: string }>;
  /** Whether this browser says it is DingTalk: apps only sign in silently when it does. */
  inDingTalk: boolean;
}

/** A user agent a browser can be given (devtools, --user-agent) to act as the DingTalk client on a phone. */
export const EXAMPLE_DINGTALK_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/7.6.0) com.laiwang.DingTalk/1';

const CSS = `
.wb{max-width:480px;margin:0 auto;padding:16px}
.wb h1{font-size:18px;margin:8px 0 16px}
.who{background:#fff;border-radius:12px;padding:12px;margin-bottom:16px}
.who form{display:flex;gap:8px;align-items:center;margin:8px 0 0}
.who select{flex:1;font:inherit;padding:8px;border-radius:8px;border:1px solid #dee0e3;min-width:0}
.who button{width:auto;padding:8px 12px}
.tiles{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;background:#fff;border-radius:12px;padding:16px 8px}
.tile{display:flex;flex-direction:column;align-items:center;gap:6px;color:#171a1d;text-decoration:none;font-size:12px;text-align:center;word-break:break-word}
.tile .icon{width:44px;height:44px;border-radius:12px;background:#0089ff;color:#fff;display:flex;align-items:center;justify-content:center;font-size:20px;font-weight:600}
.note{background:#fff7e8;border-radius:8px;padding:8px 12px;font-size:13px;margin-bottom:16px;word-break:break-all}
`;

export function workbenchPage(v: WorkbenchView): string {
  const options = v.people.map((p) => `<option value="${escapeHtml(p.unionId)}"${p.unionId === v.me?.unionId ? ' selected' : ''}>${escapeHtml(p.label)}</option>`).join('');
  const who = v.me
    ? `<div id="wb-me">已登录钉钉 · Signed in to DingTalk as <strong>${escapeHtml(v.me.name)}</strong> <span class="muted">${escapeHtml(v.me.orgName)}</span></div>`
    : `<div id="wb-me" class="muted">未登录 · Not signed in to DingTalk: pick a person.</div>`;
  const signOut = v.me ? `<form method="post" action="/workbench/sign-out"><button class="btn-secondary" type="submit">退出 · Sign out</button></form>` : '';
  const tiles = v.apps.length
    ? `<nav class="tiles" id="wb-apps">${v.apps.map((a) => `<a class="tile" href="${escapeHtml(a.href)}"><span class="icon" aria-hidden="true">${escapeHtml([...a.name.trim()][0] ?? '?')}</span><span class="name">${escapeHtml(a.name)}</span></a>`).join('')}</nav>`
    : `<p class="muted" id="wb-apps">${v.me ? '此组织还没有应用 · No micro-apps in this organisation yet (POST /test/workbench/apps).' : ''}</p>`;
  const note = v.inDingTalk ? '' : `<p class="note" id="wb-not-dingtalk">This browser does not say it is DingTalk, so apps will show their browser sign-in.
To act as the DingTalk client, give the browser a user agent containing <code>DingTalk</code>, e.g. <code>${escapeHtml(EXAMPLE_DINGTALK_UA)}</code>.</p>`;
  return pageShell({
    title: '工作台 · Workbench',
    mobile: true,
    css: CSS,
    body: `<main class="wb">${BRAND}<h1>工作台 · Workbench</h1>${note}
<section class="who">${who}
<form method="post" action="/workbench/sign-in"><label for="wb-person" class="muted">Person</label><select id="wb-person" name="unionId">${options}</select><button class="btn-primary" type="submit">切换 · Switch</button></form>
${signOut}</section>
${tiles}</main>`,
  });
}
