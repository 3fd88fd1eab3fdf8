import { invalid } from '../../errors.ts';
import { isHttpsOrLoopback } from '../../loopback.ts';

/**
 * A redirect URI an application may register: absolute, no fragment, https, or http only on a
 * loopback host (RFC 9700 §2.6; matched later by exact string, §4.1.3).
 */
export function checkRedirectUri(raw: string, field: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid('application.invalid_redirect_uri', `${JSON.stringify(raw)} is not an absolute URL.`, field);
  }
  if (url.hash || raw.includes('#')) throw invalid('application.invalid_redirect_uri', 'A redirect URI cannot have a fragment.', field);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid('application.invalid_redirect_uri', 'Only http(s) redirect URIs are supported.', field);
  }
  if (url.username || url.password) throw invalid('application.invalid_redirect_uri', 'A redirect URI cannot carry credentials.', field);
  if (!isHttpsOrLoopback(url)) throw invalid('application.invalid_redirect_uri', 'Use https; plain http is allowed only for localhost.', field);
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
