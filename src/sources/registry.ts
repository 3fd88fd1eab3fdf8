/**
 * The registry of authentication source types. Adding WeCom or Feishu later means one more file
 * under types/ and one line here.
 */
import type { TObject } from '@sinclair/typebox';
import { invalid } from '../errors.ts';
import { dingtalkSourceType } from './types/dingtalk.ts';
import { passwordSourceType } from './types/password.ts';
import { smsSourceType } from './types/sms.ts';

/** Lookups a type's rules need, provided by the caller so the rules stay free of SQL. */
export interface SourceRefs {
  assertOrgUnit(id: string, field: string): Promise<void>;
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
  /** Rules across fields and references, beyond what the schema says. */
  check(config: C, refs: SourceRefs): Promise<void>;
}

export const SOURCE_TYPES: readonly SourceType<any>[] = [passwordSourceType, smsSourceType, dingtalkSourceType];
export const SOURCE_TYPE_NAMES = SOURCE_TYPES.map((t) => t.type);

export function sourceType(type: string): SourceType<any> {
  const found = SOURCE_TYPES.find((t) => t.type === type);
  if (!found) throw invalid('source.unknown_type', `Unknown source type ${JSON.stringify(type)}.`, '/type');
  return found;
}
