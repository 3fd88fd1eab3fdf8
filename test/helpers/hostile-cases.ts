/**
 * The hostile-input table: requests an attacker (or a broken client) could send to every surface a
 * browser or an API client reaches, and what each deserves. Every case is checked by
 * `assertHostileAnswer` (never a 5xx, no stack trace or path, no foreign Location, the stable code)
 * and by the row checksums (no row changed). A 2xx or 3xx appears only where a case says so: the
 * safe answer to a hostile `return_to` is a redirect home, and a read-only search finds nothing.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Expectation, HostileRequest, RawResponse, World } from './hostile-world.ts';
import { cookieHeader, decodeEntities, MARKUP, qs, send, USER_PASSWORD, V1 } from './hostile-world.ts';
import { ADMIN_PASSWORD } from './harness.ts';
import { PASSWORD_SOURCE_ID, SMS_SOURCE_ID, USER_CENTER_APP_ID } from '../../src/store/well-known.ts';

export const AREAS = ['login page and forms', 'return_to', 'DingTalk callback', 'binding page', 'User Center API', 'admin API', 'OIDC'] as const;
export type Area = (typeof AREAS)[number];

export interface CaseExpectation extends Expectation {
  /** More to check when a case allows a 2xx or 3xx (or wants to look closer). */
  check?: (res: RawResponse, w: World) => void;
}

export interface HostileCase {
  area: Area;
  name: string;
  request: (w: World) => HostileRequest | Promise<HostileRequest>;
  expect: CaseExpectation | ((w: World) => CaseExpectation);
}

/** What a browser sends: providers answer HTML (not JSON) to it. */
const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const SQL = "' OR '1'='1' --";
const SQL_DROP = "x'); DROP TABLE users; --";
/** Visible text in several scripts: names must take it (it reaches the queries as data). */
const UNICODE = 'Ünïcødé 登录 O\u2019Brien 🙂';
/** Invisible text: a bidirectional override and a zero-width space, which no name may hold. */
const INVISIBLE = '\u202Eevil\u202C ad\u200bmin';
const CONTROL = 'a\u0000b\r\nc\td\u0007';
const CONTROL_NO_NUL = 'a\u0001b\r\nc\td\u0007';
const pairs = (o: Record<string, string>): [string, string][] => Object.entries(o);

const cases: HostileCase[] = [];
const add = (area: Area, name: string, request: HostileCase['request'], expect: HostileCase['expect']) => cases.push({ area, name, request, expect });

// =============================================================================================
// Login page and forms

const page = (path: string, extra: Partial<HostileRequest> = {}): HostileRequest => ({ method: 'GET', path, headers: BROWSER, ...extra });

/** A login form post from a browser that has the form's CSRF cookie; `fields` override the defaults (pairs repeat keys). */
function loginForm(w: World, path: string, fields: Record<string, string> | [string, string][], o: { csrfCookie?: boolean } = {}): HostileRequest {
  const defaults = { app: 'user-center', csrf: w.csrf.token };
  const given = Array.isArray(fields) ? fields : pairs(fields);
  const keys = new Set(given.map(([k]) => k));
  const form: [string, string][] = [...pairs(defaults).filter(([k]) => !keys.has(k)), ...given];
  return { method: 'POST', path, headers: BROWSER, form, cookies: o.csrfCookie === false ? undefined : w.csrf.cookies };
}
/** The same login form, as a body of another kind (content type given). */
const loginBody = (w: World, path: string, contentType: string, body: string | Buffer): HostileRequest => ({
  method: 'POST',
  path,
  headers: { ...BROWSER, 'content-type': contentType },
  rawBody: body,
  cookies: w.csrf.cookies,
});
const loginJson = (w: World, path: string, json: Record<string, unknown>): HostileRequest => ({
  method: 'POST',
  path,
  headers: BROWSER,
  json: { app: 'user-center', csrf: w.csrf.token, ...json },
  cookies: w.csrf.cookies,
});

const UNKNOWN_APP: CaseExpectation = { kind: 'page', status: 404, code: 'login.unknown_application' };
const CSRF: CaseExpectation = { kind: 'page', status: 403, code: 'login.csrf' };
const NOT_ENABLED: CaseExpectation = { kind: 'page', status: 403, code: 'login.source_not_enabled' };
const WRONG_CREDENTIALS: CaseExpectation = { kind: 'page', status: 401, message: /Wrong username or password|用户名或密码错误/ };
const INVALID_PHONE: CaseExpectation = { kind: 'page', status: 400, message: /valid mobile number|有效的手机号/ };
const CODE_REFUSED: CaseExpectation = { kind: 'page', status: 400 };
const BAD_URL_PAGE: CaseExpectation = { kind: 'page', status: 400 };
const UNSUPPORTED_PAGE: CaseExpectation = { kind: 'page', status: 415, code: 'request.unsupported_media_type' };
const TOO_LARGE_PAGE: CaseExpectation = { kind: 'page', status: 413, code: 'request.too_large' };
/** A NUL anywhere in a request (src/http/nul-guard.ts). */
const NUL_PAGE: CaseExpectation = { kind: 'page', status: 400, code: 'request.invalid_characters' };
const problem = (status: number, code?: string): CaseExpectation => ({ kind: 'problem', status, code });
const ANY_PAGE_4XX: CaseExpectation = { kind: 'page' };

const L: Area = 'login page and forms';
add(L, 'the login page without an application', () => page('/login'), UNKNOWN_APP);
add(L, 'the login page with an empty application', () => page('/login?app='), UNKNOWN_APP);
add(L, 'the login page of an unknown application', () => page('/login?app=nope'), UNKNOWN_APP);
add(L, 'the login page with a bad percent-escape in the query (?app=%ZZ)', () => page('/login?app=%ZZ'), UNKNOWN_APP);
add(L, 'the login page with invalid UTF-8 in the query (?app=%E0%A4)', () => page('/login?app=%E0%A4'), UNKNOWN_APP);
add(L, 'the login page with the application given twice', () => page('/login?app=user-center&app=user-center'), UNKNOWN_APP);
add(L, 'the login page with a NUL byte as the application', () => page('/login?app=%00'), NUL_PAGE);
add(L, 'the login page with a 5000-character application', () => page(`/login?${qs({ app: 'a'.repeat(5000) })}`), UNKNOWN_APP);
add(L, 'the login page with a SQL-looking application', () => page(`/login?${qs({ app: SQL })}`), UNKNOWN_APP);
add(L, 'the login page with markup as the application (not reflected)', () => page(`/login?${qs({ app: MARKUP })}`), UNKNOWN_APP);
add(L, 'the login page with a unicode application', () => page(`/login?${qs({ app: UNICODE })}`), UNKNOWN_APP);
/** The login page's username field, as a login_hint filled it (or left it empty). */
const hintedUsername = (res: RawResponse) => /name="username"[^>]*value="([^"]*)"/.exec(res.text)?.[1];
add(L, 'the login page with markup as the login_hint (filled in, escaped)', () => page(`/login?${qs({ app: 'user-center', login_hint: MARKUP })}`), {
  kind: 'page',
  status: 200,
  check: (res) => assert.equal(hintedUsername(res), '&lt;script&gt;alert(1)&lt;/script&gt;'),
});
add(L, 'the login page with an invisible login_hint (ignored)', () => page(`/login?${qs({ app: 'user-center', login_hint: INVISIBLE })}`), {
  kind: 'page',
  status: 200,
  check: (res) => assert.ok(!hintedUsername(res), 'nothing filled in'),
});
add(L, 'the login page with a 5000-character login_hint (ignored)', () => page(`/login?${qs({ app: 'user-center', login_hint: 'h'.repeat(5000) })}`), {
  kind: 'page',
  status: 200,
  check: (res) => assert.ok(!hintedUsername(res), 'nothing filled in'),
});
add(L, 'a login path with invalid UTF-8 (/login/%E0%A4)', () => page('/login/%E0%A4'), { kind: 'page', status: [400, 404] });
add(L, 'the DingTalk QR page with invalid UTF-8 as the source (/login/dingtalk/%E0%A4)', () => page('/login/dingtalk/%E0%A4'), BAD_URL_PAGE);
add(L, 'the DingTalk QR page with a bad percent-escape as the source (%ZZ)', () => page('/login/dingtalk/%ZZ?app=user-center'), BAD_URL_PAGE);
add(L, 'the DingTalk QR page of an unknown application', (w) => page(`/login/dingtalk/${w.source}?app=nope`), UNKNOWN_APP);
add(L, 'the DingTalk QR page without an application', (w) => page(`/login/dingtalk/${w.source}`), UNKNOWN_APP);
add(L, 'the DingTalk QR page of a source the application does not enable', (w) => page(`/login/dingtalk/${w.otherSource}?app=user-center`), NOT_ENABLED);
add(L, 'the DingTalk QR page of an unknown source', () => page('/login/dingtalk/src_nope?app=user-center'), NOT_ENABLED);
add(L, 'the DingTalk QR page of the SMS source (not a DingTalk source)', () => page(`/login/dingtalk/${SMS_SOURCE_ID}?app=user-center`), NOT_ENABLED);
add(L, 'the DingTalk QR page for an application that does not enable DingTalk', (w) => page(`/login/dingtalk/${w.source}?app=${w.confidential.clientId}`), NOT_ENABLED);
add(L, 'the DingTalk QR page with a NUL byte as the source', () => page('/login/dingtalk/%00?app=user-center'), NUL_PAGE);
add(L, 'binding DingTalk from the User Center without being signed in (sent to sign in)', (w) => page(`/login/dingtalk/${w.source}/link`), {
  kind: 'page',
  status: 303,
  check: (res) => assert.match(res.location ?? '', new RegExp(`^/login\\?app=${USER_CENTER_APP_ID}`)),
});

const PW = '/login/password';
add(L, 'a password form with no body at all', () => ({ method: 'POST', path: PW, headers: { ...BROWSER, 'content-type': 'application/x-www-form-urlencoded' }, rawBody: '' }), UNKNOWN_APP);
add(L, 'a password form without its CSRF token', (w) => loginForm(w, PW, { csrf: '', username: 'someone', password: 'whatever' }), CSRF);
add(L, 'a password form with a forged CSRF token of the right length', (w) => loginForm(w, PW, { csrf: 'x'.repeat(w.csrf.token.length), username: 'someone', password: 'whatever' }), CSRF);
add(L, 'a password form with a CSRF token of another length', (w) => loginForm(w, PW, { csrf: 'short', username: 'someone', password: 'whatever' }), CSRF);
add(L, 'a password form with the CSRF token given twice', (w) => loginForm(w, PW, [['csrf', w.csrf.token], ['csrf', w.csrf.token], ['username', 'someone'], ['password', 'whatever']]), CSRF);
add(L, 'a password form with a unicode CSRF token', (w) => loginForm(w, PW, { csrf: '登'.repeat(w.csrf.token.length), username: 'someone', password: 'whatever' }), CSRF);
add(L, 'a password form whose browser has no CSRF cookie', (w) => loginForm(w, PW, { username: 'someone', password: 'whatever' }, { csrfCookie: false }), CSRF);
add(L, 'a password form for an unknown application', (w) => loginForm(w, PW, { app: 'nope', username: 'someone', password: 'whatever' }), UNKNOWN_APP);
add(L, 'a password form with the application given twice', (w) => loginForm(w, PW, [['app', 'user-center'], ['app', 'user-center'], ['username', 'someone'], ['password', 'whatever']]), UNKNOWN_APP);
add(L, 'a password form with a NUL byte as the application', (w) => loginForm(w, PW, { app: 'user\u0000center', username: 'someone', password: 'whatever' }), NUL_PAGE);
add(L, 'a password form for an application that does not enable passwords', (w) => loginForm(w, PW, { app: w.smsOnly.clientId, username: w.users.alice.username, password: USER_PASSWORD }), NOT_ENABLED);
add(L, 'a password form without a username', (w) => loginForm(w, PW, { password: 'whatever' }), WRONG_CREDENTIALS);
add(L, 'a password form with the username given twice', (w) => loginForm(w, PW, [['username', w.users.alice.username], ['username', w.users.bob.username], ['password', USER_PASSWORD]]), WRONG_CREDENTIALS);
add(L, 'a password form with a 10000-character username', (w) => loginForm(w, PW, { username: 'u'.repeat(10000), password: 'whatever' }), WRONG_CREDENTIALS);
add(L, 'a password form with control characters in the username', (w) => loginForm(w, PW, { username: CONTROL_NO_NUL, password: 'whatever' }), WRONG_CREDENTIALS);
add(L, 'a password form with control characters and a NUL in the username', (w) => loginForm(w, PW, { username: CONTROL, password: 'whatever' }), NUL_PAGE);
add(L, 'a password form with a NUL byte in the username', (w) => loginForm(w, PW, { username: `${w.users.alice.username}\u0000`, password: USER_PASSWORD }), NUL_PAGE);
add(L, 'a password form with a unicode username (emoji)', (w) => loginForm(w, PW, { username: UNICODE, password: 'whatever' }), WRONG_CREDENTIALS);
add(L, 'a password form with an invisible username (bidi override, zero-width space)', (w) => loginForm(w, PW, { username: INVISIBLE, password: 'whatever' }), WRONG_CREDENTIALS);
add(L, 'a password form with a SQL-looking username', (w) => loginForm(w, PW, { username: SQL, password: SQL }), WRONG_CREDENTIALS);
add(L, 'a password form with markup as the username (escaped when shown again)', (w) => loginForm(w, PW, { username: MARKUP, password: 'whatever' }), WRONG_CREDENTIALS);
add(L, 'a password form without a password', (w) => loginForm(w, PW, { username: w.users.alice.username }), WRONG_CREDENTIALS);
add(L, 'a password form with the password given twice', (w) => loginForm(w, PW, [['username', w.users.alice.username], ['password', USER_PASSWORD], ['password', USER_PASSWORD]]), WRONG_CREDENTIALS);
add(L, 'a password form with a 15000-character password', (w) => loginForm(w, PW, { username: `ghost-${randomBytes(3).toString('hex')}`, password: 'p'.repeat(15000) }), WRONG_CREDENTIALS);
add(L, 'a password form with bad percent-escapes in the body', (w) => loginBody(w, PW, 'application/x-www-form-urlencoded', `app=user-center&csrf=${w.csrf.token}&username=%E0%A4%ZZ&password=%`), WRONG_CREDENTIALS);
add(L, 'a password form over the 16 KiB form limit', (w) => loginForm(w, PW, { username: 'u'.repeat(20000), password: 'whatever' }), TOO_LARGE_PAGE);
add(L, 'a 2 MiB password form', (w) => loginBody(w, PW, 'application/x-www-form-urlencoded', 'username='.padEnd(2 * 1024 * 1024, 'x')), TOO_LARGE_PAGE);
add(L, 'a 2 MiB JSON body to the password form', (w) => loginBody(w, PW, 'application/json', JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024) })), { kind: 'page', status: [413, 415] });
add(L, 'a password form sent as XML', (w) => loginBody(w, PW, 'application/xml', '<login><app>user-center</app></login>'), UNSUPPORTED_PAGE);
add(L, 'a password form sent as multipart', (w) => loginBody(w, PW, 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="app"\r\n\r\nuser-center\r\n--x--\r\n'), UNSUPPORTED_PAGE);
add(L, 'a password form with a body and no content type', (w) => ({ method: 'POST', path: PW, headers: BROWSER, rawBody: `app=user-center&csrf=${w.csrf.token}`, cookies: w.csrf.cookies }), UNSUPPORTED_PAGE);
add(L, 'a password form sent as text/plain', (w) => loginBody(w, PW, 'text/plain', `app=user-center&csrf=${w.csrf.token}&username=a&password=b`), ANY_PAGE_4XX);
add(L, 'a password form as malformed JSON', (w) => loginBody(w, PW, 'application/json', '{"app":"user-center",'), UNSUPPORTED_PAGE);
add(L, 'a password form as JSON with a __proto__ key', (w) => loginBody(w, PW, 'application/json', '{"app":"user-center","__proto__":{"csrf":"x"}}'), UNSUPPORTED_PAGE);
add(L, 'a password form as JSON null', (w) => loginBody(w, PW, 'application/json', 'null'), ANY_PAGE_4XX);
add(L, 'a password form as a JSON array', (w) => loginBody(w, PW, 'application/json', '["user-center"]'), ANY_PAGE_4XX);
add(L, 'a password form as JSON with objects and arrays for the fields', (w) => loginJson(w, PW, { username: { $ne: null }, password: ['x'] }), ANY_PAGE_4XX);
add(L, 'a password form as JSON with an object for the CSRF token', (w) => loginJson(w, PW, { csrf: { length: 32 }, username: 'a', password: 'b' }), UNSUPPORTED_PAGE);
add(L, 'a password form as JSON with a username object that cannot become a string', (w) => loginJson(w, PW, { username: { toString: null }, password: 'b' }), ANY_PAGE_4XX);

const SMS = '/login/sms';
add(L, 'an SMS form without a phone number', (w) => loginForm(w, SMS, { action: 'send' }), INVALID_PHONE);
add(L, 'an SMS form with letters for a phone number', (w) => loginForm(w, SMS, { action: 'send', phone: 'abc' }), INVALID_PHONE);
add(L, 'an SMS form with the phone number given twice', (w) => loginForm(w, SMS, [['action', 'send'], ['phone', '13800000000'], ['phone', '13900000000']]), INVALID_PHONE);
add(L, 'an SMS form with a 10000-character phone number', (w) => loginForm(w, SMS, { action: 'verify', phone: '1'.repeat(10000), code: '123456' }), INVALID_PHONE);
add(L, 'an SMS form with control characters in the phone number', (w) => loginForm(w, SMS, { action: 'send', phone: '138\u0001000\r\n00000' }), INVALID_PHONE);
add(L, 'an SMS form with a NUL in the phone number', (w) => loginForm(w, SMS, { action: 'send', phone: '138\u0000000\r\n00000' }), NUL_PAGE);
add(L, 'an SMS form with Arabic-Indic digits for a phone number', (w) => loginForm(w, SMS, { action: 'verify', phone: '١٣٨٠٠٠٠٠٠٠٠', code: '123456' }), INVALID_PHONE);
add(L, 'an SMS form with a SQL-looking phone number', (w) => loginForm(w, SMS, { action: 'send', phone: SQL }), INVALID_PHONE);
add(L, 'an SMS code check with the code given twice', (w) => loginForm(w, SMS, [['action', 'verify'], ['phone', '+8613600001111'], ['code', '123456'], ['code', '654321']]), CODE_REFUSED);
add(L, 'an SMS code check with letters for a code', (w) => loginForm(w, SMS, { action: 'verify', phone: '+8613600001111', code: 'abcdef' }), CODE_REFUSED);
add(L, 'an SMS code check with a 10000-character code', (w) => loginForm(w, SMS, { action: 'verify', phone: '+8613600001111', code: '1'.repeat(10000) }), CODE_REFUSED);
add(L, 'an SMS form with an unknown action', (w) => loginForm(w, SMS, { action: 'delete-everything', phone: '+8613600001111' }), CODE_REFUSED);
add(L, 'an SMS form with the action given twice', (w) => loginForm(w, SMS, [['action', 'send'], ['action', 'verify'], ['phone', '+8613600001111']]), CODE_REFUSED);
add(L, 'an SMS form for an application that does not enable SMS', (w) => loginForm(w, SMS, { app: w.public.clientId, action: 'send', phone: '+8613600001111' }), NOT_ENABLED);
add(L, 'an SMS form with a forged CSRF token', (w) => loginForm(w, SMS, { csrf: 'forged', action: 'send', phone: '+8613600001111' }), CSRF);
add(L, 'an SMS form for an unknown application', (w) => loginForm(w, SMS, { app: 'nope', action: 'send', phone: '+8613600001111' }), UNKNOWN_APP);
add(L, 'an SMS form as JSON with a phone object that cannot become a string', (w) => loginJson(w, SMS, { action: 'verify', phone: { toString: 1 }, code: '123456' }), ANY_PAGE_4XX);
add(L, 'an SMS form as JSON with a code object that cannot become a string', (w) => loginJson(w, SMS, { action: 'verify', phone: '+8613600001111', code: { toString: 1 } }), ANY_PAGE_4XX);
add(L, 'an SMS form as malformed JSON', (w) => loginBody(w, SMS, 'application/json', '{"phone":'), UNSUPPORTED_PAGE);

// =============================================================================================
// Hostile return_to: a sign-in with the right password must land on Portico, whatever return_to says.

const R: Area = 'return_to';
const HOSTILE_RETURN_TO: [string, string][] = [
  ['a tab before a second slash (/\\t/evil.example)', '/\t/evil.example'],
  ['tabs between slashes (/\\t/\\t/evil.example)', '/\t/\t/evil.example'],
  ['CR/LF before a second slash', '/\r\n/evil.example'],
  ['CR/LF header injection', '/\r\nSet-Cookie: hostile=1\r\nLocation: https://evil.example'],
  ['a newline inside the host part', '/\n/evil.example'],
  ['two backslashes (\\\\evil.example)', '\\\\evil.example'],
  ['slash backslash (/\\evil.example)', '/\\evil.example'],
  ['a percent-encoded double slash (%2F%2Fevil.example)', '%2F%2Fevil.example'],
  ['slash and an encoded slash (/%2F/evil.example)', '/%2F/evil.example'],
  ['a percent-encoded backslash (%5Cevil.example)', '%5Cevil.example'],
  ['slash and an encoded backslash (/%5Cevil.example)', '/%5Cevil.example'],
  ['a protocol-relative URL (//evil.example)', '//evil.example'],
  ['three slashes (///evil.example)', '///evil.example'],
  ['an absolute URL (https://evil.example)', 'https://evil.example/'],
  ['a javascript: URL', 'javascript:alert(document.cookie)'],
  ['userinfo (/@evil.example)', '/@evil.example'],
  ['a dot segment before a double slash (/.//evil.example)', '/.//evil.example'],
  ['unicode (/登录)', '/登录'],
  ['a line separator (/\\u2028/evil.example)', '/\u2028/evil.example'],
  ['invalid UTF-8 percent-escapes (/%E0%A4)', '/%E0%A4'],
  ['5000 characters', `/${'a'.repeat(4999)}`],
  ['a fullwidth solidus (／／evil.example)', '／／evil.example'],
];
const landsHome: CaseExpectation = { kind: 'page', status: 303 };
for (const [label, value] of HOSTILE_RETURN_TO) {
  add(R, `signing in with return_to = ${label} lands on Portico`, (w) => loginForm(w, PW, { username: w.users.alice.username, password: USER_PASSWORD, return_to: value }), landsHome);
}
add(R, 'signing in with return_to = a NUL byte is refused', (w) => loginForm(w, PW, { username: w.users.alice.username, password: USER_PASSWORD, return_to: '/\u0000/evil.example' }), NUL_PAGE);
add(R, 'signing in with return_to as a JSON object is refused (forms only)', (w) => loginJson(w, PW, { username: w.users.alice.username, password: USER_PASSWORD, return_to: { href: '//evil.example' } }), UNSUPPORTED_PAGE);
add(R, 'signing in with return_to given twice lands on Portico', (w) =>
  loginForm(w, PW, [['username', w.users.alice.username], ['password', USER_PASSWORD], ['return_to', '/account'], ['return_to', '//evil.example']]), landsHome);

/** The login page shows the form; whatever return_to it carries back, and every link on it, stays on Portico. */
const keepsLinksHome: CaseExpectation = {
  kind: 'page',
  status: 200,
  check: (res, w) => {
    const home = new URL(w.url).origin;
    const hidden = /name="return_to" value="([^"]*)"/.exec(res.text)?.[1];
    if (hidden !== undefined) assert.equal(new URL(decodeEntities(hidden), w.url).origin, home, `the form's return_to stays home: ${hidden}`);
    for (const [, href] of res.text.matchAll(/(?:href|action)="([^"]*)"/g)) assert.equal(new URL(decodeEntities(href), w.url).origin, home, `links stay home: ${href}`);
  },
};
const RETURN_TO_ON_PAGES = ['/\t/evil.example', '/\r\n/evil.example', '/\\evil.example', '//evil.example', 'https://evil.example/', 'javascript:alert(1)', '%2F%2Fevil.example'];
for (const value of RETURN_TO_ON_PAGES) {
  add(R, `the login page with return_to = ${JSON.stringify(value)} keeps its links on Portico`, () => page(`/login?${qs({ app: 'user-center', return_to: value })}`), keepsLinksHome);
}
add(R, 'the DingTalk QR page with return_to = //evil.example keeps its links on Portico', (w) => page(`/login/dingtalk/${w.source}?${qs({ app: 'user-center', return_to: '//evil.example' })}`), keepsLinksHome);

// =============================================================================================
// The DingTalk callback: state is single use, bound to the browser and the source.

const D: Area = 'DingTalk callback';
const callback = (sourceId: string, query: string, cookies?: string): HostileRequest => ({ method: 'GET', path: `/login/callback/dingtalk/${sourceId}${query ? `?${query}` : ''}`, headers: BROWSER, cookies });
const callbackPage = (code: string): CaseExpectation => ({ kind: 'page', status: 400, code });
/** A live state for the enabled source, answered from its own browser with these extra parameters. */
const live = (query: (state: string) => string, o: { sourceId?: (w: World) => string; cookies?: 'own' | 'none' | 'other' } = {}) => async (w: World) => {
  const { state, cookies } = await w.freshState();
  const other = o.cookies === 'other' ? (await w.freshState()).cookies : undefined;
  return callback(o.sourceId?.(w) ?? w.source, query(state), o.cookies === 'none' ? undefined : (other ?? cookies));
};

add(D, 'a callback without state', (w) => callback(w.source, 'code=abc'), callbackPage('login.state_missing'));
add(D, 'a callback with an empty state', (w) => callback(w.source, 'state=&code=abc'), callbackPage('login.state_missing'));
add(D, 'a callback with an unknown state', (w) => callback(w.source, 'state=unknown&code=abc', w.csrf.cookies), callbackPage('login.state_invalid'));
add(D, 'a callback with a forged state of the right shape', (w) => callback(w.source, `state=${randomBytes(24).toString('base64url')}&code=abc`, w.usedState.cookies), callbackPage('login.state_invalid'));
add(D, 'a callback with the state given twice', live((s) => `state=${s}&state=${s}&code=abc`), callbackPage('login.state_invalid'));
add(D, 'a callback replaying a state already used', (w) => callback(w.source, `state=${w.usedState.state}&code=abc`, w.usedState.cookies), callbackPage('login.state_invalid'));
add(D, 'a callback with a live state from a browser without its cookie', live((s) => `state=${s}&code=abc`, { cookies: 'none' }), callbackPage('login.state_foreign'));
add(D, "a callback with a live state from another browser's cookie", live((s) => `state=${s}&code=abc`, { cookies: 'other' }), callbackPage('login.state_foreign'));
add(D, "a callback with a live state at another source's callback", live((s) => `state=${s}&code=abc`, { sourceId: (w) => w.otherSource }), callbackPage('login.state_source_mismatch'));
add(D, 'a callback with a live state at an unknown source', live((s) => `state=${s}&code=abc`, { sourceId: () => 'src_nope' }), callbackPage('login.state_source_mismatch'));
add(D, "a callback with a live state at the password source's callback", live((s) => `state=${s}&code=abc`, { sourceId: () => PASSWORD_SOURCE_ID }), callbackPage('login.state_source_mismatch'));
add(D, 'a callback saying DingTalk refused (error=access_denied)', live((s) => `state=${s}&error=access_denied`), callbackPage('dingtalk.authorization_denied'));
add(D, 'a callback with markup in the error and an 8000-character description (not reflected)', live((s) => `state=${s}&${qs({ error: MARKUP, error_description: 'd'.repeat(8000) })}`), callbackPage('dingtalk.authorization_denied'));
add(D, 'a callback with the error given twice', live((s) => `state=${s}&error=a&error=b`), callbackPage('dingtalk.callback_invalid'));
add(D, 'a callback with an authorization code DingTalk never issued', live((s) => `state=${s}&code=forged`), callbackPage('dingtalk.auth_code_invalid'));
add(D, 'a callback with an 8000-character code', live((s) => `state=${s}&code=${'c'.repeat(8000)}`), callbackPage('dingtalk.auth_code_invalid'));
add(D, 'a callback with the code given twice', live((s) => `state=${s}&code=a&code=b`), callbackPage('dingtalk.callback_invalid'));
add(D, 'a callback whose code and authCode differ', live((s) => `state=${s}&code=a&authCode=b`), callbackPage('dingtalk.callback_invalid'));
add(D, 'a callback with neither a code nor an error', live((s) => `state=${s}`), callbackPage('dingtalk.callback_invalid'));
add(D, 'a callback with markup as the code (not reflected)', live((s) => `state=${s}&${qs({ code: MARKUP })}`), callbackPage('dingtalk.auth_code_invalid'));
add(D, 'a callback with invalid UTF-8 as the source id', () => callback('%E0%A4', 'state=abc'), BAD_URL_PAGE);
add(D, 'a callback with bad percent-escapes in the query', (w) => callback(w.source, 'state=%ZZ&code=%E0%A4'), callbackPage('login.state_invalid'));
add(D, 'a callback with a NUL byte as the state', (w) => callback(w.source, 'state=%00&code=abc'), NUL_PAGE);
add(D, 'a callback with a 5000-character state', (w) => callback(w.source, `state=${'s'.repeat(5000)}&code=abc`), callbackPage('login.state_invalid'));
add(D, 'a callback with a NUL byte as the source id', () => callback('%00', 'state=abc&code=abc'), NUL_PAGE);

// =============================================================================================
// The phone + code binding page.

const B: Area = 'binding page';
const bindForm = (w: World, fields: Record<string, string> | [string, string][], o: { cookies?: string; csrf?: boolean } = {}): HostileRequest => {
  const given = Array.isArray(fields) ? fields : pairs(fields);
  const form: [string, string][] = o.csrf === false || given.some(([k]) => k === 'csrf') ? given : [['csrf', w.pending.csrf], ...given];
  return { method: 'POST', path: '/login/bind', headers: BROWSER, form, cookies: o.cookies ?? w.pending.cookies };
};
const PENDING_MISSING: CaseExpectation = { kind: 'page', status: 400, code: 'login.pending_missing' };
add(B, 'the binding page without a pending binding', () => page('/login/bind'), PENDING_MISSING);
add(B, 'the binding form without a pending binding', () => ({ method: 'POST', path: '/login/bind', headers: BROWSER, form: { action: 'send', phone: '13800000000' } }), PENDING_MISSING);
add(B, 'the binding form with a forged pending-binding cookie', (w) => bindForm(w, { action: 'send', phone: '13800000000' }, { cookies: `portico_pending=${randomBytes(24).toString('base64url')}; ${w.csrf.cookies}` }), PENDING_MISSING);
add(B, 'the binding page with a 4000-character pending-binding cookie', () => page('/login/bind', { cookies: `portico_pending=${'p'.repeat(4000)}` }), PENDING_MISSING);
add(B, 'the binding form with a forged CSRF token', (w) => bindForm(w, { csrf: 'forged', action: 'send', phone: '13800000000' }), CSRF);
add(B, 'the binding form without a CSRF token', (w) => bindForm(w, { action: 'send', phone: '13800000000' }, { csrf: false }), CSRF);
add(B, 'the binding form with letters for a phone number', (w) => bindForm(w, { action: 'send', phone: 'not a phone' }), INVALID_PHONE);
add(B, 'the binding form without a phone number', (w) => bindForm(w, { action: 'send' }), INVALID_PHONE);
add(B, 'the binding form with the phone number given twice', (w) => bindForm(w, [['action', 'send'], ['phone', '13800000000'], ['phone', '13900000000']]), INVALID_PHONE);
add(B, 'the binding form with control characters in the phone number', (w) => bindForm(w, { action: 'send', phone: '\u0001\r\n13800000000' }), INVALID_PHONE);
add(B, 'the binding form with a NUL in the phone number', (w) => bindForm(w, { action: 'send', phone: '\u0000\r\n13800000000' }), NUL_PAGE);
add(B, 'the binding form with a unicode phone number', (w) => bindForm(w, { action: 'verify', phone: '１３８００１３８０００', code: '123456' }), INVALID_PHONE);
add(B, 'the binding code check with the code given twice', (w) => bindForm(w, [['action', 'verify'], ['phone', '+8613600002222'], ['code', '123456'], ['code', '654321']]), CODE_REFUSED);
add(B, 'the binding code check with letters for a code', (w) => bindForm(w, { action: 'verify', phone: '+8613600002222', code: 'abcdef' }), CODE_REFUSED);
add(B, 'the binding code check with a 10000-character code', (w) => bindForm(w, { action: 'verify', phone: '+8613600002222', code: '9'.repeat(10000) }), CODE_REFUSED);
add(B, 'the binding form with an unknown action', (w) => bindForm(w, { action: 'bind-anyone', phone: '+8613600002222' }), CODE_REFUSED);
add(B, 'the binding form as JSON with a code object that cannot become a string', (w) => ({
  method: 'POST', path: '/login/bind', headers: BROWSER, cookies: w.pending.cookies, json: { csrf: w.pending.csrf, action: 'verify', phone: '+8613600002222', code: { toString: null } },
}), ANY_PAGE_4XX);
add(B, 'the binding form as JSON with a phone object that cannot become a string', (w) => ({
  method: 'POST', path: '/login/bind', headers: BROWSER, cookies: w.pending.cookies, json: { csrf: w.pending.csrf, action: 'send', phone: { toString: null } },
}), ANY_PAGE_4XX);
add(B, 'the binding form as malformed JSON', (w) => ({ method: 'POST', path: '/login/bind', headers: { ...BROWSER, 'content-type': 'application/json' }, cookies: w.pending.cookies, rawBody: '{"csrf":' }), UNSUPPORTED_PAGE);
add(B, 'the binding form over the 16 KiB form limit', (w) => bindForm(w, { action: 'verify', phone: '+8613600002222', code: '1'.repeat(20000) }), TOO_LARGE_PAGE);

// =============================================================================================
// The User Center API and its unbind form.

const U: Area = 'User Center API';
const SESSION_REQUIRED: CaseExpectation = { kind: 'problem', status: 401, code: 'session.required' };
const BINDING_NOT_FOUND: CaseExpectation = { kind: 'problem', status: 404, code: 'binding.not_found' };
const asAlice = (w: World, method: string, path: string): HostileRequest => ({ method, path, cookies: cookieHeader(w.userCenter) });
add(U, 'the profile without a session', () => ({ method: 'GET', path: '/api/me' }), SESSION_REQUIRED);
add(U, 'the profile with a forged User Center cookie', () => ({ method: 'GET', path: '/api/me', cookies: `portico_uc=${randomBytes(32).toString('base64url')}` }), SESSION_REQUIRED);
add(U, 'the profile with a forged SSO cookie', () => ({ method: 'GET', path: '/api/me', cookies: `portico_session=${randomBytes(32).toString('base64url')}` }), SESSION_REQUIRED);
add(U, 'the profile with only the SSO cookie (no User Center session)', (w) => ({ method: 'GET', path: '/api/me', cookies: `portico_session=${w.userCenter.cookies.get('portico_session')}` }), SESSION_REQUIRED);
add(U, 'the profile with bad percent-escapes in the cookies', () => ({ method: 'GET', path: '/api/me', cookies: 'portico_uc=%E0%A4; portico_session=%ZZ' }), SESSION_REQUIRED);
add(U, 'the bindings without a session', () => ({ method: 'GET', path: '/api/me/bindings' }), SESSION_REQUIRED);
add(U, 'the sign-ins with a forged User Center cookie', () => ({ method: 'GET', path: '/api/me/logins', cookies: 'portico_uc=forged' }), SESSION_REQUIRED);
add(U, "unbinding another user's binding", (w) => asAlice(w, 'DELETE', `/api/me/bindings/${w.bobBinding}`), BINDING_NOT_FOUND);
add(U, 'unbinding an unknown binding', (w) => asAlice(w, 'DELETE', '/api/me/bindings/bnd_nope'), BINDING_NOT_FOUND);
add(U, 'unbinding a NUL byte', (w) => asAlice(w, 'DELETE', '/api/me/bindings/%00'), problem(400, 'request.invalid_characters'));
add(U, 'unbinding an encoded path traversal (..%2F..%2Fadmin)', (w) => asAlice(w, 'DELETE', '/api/me/bindings/..%2F..%2Fadmin%2Fv1%2Fusers'), BINDING_NOT_FOUND);
add(U, 'unbinding a SQL-looking id', (w) => asAlice(w, 'DELETE', `/api/me/bindings/${encodeURIComponent(SQL)}`), BINDING_NOT_FOUND);
add(U, 'unbinding a 1000-character id', (w) => asAlice(w, 'DELETE', `/api/me/bindings/${'b'.repeat(1000)}`), { kind: 'problem', status: [400, 414] });
add(U, 'unbinding invalid UTF-8 (%E0%A4)', (w) => asAlice(w, 'DELETE', '/api/me/bindings/%E0%A4'), { kind: 'problem', status: 400 });
add(U, 'unbinding your own binding without a session', (w) => ({ method: 'DELETE', path: `/api/me/bindings/${w.aliceBinding}` }), SESSION_REQUIRED);
add(U, 'unbinding your own binding with a forged cookie', (w) => ({ method: 'DELETE', path: `/api/me/bindings/${w.aliceBinding}`, cookies: 'portico_uc=forged' }), SESSION_REQUIRED);
const unbindForm = (w: World, id: string, csrf?: string): HostileRequest => ({
  method: 'POST',
  path: `/account/bindings/${id}/unbind`,
  headers: BROWSER,
  form: { csrf: csrf ?? w.userCenter.cookies.get('portico_csrf') ?? '' },
  cookies: cookieHeader(w.userCenter),
});
add(U, "the unbind form for another user's binding", (w) => unbindForm(w, w.bobBinding), { kind: 'page', status: 404, code: 'binding.not_found' });
add(U, 'the unbind form with a forged CSRF token', (w) => unbindForm(w, w.aliceBinding, 'forged'), CSRF);
add(U, 'the unbind form for a NUL byte', (w) => unbindForm(w, '%00'), NUL_PAGE);

// =============================================================================================
// The Enterprise Center API.

const A: Area = 'admin API';
type Role = 'super' | 'appAdmin' | 'auditor';
interface AdminRoute {
  method: string;
  /** As the OpenAPI document writes it, under /api/admin/v1. */
  template: string;
  /** A real, valid request: if a check were missing, it would succeed (and change rows). */
  path: (w: World) => string;
  body?: (w: World) => unknown;
  write: boolean;
  /** Roles other than super admin that may call it (from src/admin/roles.ts). */
  allowed: Role[];
}
const READ_ROLES: Role[] = ['auditor'];
const ROUTES: AdminRoute[] = [
  { method: 'GET', template: '/session', path: () => '/session', write: false, allowed: ['appAdmin', 'auditor'] },
  { method: 'GET', template: '/codes', path: () => '/codes', write: false, allowed: ['appAdmin', 'auditor'] },
  { method: 'PUT', template: '/session/password', path: () => '/session/password', body: () => ({ currentPassword: ADMIN_PASSWORD, newPassword: 'an entirely new password' }), write: true, allowed: ['appAdmin', 'auditor'] },
  { method: 'GET', template: '/users', path: () => '/users', write: false, allowed: READ_ROLES },
  { method: 'POST', template: '/users', path: () => '/users', body: () => ({ username: 'hostile-made', displayName: 'Hostile' }), write: true, allowed: [] },
  { method: 'GET', template: '/users/export.csv', path: () => '/users/export.csv', write: false, allowed: READ_ROLES },
  { method: 'GET', template: '/users/{id}', path: (w) => `/users/${w.users.bob.id}`, write: false, allowed: READ_ROLES },
  { method: 'POST', template: '/users/import', path: () => '/users/import', body: () => ({ content: 'username,displayName\r\nhostile,Hostile\r\n', matchKey: 'username' }), write: true, allowed: [] },
  // Identity sources and sync runs: ids that name none (the role is checked before the lookup).
  { method: 'GET', template: '/users/{id}/directory', path: (w) => `/users/${w.users.bob.id}/directory`, write: false, allowed: READ_ROLES },
  { method: 'GET', template: '/identity-sources', path: () => '/identity-sources', write: false, allowed: READ_ROLES },
  { method: 'POST', template: '/identity-sources', path: () => '/identity-sources', body: () => ({ type: 'dingtalk', name: 'Hostile directory', config: { corpId: 'c', appKey: 'k', orgUnitId: 'ou_root' }, secrets: { appSecret: 's' } }), write: true, allowed: [] },
  { method: 'GET', template: '/identity-sources/{id}', path: () => '/identity-sources/ids_hostile', write: false, allowed: READ_ROLES },
  { method: 'PATCH', template: '/identity-sources/{id}', path: () => '/identity-sources/ids_hostile', body: () => ({ name: 'Renamed by a hostile request' }), write: true, allowed: [] },
  { method: 'DELETE', template: '/identity-sources/{id}', path: () => '/identity-sources/ids_hostile', write: true, allowed: [] },
  { method: 'POST', template: '/identity-sources/{id}/test', path: () => '/identity-sources/ids_hostile/test', write: true, allowed: [] },
  { method: 'POST', template: '/identity-sources/{id}/runs', path: () => '/identity-sources/ids_hostile/runs', body: () => ({ mode: 'apply' }), write: true, allowed: [] },
  { method: 'GET', template: '/identity-sources/{id}/runs', path: () => '/identity-sources/ids_hostile/runs', write: false, allowed: READ_ROLES },
  { method: 'GET', template: '/identity-sources/{id}/events', path: () => '/identity-sources/ids_hostile/events', write: false, allowed: READ_ROLES },
  { method: 'GET', template: '/sync-runs/{id}', path: () => '/sync-runs/run_hostile', write: false, allowed: READ_ROLES },
  { method: 'GET', template: '/sync-runs/{id}/changes', path: () => '/sync-runs/run_hostile/changes', write: false, allowed: READ_ROLES },
  { method: 'POST', template: '/sync-runs/{id}/apply', path: () => '/sync-runs/run_hostile/apply', body: () => ({ confirmDisables: true }), write: true, allowed: [] },
  { method: 'PATCH', template: '/users/{id}', path: (w) => `/users/${w.users.bob.id}`, body: () => ({ displayName: 'Changed by a hostile request' }), write: true, allowed: [] },
  { method: 'DELETE', template: '/users/{id}', path: (w) => `/users/${w.users.bob.id}`, write: true, allowed: [] },
  { method: 'POST', template: '/users/{id}/sign-out', path: (w) => `/users/${w.users.bob.id}/sign-out`, write: true, allowed: [] },
  { method: 'GET', template: '/users/{id}/factors', path: (w) => `/users/${w.users.bob.id}/factors`, write: false, allowed: READ_ROLES },
  // Super admins only (factors:write), whoever else may one day manage users.
  { method: 'DELETE', template: '/users/{id}/factors', path: (w) => `/users/${w.users.bob.id}/factors`, write: true, allowed: [] },
  { method: 'GET', template: '/org-units', path: () => '/org-units', write: false, allowed: ['appAdmin', 'auditor'] },
  { method: 'POST', template: '/org-units', path: () => '/org-units', body: () => ({ name: 'Hostile unit' }), write: true, allowed: [] },
  { method: 'GET', template: '/org-units/{id}', path: (w) => `/org-units/${w.orgUnit}`, write: false, allowed: ['appAdmin', 'auditor'] },
  { method: 'PATCH', template: '/org-units/{id}', path: (w) => `/org-units/${w.orgUnit}`, body: () => ({ name: 'Renamed by a hostile request' }), write: true, allowed: [] },
  { method: 'DELETE', template: '/org-units/{id}', path: (w) => `/org-units/${w.orgUnit}`, write: true, allowed: [] },
  { method: 'GET', template: '/applications', path: () => '/applications', write: false, allowed: ['appAdmin', 'auditor'] },
  { method: 'POST', template: '/applications', path: () => '/applications', body: () => ({ name: 'Hostile app', redirectUris: ['https://app.example/cb'] }), write: true, allowed: ['appAdmin'] },
  { method: 'GET', template: '/applications/{id}', path: (w) => `/applications/${w.confidential.id}`, write: false, allowed: ['appAdmin', 'auditor'] },
  { method: 'PATCH', template: '/applications/{id}', path: (w) => `/applications/${w.confidential.id}`, body: () => ({ name: 'Renamed by a hostile request' }), write: true, allowed: ['appAdmin'] },
  { method: 'DELETE', template: '/applications/{id}', path: (w) => `/applications/${w.public.id}`, write: true, allowed: ['appAdmin'] },
  { method: 'POST', template: '/applications/{id}/secret', path: (w) => `/applications/${w.confidential.id}/secret`, write: true, allowed: ['appAdmin'] },
  { method: 'GET', template: '/applications/{id}/endpoints', path: (w) => `/applications/${w.confidential.id}/endpoints`, write: false, allowed: ['appAdmin', 'auditor'] },
  { method: 'GET', template: '/protocols', path: () => '/protocols', write: false, allowed: ['appAdmin', 'auditor'] },
  { method: 'GET', template: '/applications/{id}/login-configuration', path: (w) => `/applications/${w.confidential.id}/login-configuration`, write: false, allowed: ['appAdmin', 'auditor'] },
  { method: 'PUT', template: '/applications/{id}/login-configuration', path: (w) => `/applications/${w.confidential.id}/login-configuration`, body: () => ({ sources: [SMS_SOURCE_ID] }), write: true, allowed: ['appAdmin'] },
  { method: 'POST', template: '/applications/saml-metadata', path: () => '/applications/saml-metadata', body: () => ({ xml: '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>' }), write: true, allowed: ['appAdmin'] },
  { method: 'GET', template: '/applications/{id}/api-access', path: (w) => `/applications/${w.confidential.id}/api-access`, write: false, allowed: ['appAdmin', 'auditor'] },
  // Registered APIs: the world has none, so an id that names none (the role is checked before the lookup).
  { method: 'GET', template: '/apis', path: () => '/apis', write: false, allowed: ['appAdmin', 'auditor'] },
  { method: 'POST', template: '/apis', path: () => '/apis', body: () => ({ name: 'Hostile API', identifier: 'https://hostile.example.com/api' }), write: true, allowed: ['appAdmin'] },
  { method: 'GET', template: '/apis/{id}', path: () => '/apis/api_hostile', write: false, allowed: ['appAdmin', 'auditor'] },
  { method: 'PATCH', template: '/apis/{id}', path: () => '/apis/api_hostile', body: () => ({ name: 'Renamed by a hostile request' }), write: true, allowed: ['appAdmin'] },
  { method: 'DELETE', template: '/apis/{id}', path: () => '/apis/api_hostile', write: true, allowed: ['appAdmin'] },
  { method: 'GET', template: '/source-types', path: () => '/source-types', write: false, allowed: ['appAdmin', 'auditor'] },
  { method: 'GET', template: '/sources', path: () => '/sources', write: false, allowed: ['appAdmin', 'auditor'] },
  { method: 'POST', template: '/sources', path: () => '/sources', body: () => ({ type: 'dingtalk', name: 'Hostile DingTalk', config: { appKey: 'hostile', appSecret: 'hostile' } }), write: true, allowed: ['appAdmin'] },
  { method: 'GET', template: '/sources/{id}', path: (w) => `/sources/${w.source}`, write: false, allowed: ['appAdmin', 'auditor'] },
  { method: 'PATCH', template: '/sources/{id}', path: (w) => `/sources/${w.otherSource}`, body: () => ({ name: 'Renamed by a hostile request' }), write: true, allowed: ['appAdmin'] },
  { method: 'DELETE', template: '/sources/{id}', path: (w) => `/sources/${w.otherSource}`, write: true, allowed: ['appAdmin'] },
  { method: 'POST', template: '/sources/{id}/test', path: (w) => `/sources/${w.source}/test`, write: true, allowed: ['appAdmin'] },
  { method: 'GET', template: '/sources/{id}/entry-addresses', path: (w) => `/sources/${w.source}/entry-addresses`, write: false, allowed: ['appAdmin', 'auditor'] },
  { method: 'GET', template: '/bindings', path: () => '/bindings', write: false, allowed: READ_ROLES },
  { method: 'GET', template: '/bindings/{id}', path: (w) => `/bindings/${w.bobBinding}`, write: false, allowed: READ_ROLES },
  { method: 'DELETE', template: '/bindings/{id}', path: (w) => `/bindings/${w.bobBinding}`, write: true, allowed: [] },
  { method: 'GET', template: '/audit-events', path: () => '/audit-events', write: false, allowed: READ_ROLES },
  { method: 'GET', template: '/audit-events/export.jsonl', path: () => '/audit-events/export.jsonl', write: false, allowed: READ_ROLES },
  { method: 'GET', template: '/stats/logins', path: () => '/stats/logins', write: false, allowed: READ_ROLES },
  { method: 'GET', template: '/admins', path: () => '/admins', write: false, allowed: READ_ROLES },
  { method: 'POST', template: '/admins', path: () => '/admins', body: () => ({ username: 'hostile-admin', password: 'a long enough password', role: 'super_admin' }), write: true, allowed: [] },
  { method: 'PATCH', template: '/admins/{id}', path: (w) => `/admins/${w.admins.auditorId}`, body: () => ({ role: 'super_admin' }), write: true, allowed: [] },
  { method: 'DELETE', template: '/admins/{id}', path: (w) => `/admins/${w.admins.appAdminId}`, write: true, allowed: [] },
  { method: 'GET', template: '/signing-keys', path: () => '/signing-keys', write: false, allowed: READ_ROLES },
  { method: 'POST', template: '/signing-keys/next', path: () => '/signing-keys/next', write: true, allowed: [] },
  { method: 'POST', template: '/signing-keys/activate', path: () => '/signing-keys/activate', body: () => ({ force: true }), write: true, allowed: [] },
  { method: 'POST', template: '/signing-keys/rotate', path: () => '/signing-keys/rotate', write: true, allowed: [] },
  { method: 'GET', template: '/saml/signing-keys', path: () => '/saml/signing-keys', write: false, allowed: READ_ROLES },
  { method: 'GET', template: '/saml/signing-keys/{id}/certificate', path: () => '/saml/signing-keys/sk_hostile/certificate', write: false, allowed: READ_ROLES },
  { method: 'POST', template: '/saml/signing-keys/next', path: () => '/saml/signing-keys/next', write: true, allowed: [] },
  { method: 'POST', template: '/saml/signing-keys/activate', path: () => '/saml/signing-keys/activate', body: () => ({ force: true }), write: true, allowed: [] },
];
/** Routes anyone may call: signing in and out, and the OpenAPI document. */
export const OPEN_ADMIN_ROUTES = ['POST /session', 'DELETE /session', 'GET /openapi.json'];
/** Every guarded route, as `METHOD /template`: the suite checks the OpenAPI document has no other. */
export const GUARDED_ADMIN_ROUTES = ROUTES.map((r) => `${r.method} ${r.template}`);

const adminRequest = (method: string, path: string, o: { token?: string; json?: unknown; rawBody?: string; contentType?: string; headers?: Record<string, string> } = {}): HostileRequest => {
  const headers: Record<string, string> = { ...o.headers };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.contentType) headers['content-type'] = o.contentType;
  return { method, path: V1 + path, headers, json: o.json, rawBody: o.rawBody };
};
const UNAUTHENTICATED = problem(401, 'admin.unauthenticated');
const FORBIDDEN = problem(403, 'admin.forbidden');
const routeRequest = (r: AdminRoute, w: World, token?: string, extra: { headers?: Record<string, string> } = {}) =>
  adminRequest(r.method, r.path(w), { token, json: r.body?.(w), headers: extra.headers });

for (const r of ROUTES) {
  add(A, `${r.method} ${r.template} without a token`, (w) => routeRequest(r, w), UNAUTHENTICATED);
  add(A, `${r.method} ${r.template} with a forged token`, (w) => routeRequest(r, w, randomBytes(32).toString('base64url')), UNAUTHENTICATED);
  if (r.write && !r.allowed.includes('auditor')) add(A, `${r.method} ${r.template} as an auditor`, (w) => routeRequest(r, w, w.tokens.auditor), FORBIDDEN);
  if (r.write && !r.allowed.includes('appAdmin')) add(A, `${r.method} ${r.template} as an application admin`, (w) => routeRequest(r, w, w.tokens.appAdmin), FORBIDDEN);
}
const users = ROUTES.find((r) => r.method === 'POST' && r.template === '/users')!;
add(A, 'a forged admin cookie', (w) => ({ ...routeRequest(users, w), cookies: `portico_admin=${randomBytes(32).toString('base64url')}` }), UNAUTHENTICATED);
add(A, 'the token of a signed-out session', (w) => routeRequest(users, w, w.closedToken), UNAUTHENTICATED);
add(A, 'an empty bearer token', (w) => routeRequest(users, w, undefined, { headers: { authorization: 'Bearer ' } }), UNAUTHENTICATED);
add(A, 'basic authentication with the admin password', (w) => routeRequest(users, w, undefined, { headers: { authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` } }), UNAUTHENTICATED);
add(A, 'a 5000-character bearer token', (w) => routeRequest(users, w, 't'.repeat(5000)), UNAUTHENTICATED);
add(A, 'a SQL-looking bearer token', (w) => routeRequest(users, w, SQL), UNAUTHENTICATED);
add(A, 'signing out with a forged token ends nothing', () => adminRequest('DELETE', '/session', { token: 'forged' }), { kind: 'problem', status: 204 });
add(A, 'signing in with a wrong password', () => adminRequest('POST', '/session', { json: { username: 'admin', password: 'not the password' } }), problem(401, 'admin.invalid_credentials'));
add(A, 'signing in with a SQL-looking username', () => adminRequest('POST', '/session', { json: { username: SQL, password: SQL } }), problem(401, 'admin.invalid_credentials'));
add(A, 'signing in with a NUL byte in the username', () => adminRequest('POST', '/session', { json: { username: 'admin\u0000', password: ADMIN_PASSWORD } }), problem(400, 'request.invalid_characters'));
add(A, 'signing in with a unicode username', () => adminRequest('POST', '/session', { json: { username: UNICODE, password: 'whatever' } }), problem(401, 'admin.invalid_credentials'));
add(A, 'changing your own password with a wrong current password', (w) => adminRequest('PUT', '/session/password', { token: w.tokens.auditor, json: { currentPassword: 'not the password', newPassword: 'an entirely new password' } }), problem(400, 'admin.wrong_password'));

/** Every route with a JSON body, called by an admin allowed to: bad bodies. */
interface BodyRoute {
  name: string;
  path: (w: World) => string;
  /** Who calls it: nobody (signing in), the auditor (their own password) or the super admin. */
  token: (w: World) => string | undefined;
  valid: Record<string, unknown>;
  /** String fields and their maximum length. */
  strings: Record<string, number>;
}
const asSuper = (w: World) => w.tokens.super;
const BODY_ROUTES: BodyRoute[] = [
  { name: 'POST /session', path: () => '/session', token: () => undefined, valid: { username: 'admin', password: 'not the password' }, strings: { username: 64, password: 256 } },
  { name: 'PUT /session/password', path: () => '/session/password', token: (w) => w.tokens.auditor, valid: { currentPassword: 'not the password', newPassword: 'an entirely new password' }, strings: { currentPassword: 256, newPassword: 256 } },
  { name: 'POST /users', path: () => '/users', token: asSuper, valid: { username: 'hostile-made', displayName: 'Hostile', mobile: '13700000001', email: 'hostile@example.com', employeeNumber: 'E1', externalId: 'X1' }, strings: { username: 64, displayName: 100, mobile: 32, email: 254, employeeNumber: 64, externalId: 128 } },
  { name: 'PATCH /users/{id}', path: (w) => `/users/${w.users.bob.id}`, token: asSuper, valid: { displayName: 'Changed' }, strings: { displayName: 100, externalId: 128 } },
  { name: 'POST /org-units', path: () => '/org-units', token: asSuper, valid: { name: 'Hostile unit' }, strings: { name: 100 } },
  { name: 'PATCH /org-units/{id}', path: (w) => `/org-units/${w.orgUnit}`, token: asSuper, valid: { name: 'Renamed' }, strings: { name: 100 } },
  { name: 'POST /applications', path: () => '/applications', token: asSuper, valid: { name: 'Hostile app', redirectUris: ['https://app.example/cb'], description: 'd' }, strings: { name: 100, description: 500 } },
  { name: 'PATCH /applications/{id}', path: (w) => `/applications/${w.confidential.id}`, token: asSuper, valid: { name: 'Renamed', description: 'd' }, strings: { name: 100, description: 500 } },
  { name: 'PUT /applications/{id}/login-configuration', path: (w) => `/applications/${w.confidential.id}/login-configuration`, token: asSuper, valid: { sources: [SMS_SOURCE_ID] }, strings: {} },
  { name: 'POST /applications/saml-metadata', path: () => '/applications/saml-metadata', token: asSuper, valid: { xml: '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>' }, strings: { url: 2000, entityId: 1024 } },
  { name: 'POST /sources', path: () => '/sources', token: asSuper, valid: { type: 'dingtalk', name: 'Hostile DingTalk', config: { appKey: 'hostile', appSecret: 'hostile' } }, strings: { name: 100 } },
  { name: 'PATCH /sources/{id}', path: (w) => `/sources/${w.otherSource}`, token: asSuper, valid: { name: 'Renamed' }, strings: { name: 100 } },
  { name: 'POST /admins', path: () => '/admins', token: asSuper, valid: { username: 'hostile-admin', displayName: 'Hostile', password: 'a long enough password', role: 'auditor' }, strings: { username: 64, displayName: 100, password: 256 } },
  { name: 'PATCH /admins/{id}', path: (w) => `/admins/${w.admins.auditorId}`, token: asSuper, valid: { displayName: 'Renamed', password: 'a long enough password' }, strings: { displayName: 100, password: 256 } },
];
/** Fields people read in the console or on a page: visible characters only. */
const SHOWN_FIELDS = new Set(['displayName', 'name', 'description', 'email', 'employeeNumber', 'externalId']);
const bodyRequest = (r: BodyRoute, o: { json?: unknown; rawBody?: string; contentType?: string }) => (w: World) =>
  adminRequest(r.name.split(' ')[0], r.path(w), { token: r.token(w), json: o.json, rawBody: o.rawBody, contentType: o.contentType });

for (const r of BODY_ROUTES) {
  add(A, `${r.name} with malformed JSON`, bodyRequest(r, { rawBody: '{"name":', contentType: 'application/json' }), problem(400, 'request.malformed_json'));
  add(A, `${r.name} with a form body`, bodyRequest(r, { rawBody: 'name=x', contentType: 'application/x-www-form-urlencoded' }), problem(415, 'request.unsupported_media_type'));
  add(A, `${r.name} with a text/plain body`, bodyRequest(r, { rawBody: JSON.stringify(r.valid), contentType: 'text/plain' }), problem(415, 'request.unsupported_media_type'));
  add(A, `${r.name} with an unknown field`, bodyRequest(r, { json: { ...r.valid, isSuperAdmin: true } }), problem(400, 'request.unknown_field'));
  add(A, `${r.name} with a JSON array for a body`, bodyRequest(r, { json: [r.valid] }), problem(400, 'request.wrong_type'));
  for (const [field, max] of Object.entries(r.strings)) {
    add(A, `${r.name} with a number for ${field}`, bodyRequest(r, { json: { ...r.valid, [field]: 12345 } }), problem(400, 'request.wrong_type'));
    add(A, `${r.name} with ${max + 1} characters for ${field}`, bodyRequest(r, { json: { ...r.valid, [field]: 'x'.repeat(max + 1) } }), problem(400, 'request.too_long'));
    // A name that hides characters could pass for another (src/validation.ts); passwords and sign-in names are not shown.
    if (SHOWN_FIELDS.has(field)) add(A, `${r.name} with invisible characters in ${field}`, bodyRequest(r, { json: { ...r.valid, [field]: INVISIBLE } }), problem(400, 'request.invalid_format'));
  }
}
// SQL-looking and unicode strings in every string field of a body valid in all else, refused for
// one reason the server finds only in the database (a taken name, an unknown id): the strings
// travel all the way to the queries, which must treat them as data. (hostile-fuzz.test.ts sends
// such strings in bodies that are valid through and through.)
const HOSTILE_TEXT = `${SQL_DROP} ${UNICODE} ${MARKUP}`;
const everyField: [string, (w: World) => [string, string, unknown], CaseExpectation][] = [
  ['POST /users with a taken username', (w) => ['POST', '/users', { username: w.users.alice.username, displayName: HOSTILE_TEXT, email: "o'neil+--@example.com", employeeNumber: SQL, externalId: HOSTILE_TEXT }], problem(409, 'user.username_taken')],
  ['POST /users with a taken mobile', (w) => ['POST', '/users', { username: 'fresh-hostile', displayName: HOSTILE_TEXT, mobile: w.users.alice.mobile, employeeNumber: SQL, externalId: HOSTILE_TEXT }], problem(409, 'user.mobile_taken')],
  ['POST /admins with a taken username', () => ['POST', '/admins', { username: 'admin', displayName: HOSTILE_TEXT, password: HOSTILE_TEXT, role: 'auditor' }], problem(409, 'admin.username_taken')],
  ['POST /sources with a taken name', () => ['POST', '/sources', { type: 'dingtalk', name: 'DingTalk', config: { appKey: "x'--", appSecret: HOSTILE_TEXT, corpId: "corp'--" } }], problem(409, 'source.name_taken')],
  ['PATCH /users/{id} of an unknown user', () => ['PATCH', '/users/usr_nope', { displayName: HOSTILE_TEXT, employeeNumber: SQL, externalId: HOSTILE_TEXT, email: "o'neil@example.com" }], problem(404, 'user.not_found')],
  ['PATCH /org-units/{id} of an unknown unit', () => ['PATCH', '/org-units/ou_nope', { name: HOSTILE_TEXT }], problem(404, 'org_unit.not_found')],
  ['PATCH /applications/{id} of an unknown application', () => ['PATCH', '/applications/app_nope', { name: HOSTILE_TEXT, description: HOSTILE_TEXT }], problem(404, 'application.not_found')],
  ['PATCH /sources/{id} of an unknown source', () => ['PATCH', '/sources/src_nope', { name: HOSTILE_TEXT, config: { appSecret: HOSTILE_TEXT } }], problem(404, 'source.not_found')],
  ['PATCH /admins/{id} of an unknown admin', () => ['PATCH', '/admins/adm_nope', { displayName: HOSTILE_TEXT, password: HOSTILE_TEXT }], problem(404, 'admin.not_found')],
];
for (const [name, make, expect] of everyField) {
  add(A, `${name}, SQL and unicode in every string field`, (w) => {
    const [method, path, json] = make(w);
    return adminRequest(method, path, { token: w.tokens.super, json });
  }, expect);
}

const userWith = (fields: Record<string, unknown>) => (w: World) => adminRequest('POST', '/users', { token: w.tokens.super, json: { username: 'hostile-made', displayName: 'Hostile', ...fields } });
add(A, 'POST /users with a SQL-looking username', userWith({ username: SQL_DROP }), problem(400, 'request.invalid_format'));
add(A, 'POST /users with a unicode username', userWith({ username: '用户名' }), problem(400, 'request.invalid_format'));
add(A, 'POST /users with a SQL-looking mobile', userWith({ mobile: SQL_DROP }), problem(400, 'user.invalid_mobile'));
add(A, 'POST /users with Arabic-Indic digits for a mobile', userWith({ mobile: '١٣٨٠٠٠٠٠٠٠٠' }), problem(400, 'user.invalid_mobile'));
add(A, 'POST /users with a SQL-looking email', userWith({ email: SQL_DROP }), problem(400, 'user.invalid_email'));
add(A, 'POST /users with a SQL-looking org unit', userWith({ orgUnitId: SQL }), problem(400, 'org_unit.unknown'));
add(A, 'POST /users with a NUL byte as the org unit', userWith({ orgUnitId: 'ou_root\u0000' }), problem(400, 'request.invalid_characters'));
add(A, 'POST /users with a SQL-looking status', userWith({ status: "active' --" }), problem(400, 'request.invalid_value'));
add(A, 'POST /users with a NUL byte in the display name', userWith({ username: `nul-name-${randomBytes(3).toString('hex')}`, displayName: 'Hostile\u0000Name' }), { kind: 'problem', status: 400 });
add(A, 'POST /users with a username already taken in another case', (w) => userWith({ username: w.users.alice.username.toUpperCase(), displayName: UNICODE })(w), problem(409, 'user.username_taken'));
add(A, 'PATCH /users/{id} with a SQL-looking org unit', (w) => adminRequest('PATCH', `/users/${w.users.bob.id}`, { token: w.tokens.super, json: { orgUnitId: SQL_DROP } }), problem(400, 'org_unit.unknown'));
add(A, 'PATCH /users/{id} with an empty change', (w) => adminRequest('PATCH', `/users/${w.users.bob.id}`, { token: w.tokens.super, json: {} }), problem(400, 'request.invalid'));
add(A, 'POST /org-units under a SQL-looking parent', (w) => adminRequest('POST', '/org-units', { token: w.tokens.super, json: { name: SQL_DROP, parentId: SQL } }), problem(400, 'org_unit.unknown'));
add(A, 'PATCH /org-units/{id} under a NUL-byte parent', (w) => adminRequest('PATCH', `/org-units/${w.orgUnit}`, { token: w.tokens.super, json: { parentId: 'ou_root\u0000' } }), problem(400, 'request.invalid_characters'));
add(A, 'POST /applications with a javascript: redirect URI', (w) => adminRequest('POST', '/applications', { token: w.tokens.super, json: { name: UNICODE, redirectUris: [`javascript:alert(1)//${SQL}`] } }), problem(400, 'application.invalid_redirect_uri'));
add(A, 'POST /applications with a unicode redirect URI off localhost over http', (w) => adminRequest('POST', '/applications', { token: w.tokens.super, json: { name: 'App', redirectUris: ['http://例子.测试/cb'] } }), problem(400, 'application.invalid_redirect_uri'));
add(A, 'POST /applications with a javascript: logo URL', (w) => adminRequest('POST', '/applications', { token: w.tokens.super, json: { name: 'App', redirectUris: ['https://app.example/cb'], logoUrl: 'javascript:alert(1)' } }), problem(400, 'request.invalid_format'));
add(A, 'POST /applications with 21 redirect URIs', (w) => adminRequest('POST', '/applications', { token: w.tokens.super, json: { name: 'App', redirectUris: Array.from({ length: 21 }, (_, i) => `https://app.example/${i}`) } }), { kind: 'problem', status: 400 });
add(A, 'PUT a Login Configuration with a SQL-looking source', (w) => adminRequest('PUT', `/applications/${USER_CENTER_APP_ID}/login-configuration`, { token: w.tokens.super, json: { sources: [PASSWORD_SOURCE_ID, SQL] } }), problem(400, 'login_configuration.unknown_source'));
add(A, 'PUT a Login Configuration with a NUL-byte source', (w) => adminRequest('PUT', `/applications/${USER_CENTER_APP_ID}/login-configuration`, { token: w.tokens.super, json: { sources: ['src_password\u0000'] } }), problem(400, 'request.invalid_characters'));
add(A, 'PUT a Login Configuration with a string for the sources', (w) => adminRequest('PUT', `/applications/${USER_CENTER_APP_ID}/login-configuration`, { token: w.tokens.super, json: { sources: PASSWORD_SOURCE_ID } }), problem(400, 'request.wrong_type'));
add(A, 'POST /sources of a SQL-looking type', (w) => adminRequest('POST', '/sources', { token: w.tokens.super, json: { type: SQL, name: 'x' } }), problem(400, 'request.invalid_value'));
add(A, 'POST /admins with a SQL-looking role', (w) => adminRequest('POST', '/admins', { token: w.tokens.super, json: { username: 'hostile-admin', password: 'a long enough password', role: "super_admin' --" } }), problem(400, 'request.invalid_value'));
add(A, 'POST /admins with a unicode username', (w) => adminRequest('POST', '/admins', { token: w.tokens.super, json: { username: UNICODE, password: 'a long enough password', role: 'auditor' } }), problem(400, 'request.invalid_format'));
add(A, 'a prototype-pollution body (__proto__)', (w) => adminRequest('POST', '/org-units', { token: w.tokens.super, rawBody: '{"name":"p","__proto__":{"isAdmin":true}}', contentType: 'application/json' }), problem(400, 'request.malformed_json'));
add(A, 'a prototype-pollution body (constructor.prototype)', (w) => adminRequest('POST', '/org-units', { token: w.tokens.super, rawBody: '{"name":"p","constructor":{"prototype":{"isAdmin":true}}}', contentType: 'application/json' }), problem(400, 'request.malformed_json'));
add(A, 'a 2 MiB JSON body', (w) => adminRequest('POST', '/users', { token: w.tokens.super, rawBody: JSON.stringify({ username: 'big', displayName: 'x'.repeat(2 * 1024 * 1024) }), contentType: 'application/json' }), problem(413, 'request.too_large'));
add(A, 'an empty JSON body', (w) => adminRequest('POST', '/users', { token: w.tokens.super, rawBody: '', contentType: 'application/json' }), problem(400, 'request.empty_body'));
add(A, 'JSON in UTF-16 clothing', (w) => adminRequest('POST', '/org-units', { token: w.tokens.super, rawBody: Buffer.from('{"name":"x"}', 'utf16le').toString('latin1'), contentType: 'application/json; charset=utf-16' }), { kind: 'problem', status: [400, 415] });
add(A, 'a method no route has (PUT /users)', (w) => adminRequest('PUT', '/users', { token: w.tokens.super, json: {} }), problem(404, 'route.not_found'));

// Path ids: unknown, traversal, NUL, SQL, unicode, too long, invalid UTF-8.
const RESOURCES: { thing: string; base: string; method: 'GET' | 'PATCH' | 'DELETE'; body?: unknown }[] = [
  { thing: 'user', base: '/users', method: 'GET' },
  { thing: 'org_unit', base: '/org-units', method: 'GET' },
  { thing: 'application', base: '/applications', method: 'GET' },
  { thing: 'source', base: '/sources', method: 'GET' },
  { thing: 'binding', base: '/bindings', method: 'GET' },
  { thing: 'admin', base: '/admins', method: 'PATCH', body: { displayName: 'Renamed' } },
];
for (const res of RESOURCES) {
  const at = (id: string, method: string = res.method) => (w: World) => adminRequest(method, `${res.base}/${id}`, { token: w.tokens.super, json: method === 'PATCH' ? res.body : undefined });
  const notFound = problem(404, `${res.thing}.not_found`);
  add(A, `${res.method} ${res.base}/{id} of an unknown id`, at(`${res.thing.slice(0, 3)}_nope`), notFound);
  add(A, `DELETE ${res.base}/{id} of an unknown id`, at(`${res.thing.slice(0, 3)}_nope`, 'DELETE'), notFound);
  add(A, `${res.method} ${res.base}/{id} with an encoded path traversal (..%2F..%2Fadmins)`, at('..%2F..%2Fadmins'), notFound);
  add(A, `DELETE ${res.base}/{id} with an encoded dot-dot (%2e%2e)`, at('%2e%2e', 'DELETE'), notFound);
  add(A, `${res.method} ${res.base}/{id} with a NUL byte (%00)`, at('%00'), problem(400, 'request.invalid_characters'));
  add(A, `DELETE ${res.base}/{id} with a NUL byte inside (x%00y)`, at('x%00y', 'DELETE'), problem(400, 'request.invalid_characters'));
  add(A, `${res.method} ${res.base}/{id} with a SQL-looking id`, at(encodeURIComponent(SQL)), notFound);
  add(A, `DELETE ${res.base}/{id} with a SQL-looking id`, at(encodeURIComponent(SQL_DROP), 'DELETE'), notFound);
  add(A, `${res.method} ${res.base}/{id} with a unicode id`, at(encodeURIComponent('标识')), notFound);
  add(A, `${res.method} ${res.base}/{id} with a 65-character id`, at('i'.repeat(65)), problem(400, 'request.too_long'));
  add(A, `${res.method} ${res.base}/{id} with a 1000-character id`, at('i'.repeat(1000)), { kind: 'problem', status: [400, 414] });
  add(A, `${res.method} ${res.base}/{id} with invalid UTF-8 (%E0%A4)`, at('%E0%A4'), { kind: 'problem', status: 400 });
}
add(A, 'a raw ../ in the path', (w) => adminRequest('GET', '/users/../admins', { token: w.tokens.super }), problem(404, 'route.not_found'));
add(A, 'Test connection of an unknown source', (w) => adminRequest('POST', '/sources/src_nope/test', { token: w.tokens.super }), problem(404, 'source.not_found'));
add(A, 'a new secret for an unknown application', (w) => adminRequest('POST', '/applications/app_nope/secret', { token: w.tokens.super }), problem(404, 'application.not_found'));
add(A, 'the Login Configuration of a NUL-byte application', (w) => adminRequest('PUT', '/applications/%00/login-configuration', { token: w.tokens.super, json: { sources: [] } }), problem(400, 'request.invalid_characters'));

// Queries: SQL and LIKE wildcards in searches find nothing; bad values are refused.
const findsNothing: CaseExpectation = {
  kind: 'problem',
  status: 200,
  check: (res) => {
    assert.ok(Array.isArray(res.json?.items), res.text.slice(0, 200));
    assert.equal(res.json.items.length, 0, `nothing matches: ${res.text.slice(0, 300)}`);
  },
};
/** Refused, or answered with nothing: either is right for a NUL byte in a search. */
const refusedOrNothing: CaseExpectation = { kind: 'problem', status: [200, 499], check: (res) => res.status === 200 && findsNothing.check!(res, {} as World) };
const query = (path: string) => (w: World) => adminRequest('GET', path, { token: w.tokens.super });
add(A, 'searching users for a SQL injection', query(`/users?${qs({ q: SQL })}`), findsNothing);
add(A, "searching users for a LIKE wildcard ('%')", query('/users?q=%25'), findsNothing);
add(A, "searching users for a LIKE wildcard ('_')", query('/users?q=_'), findsNothing);
add(A, 'searching users for a NUL byte', query('/users?q=%00'), refusedOrNothing);
add(A, 'searching applications for a SQL injection', query(`/applications?${qs({ q: SQL })}`), findsNothing);
add(A, "searching applications for a LIKE wildcard ('%')", query('/applications?q=%25'), findsNothing);
add(A, 'filtering bindings by a SQL-looking user', query(`/bindings?${qs({ userId: SQL })}`), findsNothing);
add(A, 'filtering bindings by a NUL-byte user', query('/bindings?userId=%00'), refusedOrNothing);
add(A, 'filtering the audit log by a SQL-looking action', query(`/audit-events?${qs({ action: SQL })}`), findsNothing);
add(A, 'filtering the audit log by a NUL-byte action', query('/audit-events?action=%00'), refusedOrNothing);
add(A, 'filtering the audit log by a date that is not one', query(`/audit-events?${qs({ from: `2024-01-01${SQL}` })}`), problem(400, 'request.invalid_format'));
add(A, 'a page size of a thousand', query('/users?pageSize=1000'), problem(400, 'request.out_of_range'));
add(A, 'a negative page', query('/users?page=-1'), problem(400, 'request.out_of_range'));
add(A, 'a page that is not a number', query(`/users?${qs({ page: SQL })}`), { kind: 'problem', status: 400 });
add(A, 'login statistics over a billion days', query('/stats/logins?days=1e9'), problem(400, 'request.out_of_range'));
add(A, 'an unknown query parameter', query('/users?sort=password_hash'), problem(400, 'request.unknown_field'));
add(A, 'a search longer than 100 characters', query(`/users?q=${'q'.repeat(101)}`), problem(400, 'request.too_long'));
add(A, 'a search with invalid UTF-8', query('/users?q=%E0%A4'), { kind: 'problem', status: [200, 499], check: (res) => res.status === 200 && findsNothing.check!(res, {} as World) });

// =============================================================================================
// The OpenID Connect provider.

const O: Area = 'OIDC';
const authorize = (w: World, params: Record<string, string>, app = w.confidential) =>
  `/oidc/auth?${qs({ client_id: app.clientId, redirect_uri: app.redirectUri, response_type: 'code', scope: 'openid', state: 'st', nonce: 'no', code_challenge: 'c'.repeat(43), code_challenge_method: 'S256', ...params })}`;
const oauthPage = (code: string, status = 400): CaseExpectation => ({ kind: 'oauth', status, code });
const toClient = (code: string, app: (w: World) => { redirectUri: string } = (w) => w.confidential) => (w: World): CaseExpectation => ({ kind: 'oauth', status: 303, code, redirectTo: app(w).redirectUri });
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
const clientAuth = (w: World, secret = w.confidential.clientSecret!) => ({ authorization: basic(w.confidential.clientId, secret) });
const token = (w: World, form: Record<string, string>, auth: 'right' | 'wrong' | 'none' = 'right'): HostileRequest => ({
  method: 'POST',
  path: '/oidc/token',
  form,
  headers: auth === 'none' ? {} : clientAuth(w, auth === 'right' ? undefined : 'wrong-secret'),
});
add(O, 'authorization for an unknown client', (w) => page(authorize(w, { client_id: 'no-such-client' })), oauthPage('invalid_client'));
add(O, 'authorization with a NUL byte as the client', (w) => page(authorize(w, { client_id: '\u0000' })), oauthPage('invalid_client'));
add(O, 'authorization with a bad percent-escape as the client', () => page('/oidc/auth?client_id=%ZZ&response_type=code&scope=openid'), oauthPage('invalid_client'));
add(O, 'authorization with an unregistered redirect URI', (w) => page(authorize(w, { redirect_uri: 'https://evil.example/cb' })), oauthPage('invalid_redirect_uri'));
add(O, 'authorization with a redirect URI one character off', (w) => page(authorize(w, { redirect_uri: `${w.confidential.redirectUri}/` })), oauthPage('invalid_redirect_uri'));
add(O, 'authorization with a javascript: redirect URI', (w) => page(authorize(w, { redirect_uri: 'javascript:alert(1)' })), oauthPage('invalid_redirect_uri'));
add(O, 'authorization with the client given twice', (w) => page(`${authorize(w, {})}&client_id=${w.public.clientId}`), oauthPage('invalid_request'));
add(O, 'authorization with no parameters', () => page('/oidc/auth'), oauthPage('invalid_request'));
add(O, 'authorization asking for an implicit token (response_type=token)', (w) => page(authorize(w, { response_type: 'token' })), toClient('unsupported_response_type'));
add(O, 'authorization asking for a hybrid flow (response_type=code id_token)', (w) => page(authorize(w, { response_type: 'code id_token' })), toClient('unsupported_response_type'));
add(O, 'authorization of a public client without PKCE', (w) => page(`/oidc/auth?${qs({ client_id: w.public.clientId, redirect_uri: w.public.redirectUri, response_type: 'code', scope: 'openid', state: 'st' })}`), toClient('invalid_request', (w) => w.public));
add(O, 'authorization with code_challenge_method=plain', (w) => page(authorize(w, { code_challenge_method: 'plain' })), toClient('invalid_request'));
add(O, 'authorization with the scope given twice', (w) => page(`${authorize(w, {})}&scope=openid`), toClient('invalid_request'));
add(O, 'authorization with invalid UTF-8 in the state', (w) => page(`${authorize(w, {})}&state=%E0%A4`), toClient('invalid_request'));
add(O, 'authorization with an unsigned request object', (w) => page(authorize(w, { request: 'eyJhbGciOiJub25lIn0.eyJjbGllbnRfaWQiOiJ4In0.' })), toClient('request_not_supported'));
add(O, 'authorization with a nonce but without openid in the scope', (w) => page(authorize(w, { scope: 'profile' })), toClient('invalid_request'));
add(O, 'the token endpoint with the password grant', (w) => token(w, { grant_type: 'password', username: 'admin', password: ADMIN_PASSWORD }), oauthPage('unsupported_grant_type'));
add(O, 'the token endpoint replaying a redeemed code', (w) => token(w, { grant_type: 'authorization_code', code: w.usedCode.code, redirect_uri: w.confidential.redirectUri, code_verifier: w.usedCode.verifier }), oauthPage('invalid_grant'));
add(O, 'the token endpoint with an unknown code', (w) => token(w, { grant_type: 'authorization_code', code: randomBytes(32).toString('base64url'), redirect_uri: w.confidential.redirectUri, code_verifier: 'v'.repeat(43) }), oauthPage('invalid_grant'));
add(O, 'the token endpoint with a SQL-looking code', (w) => token(w, { grant_type: 'authorization_code', code: SQL, redirect_uri: w.confidential.redirectUri, code_verifier: 'v'.repeat(43) }), oauthPage('invalid_grant'));
add(O, 'the token endpoint with a wrong client secret', (w) => token(w, { grant_type: 'authorization_code', code: w.usedCode.code, redirect_uri: w.confidential.redirectUri }, 'wrong'), oauthPage('invalid_client', 401));
add(O, 'the token endpoint with a NUL byte as the client', () => ({ method: 'POST', path: '/oidc/token', form: { grant_type: 'authorization_code', code: 'x', client_id: '\u0000', client_secret: 'x' } }), oauthPage('invalid_client', 401));
add(O, 'the token endpoint with a JSON body', (w) => ({ method: 'POST', path: '/oidc/token', json: { grant_type: 'authorization_code', code: 'x' }, headers: clientAuth(w) }), oauthPage('invalid_request'));
add(O, 'the token endpoint without client authentication', (w) => token(w, { grant_type: 'authorization_code', code: 'x' }, 'none'), oauthPage('invalid_request'));
add(O, 'the token endpoint with a garbled Basic header', () => ({ method: 'POST', path: '/oidc/token', form: { grant_type: 'authorization_code', code: 'x' }, headers: { authorization: 'Basic %%%not-base64' } }), oauthPage('invalid_request'));
add(O, 'the token endpoint with a 200 KB code', (w) => token(w, { grant_type: 'authorization_code', code: 'x'.repeat(200_000) }), { kind: 'oauth', status: [400, 413] });
add(O, 'the token endpoint with invalid UTF-8 in the body', (w) => ({ method: 'POST', path: '/oidc/token', rawBody: 'grant_type=%E0%A4&code=%ZZ', headers: { ...clientAuth(w), 'content-type': 'application/x-www-form-urlencoded' } }), oauthPage('unsupported_grant_type'));
add(O, 'the token endpoint with a garbage refresh token', (w) => token(w, { grant_type: 'refresh_token', refresh_token: 'garbage' }), oauthPage('invalid_grant'));
add(O, 'userinfo without a token', () => ({ method: 'GET', path: '/oidc/me' }), oauthPage('invalid_token', 401));
add(O, 'userinfo with a garbage token', () => ({ method: 'GET', path: '/oidc/me', headers: { authorization: 'Bearer garbage' } }), oauthPage('invalid_token', 401));
add(O, 'userinfo with an unsigned JWT', () => ({ method: 'GET', path: '/oidc/me', headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.' } }), oauthPage('invalid_token', 401));
add(O, 'introspection without client authentication', () => ({ method: 'POST', path: '/oidc/token/introspection', form: { token: 'x' } }), oauthPage('invalid_request'));
add(O, 'introspection with a wrong client secret', (w) => ({ method: 'POST', path: '/oidc/token/introspection', form: { token: 'x', client_id: w.confidential.clientId, client_secret: 'wrong' } }), oauthPage('invalid_client', 401));
add(O, 'revocation without client authentication', () => ({ method: 'POST', path: '/oidc/token/revocation', form: { token: 'x' } }), oauthPage('invalid_request'));
add(O, 'sign-out with a garbage id_token_hint', () => page('/oidc/session/end?id_token_hint=garbage'), oauthPage('invalid_request'));
add(O, 'sign-out with an unregistered post_logout_redirect_uri', (w) => page(`/oidc/session/end?${qs({ client_id: w.confidential.clientId, post_logout_redirect_uri: 'https://evil.example/' })}`), oauthPage('invalid_request'));
add(O, 'sign-out to a foreign post_logout_redirect_uri without a client never goes there', async (w) => {
  // The provider asks the browser to confirm; the confirmation must not land on the foreign address.
  const first = await send(w.url, page(`/oidc/session/end?${qs({ post_logout_redirect_uri: 'https://evil.example/' })}`));
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(first.text)?.[1] ?? '';
  const cookies = ([] as string[]).concat(first.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  return { method: 'POST', path: '/oidc/session/end/confirm', headers: BROWSER, form: { xsrf, logout: 'yes' }, cookies };
}, { kind: 'oauth', status: [200, 399] });
add(O, 'an interaction that does not exist', () => page('/oidc/interaction/nope'), { kind: 'page', status: 400, code: 'oidc.session_not_found' });
add(O, 'an account choice without its CSRF token', (w) => ({ method: 'POST', path: '/oidc/interaction/nope/select-account', headers: BROWSER, form: { account: w.users.alice.id } }), CSRF);
add(O, 'an account choice for an interaction that does not exist', (w) => ({ method: 'POST', path: '/oidc/interaction/nope/select-account', headers: BROWSER, form: { csrf: w.csrf.token, account: w.users.alice.id }, cookies: w.csrf.cookies }), {
  kind: 'page',
  status: 400,
  code: 'oidc.session_not_found',
});
// Under an http public URL (these nodes'), a POST to the authorization or end-session endpoint becomes a GET (src/oidc/http-post.ts).
add(O, 'authorization by POST for an unknown client (sent on as a GET, on Portico’s own origin)', () => ({ method: 'POST', path: '/oidc/auth', headers: BROWSER, form: { client_id: 'no-such-client', redirect_uri: 'https://evil.example/cb' } }), {
  kind: 'oauth',
  status: 303,
  check: (res) => assert.equal(res.location, `/oidc/auth?${qs({ client_id: 'no-such-client', redirect_uri: 'https://evil.example/cb' })}`),
});
add(O, 'authorization by POST with a JSON body', () => ({ method: 'POST', path: '/oidc/auth', headers: BROWSER, json: { client_id: 'x' } }), { kind: 'page', status: 415, code: 'request.unsupported_media_type' });
add(O, 'authorization by POST with a 20 KB form', () => ({ method: 'POST', path: '/oidc/auth', headers: BROWSER, form: { client_id: 'x', state: 's'.repeat(20_000) } }), { kind: 'page', status: 413, code: 'request.too_large' });
add(O, 'authorization by POST whose parameters would not fit in a URL', () => ({ method: 'POST', path: '/oidc/auth', headers: BROWSER, form: { client_id: 'x', state: 's'.repeat(10_000) } }), { kind: 'page', status: 413, code: 'request.too_large' });
add(O, 'authorization by POST with a NUL byte as the client', () => ({ method: 'POST', path: '/oidc/auth', headers: BROWSER, form: { client_id: '\u0000' } }), NUL_PAGE);
add(O, 'sign-out by POST with a JSON body', () => ({ method: 'POST', path: '/oidc/session/end', headers: BROWSER, json: { id_token_hint: 'x' } }), { kind: 'page', status: 415, code: 'request.unsupported_media_type' });
add(O, 'RFC 8414 metadata asked with a hostile Host', () => ({ method: 'GET', path: '/.well-known/oauth-authorization-server/oidc', headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' } }), {
  kind: 'oauth',
  status: 200,
  check: (res, w) => {
    assert.equal(res.json.issuer, `${w.url}/oidc`);
    assert.doesNotMatch(res.text, /evil\.example/);
  },
});
add(O, 'RFC 8414 metadata of an issuer Portico is not', () => ({ method: 'GET', path: '/.well-known/oauth-authorization-server/elsewhere' }), { kind: 'problem', status: 404, code: 'route.not_found' });
add(O, 'a consent answer without its CSRF token', () => ({ method: 'POST', path: '/oidc/interaction/nope/consent', headers: BROWSER, form: { decision: 'allow' } }), CSRF);
add(O, "the User Center's callback with a forged state", () => page('/account/callback?code=forged&state=forged'), { kind: 'page', status: 400, code: 'oidc.callback_state_invalid' });
add(O, "the User Center's callback without parameters", () => page('/account/callback'), { kind: 'page', status: 400, code: 'oidc.callback_state_invalid' });
add(O, 'a provider path with invalid UTF-8 (/oidc/%E0%A4)', () => page('/oidc/%E0%A4'), BAD_URL_PAGE);
add(O, 'sign-out of Portico without its CSRF token', () => ({ method: 'POST', path: '/logout', headers: BROWSER, form: {} }), CSRF);

export const HOSTILE_CASES: readonly HostileCase[] = cases;
