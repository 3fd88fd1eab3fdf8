/** Rules every protocol's part of the application form shares: the API's limits, and what makes an address one Portico registers. */
import type { MessageKey } from '../../i18n/en.ts';

/** The API's limits (src/admin/schemas.ts). */
export const LIMITS = { name: 100, description: 500, url: 2000, uris: 20 };

/** A problem beside a field: a message, or one with the numbers it names. */
export type FormProblem = MessageKey | { key: MessageKey; vars: Record<string, number> };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why an address an application registers would be refused: absolute, http(s), no fragment, no credentials, http only on loopback. */
export function redirectUriProblem(raw: string): MessageKey | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'validation.uri.absolute';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'validation.uri.scheme';
  if (url.hash || raw.includes('#')) return 'validation.uri.fragment';
  if (url.username || url.password) return 'validation.uri.credentials';
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) return 'validation.uri.https';
  if (raw.length > LIMITS.url) return 'validation.tooLong';
  return undefined;
}

/** The rows that will be sent (blank rows are dropped), with the row each came from. */
export function filled(rows: string[]): { uri: string; row: number }[] {
  return rows.map((uri, row) => ({ uri: uri.trim(), row })).filter((r) => r.uri !== '');
}

const sameList = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((v, i) => JSON.stringify(v) === JSON.stringify(b[i]));

/** On edit, only the fields whose value differs from the application's (`before`); on create (`before` absent), all of them. */
export function changedOnly(next: Record<string, unknown>, before?: Record<string, unknown>): Record<string, unknown> {
  if (!before) return next;
  return Object.fromEntries(Object.entries(next).filter(([key, value]) => (Array.isArray(value) ? !sameList(value, (before[key] as unknown[]) ?? []) : value !== before[key])));
}
