/**
 * Typed errors with stable machine codes. Every code is registered with its kind (src/codes/), and the
 * kind makes the HTTP status, as Fastify's createError does: domain code raises with `fail(code, …)`
 * (or a source type's own `fail`, src/identity/<type>/codes.ts), which takes the kind from the registry.
 * `http/problem.ts` maps the errors once to RFC 9457 problem+json (APIs) or a friendly page (browsers).
 */
import type { ErrorKind } from './codes/entry.ts';
import { CORE_ERRORS, type CoreErrorCode } from './codes/core.ts';

export type { ErrorKind } from './codes/entry.ts';

export interface PorticoErrorOptions {
  /** JSON pointer-ish path of the offending field, e.g. `/mobile`. */
  field?: string;
  /** Extra machine-readable members for the problem document (never secrets). */
  detail?: Record<string, unknown>;
  cause?: unknown;
}

export class PorticoError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly field?: string;
  readonly detail?: Record<string, unknown>;

  /** Raise through a registry's `fail`; this is for the raisers and for re-wrapping an error with more detail. */
  constructor(kind: ErrorKind, code: string, message: string, options: PorticoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PorticoError';
    this.kind = kind;
    this.code = code;
    this.field = options.field;
    this.detail = options.detail;
  }
}

/** A raiser over the error codes given with their kinds: the code names the error, the registry gives its kind. */
export function raiserOf<Code extends string>(kinds: Readonly<Record<Code, { readonly kind: ErrorKind }>>) {
  return (code: Code, message: string, options?: PorticoErrorOptions) => new PorticoError(kinds[code].kind, code, message, options);
}

/** Raises one of Portico's own error codes. */
export const fail = raiserOf<CoreErrorCode>(CORE_ERRORS);

// The commonest kinds, by name: the code must be registered with that kind.
export const invalid = (code: CoreErrorCode<'invalid'>, message: string, field?: string, detail?: Record<string, unknown>) =>
  new PorticoError('invalid', code, message, { field, detail });

export const conflict = (code: CoreErrorCode<'conflict'>, message: string, field?: string) => new PorticoError('conflict', code, message, { field });

export const forbidden = (code: CoreErrorCode<'forbidden'>, message: string) => new PorticoError('forbidden', code, message);

/** What may be missing: the `<what>.not_found` codes. */
export type NotFoundSubject = CoreErrorCode<'not_found'> extends infer C ? (C extends `${infer What}.not_found` ? What : never) : never;

export const notFound = (what: NotFoundSubject, id: string) =>
  new PorticoError('not_found', `${what}.not_found`, `No ${what.replace(/_/g, ' ')} with id ${JSON.stringify(id)}.`, {
    detail: { id },
  });
