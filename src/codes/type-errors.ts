/**
 * The error codes a source type raises, with their kinds: the ones every external type has
 * (./templates.ts) under its type, and its own. A type's folder builds its raiser from them.
 */
import { TYPE_PLACEHOLDER, type CodeEntry, type CodeTable, type ErrorCodeOf, type ErrorKind, type ExpandedFor } from './entry.ts';
import { EXTERNAL_TYPE_TEMPLATES } from './templates.ts';

export type ExternalErrorCode<T extends string, Own extends CodeTable> = ErrorCodeOf<ExpandedFor<typeof EXTERNAL_TYPE_TEMPLATES, T> & Own>;

export function externalErrorKinds<T extends string, Own extends CodeTable>(type: T, own: Own): Record<ExternalErrorCode<T, Own>, { kind: ErrorKind }> {
  const templates = Object.entries<CodeEntry>(EXTERNAL_TYPE_TEMPLATES).map(([code, entry]) => [code.replace(TYPE_PLACEHOLDER, type), entry] as const);
  const errors = [...templates, ...Object.entries<CodeEntry>(own)].flatMap(([code, { kind }]) => (kind ? [[code, { kind }] as const] : []));
  return Object.fromEntries(errors) as Record<ExternalErrorCode<T, Own>, { kind: ErrorKind }>;
}
