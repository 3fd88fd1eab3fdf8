/**
 * The registry of source types. A new type is a folder under src/identity/ (its type, its messages,
 * its codes) and one line here: nothing else names it.
 */
import { fail, invalid } from '../errors.ts';
import { addMessages } from '../pages/i18n.ts';
import type { ExternalDeps, ExternalSignIn, SourcePolicy, SourceType } from './types.ts';
import { passkeySourceType, passwordSourceType, smsSourceType } from './builtin.ts';
import { dingtalkSourceType } from './dingtalk/type.ts';
import { openidSourceType } from './openid/type.ts';

export const SOURCE_TYPES: readonly SourceType[] = [passwordSourceType, smsSourceType, passkeySourceType, dingtalkSourceType, openidSourceType];
export const SOURCE_TYPE_NAMES = SOURCE_TYPES.map((def) => def.type);
/** The sign-in methods a login event may record: every type, and the further methods of the types that have several. */
export const SIGN_IN_METHODS = SOURCE_TYPES.flatMap((def) => [def.type, ...Object.keys(def.external?.methods ?? {})]);
for (const def of SOURCE_TYPES) if (def.messages) addMessages(def.messages);
// A further method's name where pages name a method (the User Center's recent sign-ins: `method.<method>`).
for (const def of SOURCE_TYPES) {
  const methods = Object.entries(def.external?.methods ?? {});
  if (methods.length) addMessages({ en: Object.fromEntries(methods.map(([m, n]) => [`method.${m}`, n.en])), 'zh-CN': Object.fromEntries(methods.map(([m, n]) => [`method.${m}`, n['zh-CN']])) });
}

export function sourceType(type: string): SourceType {
  const found = SOURCE_TYPES.find((def) => def.type === type);
  if (!found) throw invalid('source.unknown_type', `Unknown source type ${JSON.stringify(type)}.`, '/type');
  return found;
}

/** The type of an external source, for its sign-in routes; a type that signs in locally is no route's. */
export function externalType(type: string): SourceType & { external: ExternalSignIn<any> } {
  const found = SOURCE_TYPES.find((def) => def.type === type);
  if (!found?.external) throw fail('route.not_found', `No sign-in route for ${JSON.stringify(type)}.`);
  return found as SourceType & { external: ExternalSignIn<any> };
}

/** The policy a deployment's configuration sets. */
export const sourcePolicyOf = (config: { dingtalkCustomEndpoints: boolean }): SourcePolicy => ({ allowCustomEndpoints: config.dingtalkCustomEndpoints });

/** What a node gives the external types: built once, with the node's logger (a type's clients outlive requests). */
export function externalDeps(node: { config: { dingtalkCustomEndpoints: boolean }; shortLived: ExternalDeps['shortLived']; metrics?: ExternalDeps['metrics'] }, logger: ExternalDeps['logger']): ExternalDeps {
  return { shortLived: node.shortLived, metrics: node.metrics, logger, policy: sourcePolicyOf(node.config) };
}

/** Where an external source's upstream sends people back: one path per type and source (RFC 9700 §4.4.2, mix-up defence). */
export const callbackPath = (type: string, sourceId: string) => `/login/callback/${type}/${sourceId}`;
