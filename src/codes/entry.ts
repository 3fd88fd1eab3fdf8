/**
 * What the registry says of one code: its words for administrators in both languages and, for an error
 * code, its kind, from which the HTTP status follows (src/http/problem.ts). Import-free, so every folder
 * (the errors, the source types, the console through the API) can share these shapes.
 */

export type ErrorKind =
  | 'invalid' // 400: the request is malformed or breaks a rule
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'too_large' // 413: a body larger than the server takes
  | 'unsupported_media' // 415
  | 'rate_limited' // 429
  | 'bad_gateway' // 502: an upstream (DingTalk) answered, but not as it should for us (usually its configuration)
  | 'unavailable' // 503: a dependency is down
  | 'internal'; // 500

/** A short text in both languages of the console and the pages. */
export interface Texts {
  en: string;
  'zh-CN': string;
}

/** A code's words; an error code (one Portico raises) also has its kind. Reasons and actions have none. */
export interface CodeEntry extends Texts {
  kind?: ErrorKind;
}

export type CodeTable = Readonly<Record<string, CodeEntry>>;

/** The codes of a table that are errors, or errors of the kind given. */
export type ErrorCodeOf<T, K extends ErrorKind = ErrorKind> = { [C in keyof T]: T[C] extends { kind: K } ? C : never }[keyof T] & string;

/** Where a template names the source type: `{type}.bound_auto` is `dingtalk.bound_auto` for DingTalk. */
export const TYPE_PLACEHOLDER = '{type}';
/** Where a template's words name the source type: "Bound automatically ({source})". */
export const NAME_PLACEHOLDER = '{source}';

/** A template's codes for one type, as the type checker sees them: `{type}.bound` becomes `` `${T}.bound` ``. */
export type ExpandedFor<Table, T extends string> = { [C in keyof Table as C extends `${infer A}{type}${infer B}` ? `${A}${T}${B}` : C]: Table[C] };
