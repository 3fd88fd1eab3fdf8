/**
 * The sign-in methods every Portico has, built in and configured by nothing but their limits
 * (src/otp/, src/login/, src/factors/passkey.ts): each draws its own form on the login page.
 */
import { Type } from '@sinclair/typebox';
import { html } from '../pages/html.ts';
import { phoneAndCode, usernameAndPassword } from '../pages/forms.ts';
import { PASSKEY_SCRIPT, passkeyForm } from '../pages/passkey-form.ts';
import type { SourceType } from './types.ts';

const nothingToConfigure = { singleton: true, configSchema: Type.Object({}, { additionalProperties: false }), secretFields: [], trustFields: [], async check() {} } as const;

/** Username (or mobile/email) and password; the hash parameters live in crypto/password.ts. */
export const passwordSourceType: SourceType<Record<string, never>> = {
  type: 'password',
  label: 'Password',
  messages: { en: { 'source.password': 'Password' }, 'zh-CN': { 'source.password': '密码' } },
  ...nothingToConfigure,
  panel: {
    render: (t, m) => html`<form method="post" action="/login/password">${m.fields}
${usernameAndPassword(t, m)}
<button class="block" type="submit">${t('action.signin')}</button></form>`,
  },
};

/** Phone number + verification code. Code lifetime and limits are security constants in otp/. */
export const smsSourceType: SourceType<Record<string, never>> = {
  type: 'sms',
  label: 'SMS verification code',
  messages: { en: { 'source.sms': 'SMS code' }, 'zh-CN': { 'source.sms': '短信验证码' } },
  ...nothingToConfigure,
  panel: {
    render: (t, m) => html`<form method="post" action="/login/sms">${m.fields}
${phoneAndCode(t, { phone: m.phone, resendAfterSec: m.resendAfterSec })}
<button class="block" type="submit" name="action" value="verify">${t('action.signin')}</button></form>`,
    scripts: ['/assets/countdown.js'],
  },
};

/** A passkey the person registered in the User Center, without a username (discoverable credentials). */
export const passkeySourceType: SourceType<Record<string, never>> = {
  type: 'passkey',
  label: 'Passkey',
  messages: {
    en: { 'source.passkey': 'Passkey', 'method.passkey': 'Passkey' },
    'zh-CN': { 'source.passkey': '通行密钥', 'method.passkey': '通行密钥登录' },
  },
  ...nothingToConfigure,
  panel: {
    render: (t, m) => html`<p class="sub">${t('passkey.signInIntro')}</p>
${passkeyForm(t, { mode: 'get', action: '/login/passkey', options: '/login/passkey/options', label: t('passkey.signIn'), fields: m.fields })}`,
    scripts: [PASSKEY_SCRIPT],
  },
};
