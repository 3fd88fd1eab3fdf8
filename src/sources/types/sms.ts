import { Type } from '@sinclair/typebox';
import type { SourceType } from '../registry.ts';

/** Phone number + verification code. Code lifetime and limits are security constants in otp/. */
export const smsSourceType: SourceType<Record<string, never>> = {
  type: 'sms',
  label: 'SMS verification code',
  singleton: true,
  configSchema: Type.Object({}, { additionalProperties: false }),
  secretFields: [],
  trustFields: [],
  async check() {},
};
