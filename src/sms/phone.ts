// Phone numbers as the SMS senders need them: checked E.164, masked for logs, in Aliyun's format.

const E164 = /^\+[1-9]\d{7,14}$/;

export const isE164 = (phone: string): boolean => E164.test(phone);

/**
 * The phone for logs: the last 4 digits, and at most the first 5 (country code and operator prefix), the rest
 * as `*`: `+8613800000001` → `+86138****0001`, `+14155550100` → `+141****0100`. At least 3 digits are always
 * hidden. Anything that is not E.164 becomes `***` (it is not logged raw).
 */
export function maskPhone(phone: string): string {
  if (!isE164(phone)) return '***';
  const digits = phone.slice(1);
  const shown = Math.max(1, Math.min(5, digits.length - 8));
  return `+${digits.slice(0, shown)}${'*'.repeat(digits.length - shown - 4)}${digits.slice(-4)}`;
}

/**
 * Aliyun `PhoneNumbers`: mainland China numbers without the country code (`13800000001`), other countries
 * with the country code and no `+` (`14155550100`).
 */
export function toAliyunPhoneNumber(phone: string): string {
  return phone.startsWith('+86') ? phone.slice(3) : phone.slice(1);
}
