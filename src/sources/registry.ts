/**
 * The registry of authentication source types. Adding WeCom or Feishu later means one more file
 * under types/ and one line here.
 */
import type { TObject } from '@sinclair/typebox';
import { invalid } from '../errors.ts';
import { dingtalkSourceType } from './types/dingtalk.ts';
import { passwordSourceType } from './types/password.ts';
import { smsSourceType } from './types/sms.ts';

/** The operator's rules for every source (from the configuration, not from any admin). */
export interface SourcePolicy {
  /** Whether a source may talk to servers other than its vendor's own (a simulator in development). */
  allowCustomEndpoints: boolean;
}

/** The policy a deployment's configuration sets. */
export const sourcePolicyOf = (config: { dingtalkCustomEndpoints: boolean }): SourcePolicy => ({ allowCustomEndpoints: config.dingtalkCustomEndpoints });

/** Lookups a type's rules need, provided by the caller so the rules stay free of SQL; and the operator's policy. */
export interface SourceRefs {
  assertOrgUnit(id: string, field: string): Promise<void>;
  policy: SourcePolicy;
}

export interface SourceType<C> {
  type: string;
  label: string;
  /** Only one source of this type may exist (password, sms). */
  singleton: boolean;
  /** Every field of the configuration, secrets included (they are split off before storing). */
  configSchema: TObject;
  /** Fields encrypted at rest and never returned by any API. */
  secretFields: readonly string[];
  /** Fields only a super admin may set or change (src/sources/trust.ts). */
  trustFields: readonly string[];
  /** Rules across fields and references, beyond what the schema says. */
  check(config: C, refs: SourceRefs): Promise<void>;
  /**
   * Rules about the trust settings together, checked when they are set (a new source) or changed, so
   * that an older source can still be renamed by an admin who may not touch them.
   */
  checkTrust?(config: C): void;
}

export const SOURCE_TYPES: readonly SourceType<any>[] = [passwordSourceType, smsSourceType, dingtalkSourceType];
export const SOURCE_TYPE_NAMES = SOURCE_TYPES.map((t) => t.type);

export function sourceType(type: string): SourceType<any> {
  const found = SOURCE_TYPES.find((t) => t.type === type);
  if (!found) throw invalid('source.unknown_type', `Unknown source type ${JSON.stringify(type)}.`, '/type');
  return found;
}
