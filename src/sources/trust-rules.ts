/**
 * The rules behind a source's trust settings (src/sources/trust.ts): what they are when nobody chose
 * them, and which of them a change would touch. Plain functions: who may change them is the admin
 * API's business (src/admin/roles.ts).
 */
import { isDeepStrictEqual } from 'node:util';
import type { TObject } from '@sinclair/typebox';
import type { SourceType } from '../identity/types.ts';

type Config = Record<string, unknown>;
const isObject = (v: unknown): v is Config => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where two values differ, as a JSON pointer inside them ('' for the values themselves), or undefined. */
function difference(a: unknown, b: unknown): string | undefined {
  if (isDeepStrictEqual(a ?? null, b ?? null)) return undefined;
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const inner = difference(a[key], b[key]);
      if (inner !== undefined) return `/${key}${inner}`;
    }
  }
  return '';
}

/**
 * The trust settings a new source gets when its creator chooses none: the schema's defaults, empty
 * for optional ones. A trust field the schema requires (DingTalk's AppKey) has no default: whoever
 * creates the source chooses it, and from then on it is fixed like the others.
 */
export function trustDefaults(type: Pick<SourceType<unknown>, 'trustFields' | 'configSchema'>): Config {
  const schema: TObject = type.configSchema;
  const required = new Set(schema.required ?? []);
  const defaultOf = (field: string) => (schema.properties[field] as { default?: unknown } | undefined)?.default;
  return Object.fromEntries(type.trustFields.filter((f) => defaultOf(f) !== undefined || !required.has(f)).map((f) => [f, defaultOf(f) ?? null]));
}

/**
 * The first of `fields` that `next` sets to something else than `current` has, as a JSON pointer
 * under the configuration (`/autoBind`, `/endpoints/login`); undefined when none changes. Fields
 * `next` leaves out keep their value, so they change nothing.
 */
export function changedTrustField(fields: readonly string[], current: Config, next: Config): string | undefined {
  for (const field of fields) {
    if (!(field in next)) continue;
    const inner = difference(current[field], next[field]);
    if (inner !== undefined) return `/${field}${inner}`;
  }
  return undefined;
}
