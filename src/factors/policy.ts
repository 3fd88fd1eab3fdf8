/** Whether a sign-in needs its second factor, and which, by the application's policy: plain functions of what is known. */
import { DEFAULT_SECOND_FACTOR_POLICY, type GivenFactor, type SecondFactorKind, type SecondFactorPolicy } from './views.ts';

export function policyOf(stored: string | null | undefined): SecondFactorPolicy {
  return { ...DEFAULT_SECOND_FACTOR_POLICY, ...(stored ? (JSON.parse(stored) as Partial<SecondFactorPolicy>) : {}) };
}

/** What a person holds: their authenticator apps and keys, and whether they have a mobile a code can be sent to. */
export interface HeldFactors {
  totp: boolean;
  passkey: boolean;
  mobile: boolean;
}

export interface SignInFacts {
  /** What the sign-in used so far (RFC 8176). */
  amr: readonly string[];
  /** The source type of its first factor (absent for a session older than the rule). */
  method?: string;
  /** The second factors it gave (absent for a session older than the rule: then `mfa` in `amr` counts). */
  factors?: readonly GivenFactor[];
  /** This browser gave a second factor to this application within the policy's remembered days. */
  knownDevice: boolean;
  held: HeldFactors;
}

/** The kinds the policy accepts that this person can give now: an SMS code only to a mobile, and never after an SMS sign-in. */
export function usableFactors(policy: SecondFactorPolicy, held: HeldFactors, method?: string): SecondFactorKind[] {
  return policy.factors.filter((k) => (k === 'sms' ? held.mobile && method !== 'sms' : held[k]));
}

/** The kinds a person without one may set up at the sign-in (an SMS code needs nothing set up). */
export const enrollableFactors = (policy: SecondFactorPolicy) => policy.factors.filter((k): k is 'totp' | 'passkey' => k !== 'sms');

/** Whether the second factors given already answer this policy (a recovery code answers any). */
export function secondFactorGiven(policy: SecondFactorPolicy, s: Pick<SignInFacts, 'amr' | 'factors'>): boolean {
  if (!s.factors) return s.amr.includes('mfa');
  return s.factors.some((f) => f.kind === 'recovery' || policy.factors.includes(f.kind));
}

export function secondFactorDue(policy: SecondFactorPolicy, s: SignInFacts): boolean {
  if (secondFactorGiven(policy, s)) return false;
  const asked =
    policy.mode === 'always' ||
    (policy.mode === 'after_methods' && s.method !== undefined && policy.methods.includes(s.method)) ||
    (policy.mode === 'new_device' && !s.knownDevice);
  // Someone who can give none of the accepted kinds enrolls when the policy has them enroll (or is told they cannot go on).
  return asked && (usableFactors(policy, s.held, s.method).length > 0 || policy.enroll);
}
