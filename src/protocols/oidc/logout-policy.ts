/**
 * What an application registering logout URIs can count on (the console's hints say it; the provider
 * applies it: src/oidc/policy.ts re-exports it, src/oidc/logout/ uses it).
 */

/**
 * How long the provider waits for an application's back-channel logout endpoint to answer a logout
 * token: everyone's sign-out waits for the slowest application, and one that is down must not hold
 * it up (Back-Channel Logout 1.0 §2.7 lets the OP give up; the failure is audited).
 */
export const BACKCHANNEL_LOGOUT_TIMEOUT_MS = 2000;
