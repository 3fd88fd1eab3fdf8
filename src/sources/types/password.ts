import { Type } from '@sinclair/typebox';
import type { SourceType } from '../registry.ts';

/** Username (or mobile/email) and password; the hash parameters live in crypto/password.ts. */
export const passwordSourceType: SourceType<Record<string, never>> = {
  type: 'password',
  label: 'Password',
  singleton: true,
  configSchema: Type.Object({}, { additionalProperties: false }),
  secretFields: [],
  trustFields: [],
  async check() {},
};
