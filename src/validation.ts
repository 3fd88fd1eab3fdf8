/**
 * JSON-schema validation shared by the HTTP layer (route schemas) and the domain (per-type source
 * configuration). The same schemas feed the OpenAPI document, so what is documented is what is enforced.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { PorticoError } from './errors.ts';
import type { CoreErrorCode } from './codes/core.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    // Unknown fields are an error (400), never silently dropped.
    removeAdditional: false,
    useDefaults: true,
    coerceTypes: coerce ? 'array' : false,
    discriminator: true,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

/** Bodies and params: no type coercion, so `"5"` is not a number. */
export const strictAjv = makeAjv(false);
/** Query strings are text by nature: `?page=2` becomes 2. */
export const coercingAjv = makeAjv(true);

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

const CODE_BY_KEYWORD: Record<string, CoreErrorCode<'invalid'>> = {
  required: 'request.missing_field',
  additionalProperties: 'request.unknown_field',
  type: 'request.wrong_type',
  maxLength: 'request.too_long',
  minLength: 'request.too_short',
  maxItems: 'request.too_many',
  enum: 'request.invalid_value',
  const: 'request.invalid_value',
  discriminator: 'request.invalid_value',
  format: 'request.invalid_format',
  pattern: 'request.invalid_format',
  minimum: 'request.out_of_range',
  maximum: 'request.out_of_range',
};

export function toFieldErrors(errors: ErrorObject[], basePath = ''): FieldError[] {
  return errors
    .filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'if')
    .map((e) => {
      let field = basePath + e.instancePath;
      if (e.keyword === 'required') field += '/' + (e.params as { missingProperty: string }).missingProperty;
      if (e.keyword === 'discriminator') field += '/' + (e.params as { tag: string }).tag;
      if (e.keyword === 'additionalProperties') field += '/' + (e.params as { additionalProperty: string }).additionalProperty;
      let message = e.message ?? 'is invalid';
      if (e.keyword === 'additionalProperties') message = 'is not a known field';
      if (e.keyword === 'required') message = 'is required';
      if (e.keyword === 'discriminator') message = 'is missing or not a known kind';
      if (e.keyword === 'enum') message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
      return { field: field || '/', code: CODE_BY_KEYWORD[e.keyword] ?? 'request.invalid', message };
    });
}

export function validationError(errors: FieldError[]): PorticoError {
  const first = errors[0] ?? { field: '/', code: 'request.invalid', message: 'is invalid' };
  return new PorticoError('invalid', first.code, `${first.field} ${first.message}`, {
    field: first.field,
    detail: { errors },
  });
}

const compiled = new WeakMap<object, ValidateFunction>();

/** Validates `value` against `schema` (defaults applied in place); throws a 400 naming the field. */
export function assertValid<T>(schema: object, value: unknown, basePath = ''): asserts value is T {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = strictAjv.compile(schema);
    compiled.set(schema, validate);
  }
  if (!validate(value)) throw validationError(toFieldErrors(validate.errors ?? [], basePath));
}

/**
 * Text people read (names, messages): no control characters and no invisible format characters
 * (zero-width spaces and joiners, bidirectional overrides and isolates), which make two names look
 * alike or reorder what an admin sees (Unicode TR #36 §2; "Trojan Source", CVE-2021-42574).
 * Ajv compiles patterns with the `u` flag, so the Unicode classes work in the schemas.
 */
export const VISIBLE_TEXT_PATTERN = '^[^\\p{Cc}\\p{Cf}]*$';
/** The same for text that may span lines (a message shown on a page): line breaks and tabs are allowed. */
export const VISIBLE_LINES_PATTERN = '^[^\\p{Cf}\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]*$';

const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

export const hasInvisibleCharacters = (s: string) => new RegExp(INVISIBLE.source, 'u').test(s);

/** Text from outside (a DingTalk profile): invisible and control characters dropped, trimmed, at most `max` characters. */
export function visibleText(s: string, max: number): string {
  return Array.from(s.replace(INVISIBLE, '').trim()).slice(0, max).join('');
}
