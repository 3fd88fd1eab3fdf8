import { invalid } from '../../errors.ts';
import { isHttpsOrLoopback } from '../../loopback.ts';

/**
 * Why an address an application registers (a redirect URI, its JWKS URI, its logout URIs) cannot be
 * used, or undefined: absolute, no fragment, https, or http only on a loopback host (RFC 9700 §2.6),
 * no credentials.
 */
export function registeredUriProblem(raw: string, what = 'A redirect URI'): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `${JSON.stringify(raw)} is not an absolute URL.`;
  }
  if (url.hash || raw.includes('#')) return `${what} cannot have a fragment.`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Only http(s) addresses are supported.';
  if (url.username || url.password) return `${what} cannot carry credentials.`;
  if (!isHttpsOrLoopback(url)) return 'Use https; plain http is allowed only for localhost.';
  return undefined;
}

/** A redirect URI an application may register (matched later by exact string, RFC 9700 §4.1.3). */
export function checkRedirectUri(raw: string, field: string): string {
  const problem = registeredUriProblem(raw);
  if (problem) throw invalid('application.invalid_redirect_uri', problem, field);
  return raw;
}

export function checkRedirectUris(list: string[], field: string): string[] {
  const seen = new Set<string>();
  return list.map((uri, i) => {
    checkRedirectUri(uri, `${field}/${i}`);
    if (seen.has(uri)) throw invalid('application.duplicate_redirect_uri', 'This redirect URI is listed twice.', `${field}/${i}`);
    seen.add(uri);
    return uri;
  });
}
