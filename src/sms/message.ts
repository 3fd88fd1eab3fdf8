// Every sender checks the message before sending it; a bad one is a programming error, reported without the code.
import { SmsSendError } from './errors.ts';
import { isE164 } from './phone.ts';
import type { SmsMessage } from './types.ts';

const PURPOSES: ReadonlyArray<SmsMessage['purpose']> = ['login', 'bind'];
const LOCALES: ReadonlyArray<SmsMessage['locale']> = ['zh-CN', 'en'];

export function validateMessage(message: SmsMessage): void {
  const problem = problemOf(message);
  if (problem) throw new SmsSendError(`Invalid SMS message: ${problem}.`, { retryable: false });
}

function problemOf(m: SmsMessage): string | undefined {
  if (typeof m?.phone !== 'string' || !isE164(m.phone)) return 'phone must be E.164 (e.g. +8613800000001)';
  if (typeof m.code !== 'string' || !/^\d{6}$/.test(m.code)) return 'code must be 6 digits';
  if (!PURPOSES.includes(m.purpose)) return `purpose must be one of ${PURPOSES.join(', ')}`;
  if (!LOCALES.includes(m.locale)) return `locale must be one of ${LOCALES.join(', ')}`;
  if (!Number.isInteger(m.ttlMinutes) || m.ttlMinutes < 1 || m.ttlMinutes > 1440) return 'ttlMinutes must be a whole number from 1 to 1440';
  return undefined;
}
