/**
 * The headers every answer carries, Fastify's own and the OpenID Connect provider's (whose replies
 * Fastify's hooks never see) alike.
 */

/**
 * HSTS when Portico is served over https: browsers then refuse plain http to it for a year, so a
 * network attacker cannot strip TLS from a later visit (OWASP HTTP Strict Transport Security Cheat
 * Sheet; RFC 6797). Never sent over plain http, where it would mean nothing.
 */
export const HSTS = 'max-age=31536000; includeSubDomains';

export function securityHeaders(publicUrl: string): Readonly<Record<string, string>> {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...(publicUrl.startsWith('https://') ? { 'strict-transport-security': HSTS } : {}),
  };
}
