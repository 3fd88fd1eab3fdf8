/**
 * NUL characters are refused wherever a request carries text (path, query, body, cookies): PostgreSQL
 * cannot hold one in text and fails the query (a 500), SQLite would store a value that compares
 * otherwise, and no name, id, code or token legitimately contains one (CWE-158). Checked once for
 * every route, before validation, and named by where it was found.
 */
import type { FastifyRequest } from 'fastify';
import { fail } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route hands the raw request to another library that reads it itself (oidc-provider: src/oidc/mount.ts). */
    passThrough?: boolean;
  }
}

/** Where in `value` (keys included) a NUL sits, as a JSON pointer; undefined when nowhere. */
export function findNul(value: unknown, at = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? at || '/' : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${at}/${key}`;
    const found = findNul(inner, `${at}/${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

export async function refuseNul(request: FastifyRequest): Promise<void> {
  if (request.routeOptions.config.passThrough) return;
  const parts: [string, unknown][] = [['', request.body], ['/params', request.params], ['/querystring', request.query], ['/cookies', request.cookies]];
  for (const [part, value] of parts) {
    const at = findNul(value);
    if (at !== undefined) {
      throw fail('request.invalid_characters', 'The request carries a NUL character, which no field may hold.', { field: part + (at === '/' && part ? '' : at) });
    }
  }
}
