/**
 * The registry of application protocols. A new protocol is a folder under src/protocols/ (its settings,
 * its rules, its endpoints) and one line here, with the routes that speak it registered by the
 * composition root (src/app/build.ts): nothing else names it.
 */
import { Type, type TObject, type TProperties } from '@sinclair/typebox';
import { invalid } from '../errors.ts';
import type { ApplicationProtocol } from './types.ts';
import { oidcProtocol } from './oidc/protocol.ts';
import { casProtocol } from './cas/protocol.ts';
import { samlProtocol } from './saml/protocol.ts';

export const PROTOCOLS: readonly ApplicationProtocol[] = [oidcProtocol, casProtocol, samlProtocol];
export const PROTOCOL_NAMES = PROTOCOLS.map((p) => p.name);
/** What an application created without naming a protocol speaks: the first one (the API had no `protocol` before). */
export const DEFAULT_PROTOCOL = PROTOCOLS[0].name;

/** The protocol named, or a 400 listing the supported ones. */
export function applicationProtocol(name: unknown): ApplicationProtocol {
  const found = PROTOCOLS.find((p) => p.name === name);
  if (!found) {
    throw invalid(
      'application.unsupported_protocol',
      `${JSON.stringify(name)} is not a protocol Portico supports for applications; supported: ${PROTOCOL_NAMES.join(', ')}.`,
      '/protocol',
      { supported: PROTOCOL_NAMES },
    );
  }
  return found;
}

/** A change to a protocol's settings: any of them, none required. Built once per protocol (compiled once by src/validation.ts). */
const changeSchemas = new Map(PROTOCOLS.map((p) => [p.name, Type.Partial(p.settingsSchema, { additionalProperties: false })]));
export const settingsChangeSchema = (protocol: ApplicationProtocol): TObject => changeSchemas.get(protocol.name)!;

/**
 * Every protocol's fields of one kind (`settingsSchema` or `viewSchema`), none required: for the admin
 * API's schemas, which document them all. Each application's own protocol checks its own, and a field
 * two protocols share must mean the same in both.
 */
export function everyProtocolField(kind: 'settingsSchema' | 'viewSchema'): TProperties {
  return Type.Partial(Type.Object(Object.assign({}, ...PROTOCOLS.map((p) => p[kind].properties)))).properties;
}
