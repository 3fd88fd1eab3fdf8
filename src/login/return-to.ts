/**
 * Where a browser goes after signing in: only somewhere on Portico itself, never an open redirect
 * (RFC 9700 §4.11.1; ASVS 5.0 V10 / OWASP "Unvalidated Redirects"). The value is parsed the way a
 * browser would parse it (WHATWG URL: tabs and newlines dropped, backslashes read as slashes) against
 * the public URL, must land on the same origin, and is re-serialized percent-encoded, so the Location
 * header carries plain ASCII that every browser reads the same way.
 */

/** Where people land after signing in when nothing else was asked for: the User Center. */
export const DEFAULT_RETURN_TO = '/account';

/** Longer values are refused rather than shortened: a cut URL is a different URL. */
export const RETURN_TO_MAX_LENGTH = 2000;

export function safeReturnTo(value: unknown, publicUrl: string): string {
  if (typeof value !== 'string' || value.length > RETURN_TO_MAX_LENGTH || !value.startsWith('/')) return DEFAULT_RETURN_TO;
  const base = new URL(publicUrl);
  const parsed = URL.parse(value, base);
  if (!parsed || parsed.origin !== base.origin || parsed.username || parsed.password) return DEFAULT_RETURN_TO;
  const serialized = parsed.pathname + parsed.search + parsed.hash;
  // "/.//evil" parses to the path "//evil", which a browser would read as another host.
  if (serialized.startsWith('//') || serialized.length > RETURN_TO_MAX_LENGTH) return DEFAULT_RETURN_TO;
  return serialized;
}
