/**
 * A CAS application's service URLs, as plain rules: which URLs an administrator may register, and
 * whether a service a client sends is one of them. Never an administrator's regular expression (the
 * issue's rule, and Apereo CAS's history of open redirects through loose service patterns): an exact URL,
 * or a prefix that ends a path segment on one origin.
 */
import { invalid } from '../../errors.ts';
import { isLoopbackHost } from '../../loopback.ts';
import type { CasServiceRule } from './views.ts';

/** Longest service URL taken, registered or sent (a ticket travels in it). */
export const CAS_SERVICE_MAX_LENGTH = 2000;

/** A service URL parsed, or undefined when it is none (relative, another scheme, credentials in it, too long). */
export function parseService(raw: unknown): URL | undefined {
  if (typeof raw !== 'string' || !raw || raw.length > CAS_SERVICE_MAX_LENGTH) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) return undefined;
  return url;
}

/** The rules an administrator gives, checked: absolute URLs, https unless on loopback, no fragment; a prefix with no query that ends in `/`. */
export function checkServiceRules(rules: CasServiceRule[]): CasServiceRule[] {
  return rules.map((rule, i) => {
    const field = `/services/${i}/url`;
    const url = parseService(rule.url);
    if (!url || url.hash) throw invalid('application.cas_invalid_service', `${JSON.stringify(rule.url)} is not an absolute http(s) URL without credentials or fragment.`, field);
    // A ticket in the query string of a plain-http URL is readable on the way (CAS 3.0 §2.2.4 asks for https).
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) throw invalid('application.cas_insecure_service', 'A service URL must use https (http only on this machine).', field);
    if (rule.match === 'prefix' && (url.search || !url.pathname.endsWith('/'))) {
      throw invalid('application.cas_invalid_prefix', 'A prefix ends with / and has no query: it matches that path and everything below it, on that origin.', field);
    }
    return { url: url.href, match: rule.match };
  });
}

/** Whether a service a client sent is one the rule allows. */
export function serviceAllowed(rule: CasServiceRule, service: URL): boolean {
  const registered = new URL(rule.url);
  if (rule.match === 'exact') return registered.href === service.href;
  return registered.origin === service.origin && service.pathname.startsWith(registered.pathname);
}

/**
 * The same service, as CAS 3.0 §2.5.1 asks a ticket's service to be compared at validation: the URL
 * normalized (scheme and host case, default port, encoding), so `HTTPS://App.example/` is `https://app.example/`.
 */
export const sameService = (a: URL, b: URL) => a.href === b.href;
