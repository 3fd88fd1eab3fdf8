import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RETURN_TO, safeReturnTo } from './return-to.ts';

const PUBLIC = 'https://idp.example';

test('same-origin paths pass through, re-serialized percent-encoded', () => {
  const cases: [string, string][] = [
    ['/account', '/account'],
    ['/oidc/interaction/abc123', '/oidc/interaction/abc123'],
    ['/account?tab=bindings#x', '/account?tab=bindings#x'],
    ['/登录', '/%E7%99%BB%E5%BD%95'],
    ['/a b', '/a%20b'],
    ['/account?q=登录', '/account?q=%E7%99%BB%E5%BD%95'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/%5Cevil.example', '/%5Cevil.example'],
    ['/%09/evil.example', '/%09/evil.example'],
    ['/\u0000/x', '/%00/x'],
    ['/./account', '/account'],
    ['/x/../account', '/account'],
    ['https://idp.example/account'.slice('https://idp.example'.length), '/account'],
  ];
  for (const [given, expected] of cases) assert.equal(safeReturnTo(given, PUBLIC), expected, JSON.stringify(given));
});

test('anything that would leave the origin, or is not a path, falls back to the default', () => {
  const hostile = [
    '/\t/evil.example', // a browser drops the tab: //evil.example
    '/\n/evil.example',
    '/\r\n/evil.example',
    '/\r/evil.example',
    '\t//evil.example',
    '//evil.example',
    '///evil.example',
    '/\\evil.example', // a browser reads the backslash as a slash
    '/\\/evil.example',
    '\\\\evil.example',
    '/.//evil.example',
    '/./\\evil.example',
    'https://evil.example/',
    'https://idp.example.evil.example/',
    'http://idp.example/account', // another scheme is another origin
    'javascript:alert(1)',
    'data:text/html,x',
    'account',
    '',
    '  /account',
    '/' + 'a'.repeat(2000),
    '/' + '登'.repeat(1000), // within the limit as typed, over it once percent-encoded
  ];
  for (const value of hostile) assert.equal(safeReturnTo(value, PUBLIC), DEFAULT_RETURN_TO, JSON.stringify(value));
  for (const value of [undefined, null, 42, ['/account'], { a: 1 }]) assert.equal(safeReturnTo(value, PUBLIC), DEFAULT_RETURN_TO);
});

test('userinfo never reaches a Location header', () => {
  assert.equal(safeReturnTo('/@evil.example', PUBLIC), '/@evil.example', 'a path segment, not userinfo');
  for (const value of ['//user:pass@evil.example/', '//user@idp.example/']) assert.equal(safeReturnTo(value, PUBLIC), DEFAULT_RETURN_TO);
});

test('every accepted value is plain ASCII without control characters (a valid header value)', () => {
  for (const value of ['/登录', '/a\u00a0b', '/x?y=\u202e', '/x#\u200b', '/é']) {
    const out = safeReturnTo(value, PUBLIC);
    assert.match(out, /^\/[\x21-\x7e]*$/, JSON.stringify(value));
  }
});
