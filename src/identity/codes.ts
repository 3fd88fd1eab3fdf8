/**
 * The registry of codes, composed: Portico's own (src/codes/), the templates every source type has
 * under its type and name, and each registered type's own codes. Here because both are visible here:
 * src/codes/ knows no type, and the types import src/codes/. GET /api/admin/v1/codes serves it.
 */
import type { CodeEntry, Texts } from '../codes/entry.ts';
import { composeCodes } from '../codes/compose.ts';
import { PorticoError, type PorticoErrorOptions } from '../errors.ts';
import { SOURCE_TYPES } from './registry.ts';
import { typeName } from './type-name.ts';

/** Every source type's name in both languages, by type. */
export const TYPE_NAMES: Readonly<Record<string, Texts>> = Object.fromEntries(SOURCE_TYPES.map((def) => [def.type, typeName(def)]));

/** The names of the sign-in methods that are not a type of their own (DingTalk's in-app sign-in), by method. */
export const METHOD_NAMES: Readonly<Record<string, Texts>> = Object.fromEntries(SOURCE_TYPES.flatMap((def) => Object.entries(def.external?.methods ?? {})));

/** Every code with its words (and an error's kind). Composed once; a code defined twice stops the start. */
export const CODES: Readonly<Record<string, CodeEntry>> = composeCodes(
  SOURCE_TYPES.map((def) => ({ type: def.type, name: TYPE_NAMES[def.type], external: !!def.external, codes: def.codes ?? {} })),
);

/**
 * Raises a code known only when it runs (a binding decision's reason, `<type>.not_associated.denied`),
 * with the kind the registry gives it. An unregistered or non-error code is a mistake in Portico: it
 * says so rather than guess a status.
 */
export function failWith(code: string, message: string, options?: PorticoErrorOptions): PorticoError {
  const kind = CODES[code]?.kind;
  if (!kind) throw new Error(`${JSON.stringify(code)} is not a registered error code`);
  return new PorticoError(kind, code, message, options);
}
