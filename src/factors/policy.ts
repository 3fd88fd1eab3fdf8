/** Whether a sign-in needs its second factor, by the application's policy: a plain function of what is known. */
import { DEFAULT_SECOND_FACTOR_POLICY, type SecondFactorPolicy } from './views.ts';

export function policyOf(stored: string | null | undefined): SecondFactorPolicy {
  return { ...DEFAULT_SECOND_FACTOR_POLICY, ...(stored ? (JSON.parse(stored) as Partial<SecondFactorPolicy>) : {}) };
}

export interface SignInFacts {
  /** What the sign-in used so far (RFC 8176): `mfa` once a second factor was given. */
  amr: readonly string[];
  /** The source type of its first factor (absent for a session older than the rule). */
  method?: string;
  /** This browser gave a second factor to this application within the policy's remembered days. */
  knownDevice: boolean;
  /** The person has an authenticator app (else they enroll, or go on when the policy does not have them enroll). */
  hasFactor: boolean;
}

export function secondFactorDue(policy: SecondFactorPolicy, s: SignInFacts): boolean {
  if (s.amr.includes('mfa')) return false;
  const asked =
    policy.mode === 'always' ||
    (policy.mode === 'after_methods' && s.method !== undefined && policy.methods.includes(s.method)) ||
    (policy.mode === 'new_device' && !s.knownDevice);
  return asked && (s.hasFactor || policy.enroll);
}
