/**
 * Strings another server chose, made fit to keep: every external type reads its upstream's answer
 * through these before a value reaches a binding, a new account or a page. Values that are matched
 * (phone, email, ids) are kept only when plain and short enough, never altered, so a hidden character
 * cannot turn one address into another; what people only read (names) loses invisible characters and
 * is shortened; a picture is kept only as an https URL (plain http only from this machine: a simulator
 * or a test IdP), so a page never loads an image in clear or from another scheme.
 */
import { hasInvisibleCharacters, visibleText } from '../validation.ts';
import { isHttpsOrLoopback } from '../loopback.ts';

/** Bounds on what is kept (the upstreams' own limits are shorter; RFC 5321 for addresses). */
export const UPSTREAM_LIMITS = { name: 64, avatarUrl: 1024, phone: 32, email: 254 } as const;

/** Short plain text people read, or nothing when nothing visible is left. */
export function readableText(value: string | undefined, max: number = UPSTREAM_LIMITS.name): string | undefined {
  const cleaned = value === undefined ? '' : visibleText(value, max);
  return cleaned || undefined;
}

/** A value that is matched: as the upstream gave it (trimmed), or nothing when it is too long or hides characters. */
export function exactValue(value: string | undefined, max: number): string | undefined {
  const trimmed = value?.trim();
  return trimmed && trimmed.length <= max && !hasInvisibleCharacters(trimmed) ? trimmed : undefined;
}

/** A picture's address, when it is one a page may load. */
export function avatarUrl(value: string | undefined): string | undefined {
  if (value === undefined || value.length > UPSTREAM_LIMITS.avatarUrl) return undefined;
  const url = URL.parse(value);
  return url && isHttpsOrLoopback(url) ? url.href : undefined;
}
