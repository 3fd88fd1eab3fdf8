/** Second factors' answer shapes, for the User Center and the Enterprise Center. Type-only and import-free (the console shares them). */
export interface Factor {
  id: string;
  /** An authenticator app (TOTP), or a passkey or security key (WebAuthn). */
  type: 'totp' | 'passkey';
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** A user's second factors: their authenticator apps, and how many unused recovery codes they hold. */
export interface UserFactors {
  factors: Factor[];
  recoveryCodesLeft: number;
}

/**
 * When an application asks for a second factor after the sign-in method: never; always; only after
 * some methods (source types such as `sms` or `dingtalk`); or on a device that has not given one for
 * the application in the last `rememberDays` days.
 */
export const SECOND_FACTOR_MODES = ['never', 'always', 'after_methods', 'new_device'] as const;
export type SecondFactorMode = (typeof SECOND_FACTOR_MODES)[number];

export interface SecondFactorPolicy {
  mode: SecondFactorMode;
  /** `after_methods`: the source types after which the second factor is asked. */
  methods: string[];
  /** `new_device`: how long a device that gave the second factor is remembered. */
  rememberDays: number;
  /** People without a factor set up an authenticator app at their next sign-in (else they go on with one factor). */
  enroll: boolean;
}

/** The longest a device is remembered: a year is what browsers let a cookie live (RFC 6265bis caps it at 400 days). */
export const MAX_REMEMBER_DAYS = 365;

export const DEFAULT_SECOND_FACTOR_POLICY: SecondFactorPolicy = { mode: 'never', methods: [], rememberDays: 30, enroll: true };
