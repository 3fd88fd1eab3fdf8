/**
 * The one place errors become HTTP: RFC 9457 problem+json with a stable `code` and the offending field.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PorticoError, type ErrorKind } from '../errors.ts';
import { CORE_ERRORS, type CoreErrorCode } from '../codes/core.ts';
import { toFieldErrors, validationError, type FieldError } from '../validation.ts';

/** Each error kind's HTTP status, for problem+json answers and the login pages alike. */
export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media: 415,
  rate_limited: 429,
  bad_gateway: 502,
  unavailable: 503,
  internal: 500,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Fastify's own request errors, named with our codes (whose kinds give the status). */
const FASTIFY_CODES: Record<string, [CoreErrorCode, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['request.unsupported_media_type', 'Send the body as application/json.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['request.invalid_content_length', 'Content-Length does not match the body.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['request.empty_body', 'The JSON body is empty.'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['request.too_large', 'The body is too large.'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['request.malformed_json', 'The body is not valid JSON.'],
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  field?: string;
  errors?: FieldError[];
  instance: string;
  requestId: string;
  [extra: string]: unknown;
}

/**
 * A request Fastify itself refused (body too large, wrong media type, malformed JSON, another 4xx),
 * named with our codes; undefined for anything else. Shared by problem+json and the login pages.
 */
export function requestRefusal(error: unknown): { status: number; code: CoreErrorCode; detail: string } | undefined {
  const fe = error as FastifyError;
  const refusal = (code: CoreErrorCode, detail: string) => ({ status: STATUS_BY_KIND[CORE_ERRORS[code].kind], code, detail });
  if (fe?.code && FASTIFY_CODES[fe.code]) return refusal(...FASTIFY_CODES[fe.code]);
  if (fe instanceof SyntaxError || (fe?.statusCode === 400 && /JSON/.test(fe.message))) return refusal(...FASTIFY_CODES.FST_ERR_CTP_INVALID_JSON_BODY);
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, code: 'request.invalid', detail: fe.message };
  }
  return undefined;
}

export function toProblem(error: unknown, request: FastifyRequest): Problem {
  let status = 500;
  let code = 'internal';
  let detail = 'Something went wrong on our side. Try again; if it keeps happening, give the request id to your administrator.';
  let field: string | undefined;
  let extra: Record<string, unknown> = {};

  const fe = error as FastifyError & { validationContext?: string };
  if (fe?.validation) {
    const converted = validationError(toFieldErrors(fe.validation as never, fe.validationContext === 'body' ? '' : `/${fe.validationContext}`));
    error = converted;
  }
  if (error instanceof PorticoError) {
    status = STATUS_BY_KIND[error.kind];
    code = error.code;
    detail = error.message;
    field = error.field;
    extra = error.detail ?? {};
  } else {
    ({ status, code, detail } = requestRefusal(error) ?? { status, code, detail });
  }
  return {
    type: `urn:portico:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(field ? { field } : {}),
    ...extra,
    instance: request.url.split('?')[0],
    requestId: String(request.id),
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem) {
  // A rate-limited answer says when to come back, in the header clients know (RFC 9110 §10.2.3).
  if (problem.status === 429 && typeof problem.retryAfterSec === 'number') reply.header('retry-after', String(problem.retryAfterSec));
  return reply.status(problem.status).type('application/problem+json; charset=utf-8').send(problem);
}
