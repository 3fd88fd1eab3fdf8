/** The sign-in methods every Portico has, built in and configured by nothing but their limits (src/otp/, src/login/). */
import { Type } from '@sinclair/typebox';
import type { SourceType } from './types.ts';

const nothingToConfigure = { singleton: true, configSchema: Type.Object({}, { additionalProperties: false }), secretFields: [], trustFields: [], async check() {} } as const;

/** Username (or mobile/email) and password; the hash parameters live in crypto/password.ts. */
export const passwordSourceType: SourceType<Record<string, never>> = {
  type: 'password',
  label: 'Password',
  messages: { en: { 'source.password': 'Password' }, 'zh-CN': { 'source.password': '密码' } },
  ...nothingToConfigure,
};

/** Phone number + verification code. Code lifetime and limits are security constants in otp/. */
export const smsSourceType: SourceType<Record<string, never>> = {
  type: 'sms',
  label: 'SMS verification code',
  messages: { en: { 'source.sms': 'SMS code' }, 'zh-CN': { 'source.sms': '短信验证码' } },
  ...nothingToConfigure,
};
