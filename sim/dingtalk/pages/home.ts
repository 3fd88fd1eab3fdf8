// GET / : what the simulator is and how to use it.
import type { SimFixture } from '../fixture.ts';
import { escapeHtml, pageShell } from './layout.ts';

const API_ROUTES: Array<[string, string]> = [
  ['GET /oauth2/auth, /oauth2/challenge.htm', 'login.dingtalk.com: hosted QR login page (iframe=true: embedded frame)'],
  ['POST /v1.0/oauth2/userAccessToken', 'api.dingtalk.com: authCode or refreshToken → user token'],
  ['GET /v1.0/contact/users/{me|unionId}', 'api.dingtalk.com: user profile (header x-acs-dingtalk-access-token)'],
  ['POST /v1.0/oauth2/accessToken', 'api.dingtalk.com: app (corp) token'],
  ['POST /v1.0/oauth2/{corpId}/token', 'api.dingtalk.com: unified app token (client_credentials)'],
  ['GET /gettoken', 'oapi.dingtalk.com: legacy app token'],
  ['POST /topapi/user/getbyunionid', 'oapi: unionId → userid'],
  ['POST /topapi/v2/user/get', 'oapi: employee details'],
  ['POST /topapi/v2/user/getuserinfo', 'oapi: in-client 免登 code → user'],
  ['POST /topapi/v2/department/listsub, listsubid, get', 'oapi: the department tree (one level at a time)'],
  ['POST /topapi/v2/user/list, /topapi/user/listid, /topapi/user/count', 'oapi: paged department members, their userids, the head count'],
  ['POST /v1.0/gateway/connections/open · WebSocket /connect?ticket=', 'Stream mode: contact events over a WebSocket'],
  ['GET /connect/qrconnect, /connect/oauth2/sns_authorize', 'oapi: legacy QR login'],
  ['GET /login/qrcode.htm?goto=…', 'login.dingtalk.com: legacy DDLogin frame'],
  ['POST /sns/getuserinfo_bycode', 'oapi: legacy tmp_auth_code → user (HMAC signature)'],
  ['GET /sim/ddlogin.js, /sim/ddlogin-legacy.js', 'DTFrameLogin / DDLogin loaders pointing at this simulator'],
  ['GET /workbench', 'the DingTalk client: who is signed in, and the organisation\'s micro-apps'],
  ['GET /jsapi/dingtalk.open.js · POST /jsapi/auth-code', 'the container\'s JSAPI: dd.env.platform, dd.runtime.permission.requestAuthCode'],
];

const TEST_API: Array<[string, string]> = [
  ['GET /sim/api/world', 'orgs, users, apps (secrets included)'],
  ['POST /sim/api/orgs', 'add an org {corpId, name}'],
  ['POST /sim/api/users · PATCH /sim/api/users/{unionId}', 'add / change a user (null removes an optional field)'],
  ['POST /sim/api/apps · PATCH /sim/api/apps/{clientId}', 'add / change an app (redirectUris, grants…)'],
  ['GET /sim/api/sessions/{id} · POST …/scan · …/confirm {unionId} · …/decline', 'drive a QR session without a browser'],
  ['POST /sim/api/authorize {clientId, redirectUri, unionId, state?, scope?, flow?}', 'skip the QR page: → {code, redirectUrl}'],
  ['POST /test/inapp-codes {userid, corpId?}', 'an in-client 免登 code (requestAuthCode) without a browser'],
  ['POST · PATCH · DELETE /test/orgs/{corpId}/users[/{userId}] · POST …/{userId}/activate', 'people join, change, leave, activate (emits the contact event)'],
  ['POST · PATCH · DELETE /test/orgs/{corpId}/departments[/{deptId}]', 'departments created, renamed, moved, removed (emits the contact event)'],
  ['POST /test/orgs/{corpId}/generate {people, departments, seed}', 'replace the org\'s directory with a generated large one'],
  ['PUT · GET · DELETE /test/apps/{clientId}/events', 'event subscription (http_push after check_url, or stream) and the event log'],
  ['PUT · GET · DELETE /test/events/chaos · GET · PATCH /test/events/config', 'drop / duplicate / reorder events; delivery timing'],
  ['GET /test/stream/connections · POST …/{id}/disconnect', 'Stream connections'],
  ['PUT · GET · DELETE /test/throttle · GET · DELETE /test/stats', 'DingTalk-like throttling (90018 / 90002) and calls per path'],
  ['POST /test/workbench/apps {corpId?, name, homepage, pcHomepage?} · GET · DELETE /test/workbench/apps/{id}', 'the workbench\'s micro-apps'],
  ['POST /sim/api/faults {pathPrefix, status?, body?, delayMs?, times?} · GET · DELETE', 'inject failures / latency'],
  ['POST /sim/api/clock {advanceMs}', 'move the simulator clock forward (expire codes/tokens)'],
  ['POST /sim/api/reset', 'back to the fixture'],
];

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

export function homePage(world: SimFixture, baseUrl: string): string {
  const orgName = (corpId: string) => world.orgs.find((o) => o.corpId === corpId)?.name ?? corpId;
  // The first 200 people: a large generated org would make a page of megabytes.
  const users = world.users.slice(0, 200).map((u) => [u.name, u.nick, u.unionId, u.userId, orgName(u.corpId), u.mobile ? `+${u.stateCode} ${u.mobile}` : '—',
    u.email ?? '—', u.jobNumber ?? '—', u.active ? 'yes' : 'no'].map(escapeHtml));
  const apps = world.apps.map((a) => {
    const first = a.redirectUris[0];
    const tryUrl = first
      ? `/oauth2/auth?${new URLSearchParams({ redirect_uri: first, response_type: 'code', client_id: a.clientId, scope: 'openid', state: 'try', prompt: 'consent' })}`
      : '';
    return [
      escapeHtml(a.name), `<code>${escapeHtml(a.clientId)}</code>`, `<code>${escapeHtml(a.clientSecret)}</code>`, escapeHtml(orgName(a.corpId)),
      a.redirectUris.map((r) => `<code>${escapeHtml(r)}</code>`).join('<br>'),
      escapeHtml(Object.entries(a.grants).filter(([, v]) => v).map(([k]) => k).join(', ') || 'none'),
      tryUrl ? `<a href="${escapeHtml(tryUrl)}">QR page</a>` : '',
    ];
  });
  const body = `<main>
<h1>钉钉模拟器 · DingTalk simulator</h1>
<p>A test double that speaks DingTalk's HTTP APIs (same paths, parameters, JSON shapes and error codes) for
<code>login.dingtalk.com</code>, <code>api.dingtalk.com</code> and <code>oapi.dingtalk.com</code> at once.
Point all three base URLs of a DingTalk source at <code>${escapeHtml(baseUrl)}</code>.
The QR code encodes this simulator's <em>phone page</em>: open it (or scan it with a phone on the same network) to pick a user and confirm.</p>
<h2>Users</h2>${table(['name', 'nick', 'unionId', 'userId', 'org', 'mobile', 'email', 'jobNumber', 'active'], users)}
<h2>Apps</h2>${table(['name', 'clientId (AppKey)', 'clientSecret', 'org', 'redirect URIs', 'grants', 'try'], apps)}
<h2>DingTalk APIs</h2>${table(['route', 'what'], API_ROUTES.map((r) => r.map(escapeHtml)))}
<h2>Test API (JSON)</h2>${table(['route', 'what'], TEST_API.map((r) => r.map(escapeHtml)))}
</main>`;
  const css = `main{max-width:1100px;margin:24px auto;padding:0 16px}table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
th,td{border:1px solid #dee0e3;padding:6px 8px;text-align:left;vertical-align:top}th{background:#f7f8fa}code{font-size:12px}`;
  return pageShell({ title: 'DingTalk simulator', css, body });
}
