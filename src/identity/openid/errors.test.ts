import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { PorticoError } from '../../errors.ts';
import { fromOpenId } from './errors.ts';

const authorizationError = (error: string) => new oidc.AuthorizationResponseError('authorization error', { cause: new URLSearchParams({ error }) });
const tokenError = (error: string, status: number) => new oidc.ResponseBodyError('token error', { cause: { error }, response: new Response(null, { status }) });
const clientError = (code: string, cause?: unknown) => new oidc.ClientError('client error', { code, cause } as ErrorOptions);

const mapped = (error: unknown) => {
  const result = fromOpenId(error);
  assert.ok(result instanceof PorticoError);
  return [result.kind, result.code];
};

test('what the person did at the IdP, what passes, and what only an administrator can fix, told apart', () => {
  assert.deepEqual(mapped(authorizationError('access_denied')), ['invalid', 'openid.authorization_denied']);
  assert.deepEqual(mapped(authorizationError('login_required')), ['invalid', 'openid.authorization_denied']);
  assert.deepEqual(mapped(authorizationError('temporarily_unavailable')), ['unavailable', 'openid.unavailable']);
  assert.deepEqual(mapped(authorizationError('unauthorized_client')), ['bad_gateway', 'openid.misconfigured']);
  assert.deepEqual(mapped(tokenError('invalid_grant', 400)), ['invalid', 'openid.code_invalid']);
  assert.deepEqual(mapped(tokenError('invalid_client', 401)), ['bad_gateway', 'openid.misconfigured']);
  assert.deepEqual(mapped(tokenError('server_error', 500)), ['unavailable', 'openid.unavailable']);
});

test("the ID token's failures: another sign-in's nonce, a bad signature or claim, an issuer that is not the configured one", () => {
  assert.deepEqual(mapped(clientError('OAUTH_JWT_CLAIM_COMPARISON_FAILED', { cause: { claim: 'nonce' } })), ['invalid', 'openid.nonce_mismatch']);
  assert.deepEqual(mapped(clientError('OAUTH_JWT_CLAIM_COMPARISON_FAILED', { cause: { claim: 'aud' } })), ['bad_gateway', 'openid.id_token_invalid']);
  assert.deepEqual(mapped(clientError('OAUTH_INVALID_RESPONSE')), ['bad_gateway', 'openid.id_token_invalid']);
  assert.deepEqual(mapped(clientError('OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED')), ['bad_gateway', 'openid.issuer_mismatch']);
});

test('an IdP that cannot be reached, is slow, or fails is "try again"; one that answers like no IdP is misconfigured', () => {
  assert.deepEqual(mapped(new TypeError('fetch failed')), ['unavailable', 'openid.unavailable']);
  assert.deepEqual(mapped(clientError('OAUTH_TIMEOUT')), ['unavailable', 'openid.timeout']);
  assert.deepEqual(mapped(new DOMException('timed out', 'TimeoutError')), ['unavailable', 'openid.timeout']);
  assert.deepEqual(mapped(clientError('OAUTH_RESPONSE_IS_NOT_CONFORM', new Response(null, { status: 503 }))), ['unavailable', 'openid.unavailable']);
  assert.deepEqual(mapped(clientError('OAUTH_RESPONSE_IS_NOT_CONFORM', new Response(null, { status: 404 }))), ['bad_gateway', 'openid.misconfigured']);
});

test("anything that is not the IdP's passes unchanged", () => {
  const bug = new RangeError('a bug');
  assert.equal(fromOpenId(bug), bug);
  const own = new PorticoError('invalid', 'openid.callback_invalid', 'x');
  assert.equal(fromOpenId(own), own);
});
