/**
 * fast-check arbitraries for the hostile fuzzing: strings an attacker likes (SQL, markup, control
 * characters, bad percent-escapes, traversal, unicode oddities, very long), JSON values, request
 * bodies shaped by a JSON schema (the admin API's, read from its OpenAPI document) with values that
 * are sometimes valid and often not, form fields with repeated keys, and return_to values built
 * from the pieces open redirects are made of.
 */
import fc from 'fast-check';

export const HOSTILE_FRAGMENTS = [
  "'", '"', '`', '--', ';', "' OR '1'='1", "'); DROP TABLE users; --", '%', '_', '\\',
  '\u0000', '\r\n', '\n', '\t', '\u0007', '\u001b', '\u007f', '%00', '%0d%0a', '%E0%A4', '%ZZ', '%',
  '../', '..\\', '/', '//', '\\\\', '@', ':', '?', '#', '&', '=', '+',
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '{{7*7}}', '${7*7}',
  '登录', 'Ünïcødé', '🙂', '\u202E', '\u2028', '\uFEFF', '\uD800', '１３８', '١٣٨',
  'evil.example', 'javascript:', 'https://', '$ne', '__proto__', 'constructor', 'null', 'true', '0', '-1', '1e999',
  ' ', '+86', '13800000000',
];

const fragment = fc.constantFrom(...HOSTILE_FRAGMENTS);

/** A string worth throwing at a parser: any code points, hostile pieces joined, or one repeated at length. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.array(fragment, { minLength: 1, maxLength: 8 }).map((parts) => parts.join('')),
  fc.tuple(fragment, fc.integer({ min: 100, max: 5000 })).map(([piece, n]) => piece.repeat(Math.ceil(n / piece.length)).slice(0, n)),
);

export const jsonValue: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileString, fc.constant(null));

/** The JSON-schema subset the admin API's OpenAPI document uses. */
export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  oneOf?: Schema[];
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  nullable?: boolean;
}

/** A string the schema accepts, as hostile as it allows: SQL, markup, control characters, unicode, at any length it permits. */
function validString(schema: Schema): fc.Arbitrary<string> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as string[]));
  if (schema.format === 'uri') return fc.webUrl().filter((u) => u.length <= (schema.maxLength ?? Infinity));
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 200;
  const pattern = schema.pattern ? new RegExp(schema.pattern) : undefined;
  const fits = (s: string) => s.length >= min && s.length <= max && (!pattern || pattern.test(s));
  // A pattern is matched by construction: filtering random strings through it would rarely succeed.
  if (pattern) return fc.stringMatching(pattern).filter(fits);
  return fc.oneof(hostileString.filter(fits), fc.string({ unit: 'binary', minLength: min, maxLength: Math.min(max, 40) }));
}

/** A value the schema accepts (as far as a schema can say): required keys present, every value within its rules. */
export function validBy(schema: Schema): fc.Arbitrary<unknown> {
  if (schema.oneOf) return fc.oneof(...schema.oneOf.map(validBy));
  const options: fc.Arbitrary<unknown>[] = [];
  if (schema.type === 'object' || schema.properties) {
    const properties = schema.properties ?? {};
    if (Object.keys(properties).length === 0 && typeof schema.additionalProperties === 'object') options.push(fc.dictionary(fc.string({ maxLength: 12 }), jsonValue, { maxKeys: 3 }));
    else options.push(fc.record(Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, validBy(sub)])), { requiredKeys: schema.required ?? [] }));
  } else if (schema.type === 'array') {
    options.push(fc.array(validBy(schema.items ?? {}), { maxLength: schema.maxItems ?? 4 }));
  } else if (schema.type === 'string') {
    options.push(validString(schema));
  } else if (schema.type === 'integer' || schema.type === 'number') {
    options.push(fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 }));
  } else if (schema.type === 'boolean') {
    options.push(fc.boolean());
  } else {
    options.push(jsonValue);
  }
  if (schema.nullable) options.push(fc.constant(null));
  return fc.oneof(...options);
}

/** A value of the schema's shape that is probably wrong somewhere: each part may be valid, near its limits, or anything. */
export function shapedBy(schema: Schema): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [validBy(schema)];
  if (schema.oneOf) options.push(fc.oneof(...schema.oneOf.map(shapedBy)));
  if (schema.type === 'object' || schema.properties) {
    const properties = schema.properties ?? {};
    const known = fc.record(Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, shapedBy(sub)])), { requiredKeys: [] });
    const extra = fc.dictionary(hostileString, jsonValue, { minKeys: 1, maxKeys: 2 });
    options.push(known, fc.tuple(known, extra).map(([k, e]) => ({ ...e, ...k })));
  }
  if (schema.type === 'array') options.push(fc.array(shapedBy(schema.items ?? {}), { maxLength: (schema.maxItems ?? 4) + 1 }));
  if (schema.type === 'string') {
    const max = schema.maxLength ?? 64;
    options.push(hostileString, fc.constantFrom(Math.max(0, (schema.minLength ?? 0) - 1), max + 1).map((n) => 'x'.repeat(n)));
  }
  if (schema.type === 'integer' || schema.type === 'number') options.push(fc.integer({ min: (schema.minimum ?? -1000) - 2, max: (schema.maximum ?? 1000) + 2 }));
  return fc.oneof({ weight: 6, arbitrary: fc.oneof(...options) }, { weight: 1, arbitrary: jsonValue });
}

/**
 * A value of the schema's shape with exactly one part replaced by something hostile: the rest gets
 * past validation, so the bad part is what the server has to deal with.
 */
function oneBadPart(schema: Schema): fc.Arbitrary<unknown> {
  if (!schema.properties || Object.keys(schema.properties).length === 0) return shapedBy(schema);
  const keys = Object.keys(schema.properties);
  return fc
    .tuple(validBy(schema), fc.constantFrom(...keys))
    .chain(([body, key]) => fc.oneof(shapedBy(schema.properties![key]), jsonValue, hostileString).map((bad) => ({ ...(body as object), [key]: bad })));
}

/** A request body: a value of the schema's shape, any JSON value, or raw text sent as JSON. */
export type FuzzBody = { json: unknown } | { raw: string };
export const bodyFor = (schema: Schema): fc.Arbitrary<FuzzBody> =>
  fc.oneof(
    { weight: 4, arbitrary: validBy(schema).map((json) => ({ json })) },
    { weight: 3, arbitrary: oneBadPart(schema).map((json) => ({ json })) },
    { weight: 2, arbitrary: shapedBy(schema).map((json) => ({ json })) },
    { weight: 1, arbitrary: jsonValue.map((json) => ({ json })) },
    { weight: 1, arbitrary: hostileString.map((raw) => ({ raw })) },
  );

/**
 * Form fields as key/value pairs (keys repeat). The fields in `gate` (app, CSRF token) usually carry
 * the value that gets past the first checks, so most runs reach the code behind them; the others
 * get values from `pool` or hostile strings, once, several times or not at all; stray keys join in.
 */
export function formFields(fields: string[], gate: Record<string, string>, pool: string[] = []): fc.Arbitrary<[string, string][]> {
  const value = fc.oneof({ weight: 3, arbitrary: hostileString }, { weight: 2, arbitrary: fc.constantFrom(...pool, '') });
  const many = (field: string) => fc.array(value, { minLength: 2, maxLength: 3 }).map((vs) => vs.map((v): [string, string] => [field, v]));
  const one = (field: string) => value.map((v): [string, string][] => [[field, v]]);
  const none = fc.constant<[string, string][]>([]);
  const own = fields.map((field) =>
    field in gate
      ? fc.oneof({ weight: 10, arbitrary: fc.constant<[string, string][]>([[field, gate[field]]]) }, { weight: 1, arbitrary: one(field) }, { weight: 1, arbitrary: many(field) }, { weight: 1, arbitrary: none })
      : fc.oneof({ weight: 4, arbitrary: one(field) }, { weight: 1, arbitrary: many(field) }, { weight: 1, arbitrary: none }),
  );
  const stray = fc.array(fc.tuple(fc.oneof(hostileString, fc.constantFrom(...fields.map((f) => `${f}[]`))), value), { maxLength: 2 });
  return fc.tuple(fc.tuple(...own), stray).map(([groups, extra]) => [...groups.flat(), ...extra]);
}

/**
 * return_to values made of the pieces open redirects are made of. They stay well inside the login
 * forms' 16 KiB body limit once percent-encoded, so the sign-in itself always goes through.
 */
export const returnTo: fc.Arbitrary<string> = fc
  .oneof(
    fc
      .array(
        fc.constantFrom('/', '//', '\\', '/\\', '\t', '\r', '\n', ' ', '%2F', '%5C', '%09', '%0A', '.', '..', '@', ':', 'evil.example', 'https:', 'javascript:', 'account', '?x=', '#', '登录', '\u2028', '\u0000', '／', '＼'),
        { minLength: 1, maxLength: 8 },
      )
      .map((parts) => parts.join('')),
    hostileString,
    fc.webUrl(),
  )
  .filter((value) => new URLSearchParams({ value }).toString().length < 6000);
