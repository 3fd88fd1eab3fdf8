/**
 * Typed errors with stable machine codes. Domain code throws these; `http/problem.ts`
 * maps them once to RFC 9457 problem+json (APIs) or a friendly page (browsers).
 */
export type ErrorKind =
  | 'invalid' // 400: the request is malformed or breaks a rule
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'unsupported_media' // 415
  | 'rate_limited' // 429
  | 'bad_gateway' // 502: an upstream (DingTalk) answered, but not as it should for us (usually its configuration)
  | 'unavailable' // 503: a dependency is down
  | 'internal'; // 500

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

  constructor(kind: ErrorKind, code: string, message: string, options: PorticoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PorticoError';
    this.kind = kind;
    this.code = code;
    this.field = options.field;
    this.detail = options.detail;
  }
}

export const invalid = (code: string, message: string, field?: string, detail?: Record<string, unknown>) =>
  new PorticoError('invalid', code, message, { field, detail });

export const notFound = (what: string, id: string) =>
  new PorticoError('not_found', `${what}.not_found`, `No ${what.replace(/_/g, ' ')} with id ${JSON.stringify(id)}.`, {
    detail: { id },
  });

export const conflict = (code: string, message: string, field?: string) =>
  new PorticoError('conflict', code, message, { field });

export const forbidden = (code: string, message: string) => new PorticoError('forbidden', code, message);
