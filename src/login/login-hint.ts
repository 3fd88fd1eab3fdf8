/**
 * `login_hint` (OpenID Connect Core §3.1.2.1): the application's hint of who is signing in. The login
 * page takes it as a suggestion, never as a claim: a mobile number selects the SMS method with the
 * number filled in (no code is sent until the person asks for one), anything else fills the sign-in
 * name of the password form (which takes a username, a mobile number or an email address). A hint
 * that fits no enabled method, or is not visible text of a plausible length, is ignored.
 */
import { normalizePhone } from '../directory/phone.ts';
import { hasInvisibleCharacters } from '../validation.ts';

/** The longest hint taken: an email address's maximum (RFC 5321 §4.5.3.1.3: a path of 256 with its brackets). */
const LOGIN_HINT_MAX_LENGTH = 254;

interface Method {
  sourceId: string;
  type: string;
}

/** What the login page shows for a hint: the method selected, and the field filled. */
export interface HintedLogin {
  selected?: string;
  username?: string;
  phone?: string;
}

export function loginHintState(hint: unknown, methods: readonly Method[]): HintedLogin {
  if (typeof hint !== 'string') return {};
  const value = hint.trim();
  if (!value || value.length > LOGIN_HINT_MAX_LENGTH || hasInvisibleCharacters(value)) return {};
  const sms = methods.find((m) => m.type === 'sms');
  if (sms && normalizePhone(value)) return { selected: sms.sourceId, phone: value };
  const password = methods.find((m) => m.type === 'password');
  return password ? { selected: password.sourceId, username: value } : {};
}
