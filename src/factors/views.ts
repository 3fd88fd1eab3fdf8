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

/**
 * The kinds of second factor an application may accept: an authenticator app's code, a passkey or
 * security key, a code sent by SMS to the person's mobile (never after an SMS sign-in: the same SIM).
 */
export const SECOND_FACTOR_KINDS = ['totp', 'passkey', 'sms'] as const;
export type SecondFactorKind = (typeof SECOND_FACTOR_KINDS)[number];

/** A second factor a sign-in gave, and when (ms): the SSO session keeps them, and a stricter application asks only for what is missing. */
export interface GivenFactor {
  /** `recovery`: one of the person's recovery codes, which stands in for whichever factor they lost. */
  kind: SecondFactorKind | 'recovery';
  at: number;
}
export type SecondFactorMode = (typeof SECOND_FACTOR_MODES)[number];

export interface SecondFactorPolicy {
  mode: SecondFactorMode;
  /** `after_methods`: the source types after which the second factor is asked. */
  methods: string[];
  /** `new_device`: how long a device that gave the second factor is remembered. */
  rememberDays: number;
  /** People without a factor set up an authenticator app at their next sign-in (else they go on with one factor). */
  enroll: boolean;
  /** The kinds of second factor accepted (at least one). */
  factors: SecondFactorKind[];
}

/** The longest a device is remembered: a year is what browsers let a cookie live (RFC 6265bis caps it at 400 days). */
export const MAX_REMEMBER_DAYS = 365;

/**
 * SMS codes are accepted only when an administrator says so: NIST SP 800-63B §5.1.3.3 calls codes over
 * the phone network a restricted authenticator (SIM swaps, interception), and with them everyone who
 * has a mobile would skip setting up an app or a key.
 */
export const DEFAULT_SECOND_FACTOR_POLICY: SecondFactorPolicy = { mode: 'never', methods: [], rememberDays: 30, enroll: true, factors: ['totp', 'passkey'] };
