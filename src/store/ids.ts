import { randomBytes } from 'node:crypto';

/** Opaque, prefixed, unguessable ids (`usr_…`, `app_…`), 96 bits from the CSPRNG. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
