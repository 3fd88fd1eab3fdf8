// DingTalk's hosted QR login page (login.dingtalk.com/oauth2/auth, oapi /connect/qrconnect) and its
// embedded-frame variant (iframe=true for DTFrameLogin, /login/qrcode.htm for the legacy DDLogin).
import { BRAND, escapeHtml, pageShell, scriptJson } from './layout.ts';
import type { SessionDisplay, SessionFlow } from '../world.ts';

export interface HostedLoginView {
  sessionId: string;
  flow: SessionFlow;
  display: SessionDisplay;
  appName: string;
  orgName?: string;
  qrDataUrl: string;
  phoneUrl: string;
  statusUrl: string;
  /** Same authorize URL: opening it again starts a new QR session. */
  refreshUrl: string;
  expiresInSec: number;
}

const TEXT = {
  pending: '请使用钉钉扫描二维码登录 · Scan with DingTalk to log in',
  scanned: '扫描成功，请在手机上确认 · Scanned, confirm on your phone',
  confirmed: '登录成功，正在跳转… · Confirmed, redirecting…',
  declined: '你已取消此次登录 · Login declined',
  expired: '二维码已失效，请刷新 · QR code expired, refresh',
};

// Polls the session every ~700 ms. Confirmed/declined: the full page navigates to the redirect URL;
// the embedded frame posts what DingTalk's frame posts (ref §3.1): {success:true, redirectUrl} or {errorMsg}
// for DTFrameLogin, the loginTmpCode string for the legacy DDLogin (ref §3.2).
const CLIENT_SCRIPT = `
(function () {
  var cfg = JSON.parse(document.getElementById('sim-config').textContent);
  var statusEl = document.getElementById('dt-status');
  var box = document.getElementById('dt-qr-box');
  function show(key) { statusEl.textContent = cfg.text[key]; statusEl.setAttribute('data-status', key); box.setAttribute('data-status', key); }
  function finish(s) {
    show(s.status);
    if (s.status === 'expired') { document.getElementById('dt-refresh').hidden = false; return; }
    if (cfg.display === 'iframe') {
      if (cfg.flow === 'legacy') { if (s.status === 'confirmed') window.parent.postMessage(s.loginTmpCode, '*'); return; }
      if (s.status === 'confirmed') window.parent.postMessage({ success: true, redirectUrl: s.redirectUrl }, '*');
      else window.parent.postMessage({ errorMsg: s.error || 'access_denied' }, '*');
      return;
    }
    if (s.redirectUrl) window.location.href = s.redirectUrl;
  }
  function poll() {
    fetch(cfg.statusUrl, { cache: 'no-store' }).then(function (r) { return r.json(); }).then(function (s) {
      if (s.status === 'confirmed' || s.status === 'declined' || s.status === 'expired') return finish(s);
      show(s.status);
      setTimeout(poll, 700);
    }).catch(function () { setTimeout(poll, 1500); });
  }
  poll();
})();
`;

export function hostedLoginPage(v: HostedLoginView): string {
  const iframe = v.display === 'iframe';
  const css = iframe
    ? `body{background:#fff}.card{margin:0;box-shadow:none;border-radius:0;padding:8px;max-width:none;width:100%;height:100vh;overflow:hidden}
.brand{display:none}#dt-qr{width:180px;height:180px}.caption{font-size:12px;margin:4px 0}.sim-link{font-size:11px}`
    : `#dt-qr{width:220px;height:220px}.caption{font-size:14px;margin:12px 0 4px}.app{font-size:18px;font-weight:600;margin:8px 0 4px}`;
  const body = `<div class="card">
${BRAND}
${iframe ? '' : `<div class="app">${escapeHtml(v.appName)}</div>${v.orgName ? `<div class="muted">${escapeHtml(v.orgName)}</div>` : ''}`}
<div id="dt-qr-box" data-status="pending" style="position:relative;display:inline-block">
<img id="dt-qr" src="${v.qrDataUrl}" alt="DingTalk QR code" data-session-id="${escapeHtml(v.sessionId)}">
</div>
<p class="caption" id="dt-status" data-status="pending">${TEXT.pending}</p>
<p id="dt-refresh" hidden><a href="${escapeHtml(v.refreshUrl)}">QR code expired, refresh · 刷新二维码</a></p>
<p class="muted sim-link">模拟扫码 · Simulate a scan: <a href="${escapeHtml(v.phoneUrl)}" target="_blank" rel="noopener" id="dt-phone-link">open the phone page</a>
${iframe ? '' : ` · valid ${v.expiresInSec}s`}</p>
</div>
<style>#dt-qr-box[data-status=expired] img{opacity:.15}</style>
<script type="application/json" id="sim-config">${scriptJson({ statusUrl: v.statusUrl, display: v.display, flow: v.flow, text: TEXT })}</script>`;
  return pageShell({ title: iframe ? 'DingTalk' : `钉钉扫码登录 · ${v.appName}`, css, body, script: CLIENT_SCRIPT });
}
