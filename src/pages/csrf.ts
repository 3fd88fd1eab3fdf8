/** Double-submit CSRF token for the login forms (stops login CSRF: signing a victim in as the attacker). */
import { randomToken } from '../crypto/random-token.ts';
import { secretsEqual } from '../crypto/constant-time.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fail } from '../errors.ts';

export const CSRF_COOKIE = 'portico_csrf';

export function ensureCsrf(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = request.cookies[CSRF_COOKIE];
  if (existing && existing.length >= 32) return existing;
  const token = randomToken(24);
  reply.setCookie(CSRF_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
  // Later reads in this request see the new token too.
  request.cookies[CSRF_COOKIE] = token;
  return token;
}

export function checkCsrf(request: FastifyRequest, given: unknown): void {
  const expected = request.cookies[CSRF_COOKIE];
  if (typeof given !== 'string' || typeof expected !== 'string' || !secretsEqual(given, expected)) {
    throw fail('login.csrf', 'The form expired. Reload the page and try again.');
  }
}
