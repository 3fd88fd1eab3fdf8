/**
 * Portico's own codes, in one typed table: the errors it raises, the audit reasons and actions it records.
 * A source type's codes come from its folder, and the codes every type has from ./templates.ts; they
 * meet in the composed registry (src/identity/codes.ts).
 */
import type { ErrorCodeOf, ErrorKind } from './entry.ts';
import { CORE_ERRORS } from './errors.ts';
import { CORE_REASONS } from './reasons.ts';
import { OAUTH_ERRORS } from './oauth.ts';
import { CORE_ACTIONS } from './actions.ts';

/** The parts, by what they hold; a code in two of them is refused when the registry is composed. */
export const CORE_TABLES = { errors: CORE_ERRORS, reasons: CORE_REASONS, 'OAuth errors': OAUTH_ERRORS, actions: CORE_ACTIONS } as const;

export { CORE_ERRORS };

export const CORE_CODES = { ...CORE_ERRORS, ...CORE_REASONS, ...OAUTH_ERRORS, ...CORE_ACTIONS };

export type CoreCode = keyof typeof CORE_CODES;
/** The error codes Portico's own code raises, all or of one kind. */
export type CoreErrorCode<K extends ErrorKind = ErrorKind> = ErrorCodeOf<typeof CORE_ERRORS, K>;
