/**
 * The `prompt` values the provider accepts (OpenID Connect Core §3.1.2.1), as its interaction policy,
 * checked in this order:
 *
 * - `select_account`: the person chooses the account to continue with: the one signed in, or another
 *   (a sign-in). Many client libraries send it; without a session it is simply the login page.
 * - `create` (Initiating User Registration via OpenID Connect 1.0): Portico has no self-registration
 *   (accounts come from the Enterprise Center and the identity sources), so it shows the login page,
 *   as `prompt=login` does. It is accepted so that clients sending it are not refused, and left out of
 *   `prompt_values_supported`, so that applications offer no sign-up button that could not sign anyone up.
 * - `login`, `consent`: the library's; the login prompt also asks for Portico's SSO session
 *   (src/oidc/sso-bridge.ts).
 *
 * Both new prompts come before `login`: without a session, choosing an account (or registering) and
 * signing in are one interaction, the login page's.
 */
import { interactionPolicy } from 'oidc-provider';
import type { Sessions } from '../login/session.ts';
import { porticoSessionCheck, secondFactorCheck, type StepUpDue } from './sso-bridge.ts';

export const SELECT_ACCOUNT = 'select_account';
export const CREATE = 'create';

/** Prompts that only a sign-in newer than the request answers. */
export const FRESH_SIGN_IN_PROMPTS: readonly string[] = ['login', CREATE];

/** The prompts an interaction answers by signing in (or by the signed-in account), whatever prompt it stopped at. */
export const SIGN_IN_PROMPTS: readonly string[] = [SELECT_ACCOUNT, CREATE, 'login'];

export function interactionPrompts(sessions: Sessions, stepUpDue: StepUpDue): interactionPolicy.DefaultPolicy {
  const policy = interactionPolicy.base();
  policy.get('login')!.checks.add(porticoSessionCheck(sessions));
  policy.get('login')!.checks.add(secondFactorCheck(sessions, stepUpDue));
  const login = policy.findIndex((prompt) => prompt.name === 'login');
  policy.add(new interactionPolicy.Prompt({ name: SELECT_ACCOUNT, requestable: true }), login);
  policy.add(new interactionPolicy.Prompt({ name: CREATE, requestable: true }), login + 1);
  return policy;
}

/** Discovery's `prompt_values_supported`: `none` and what the policy lets a request name, but `create` (above). */
export const promptValuesSupported = (policy: interactionPolicy.DefaultPolicy) => ['none', ...policy.filter((p) => p.requestable && p.name !== CREATE).map((p) => p.name)];

/** The prompt values an authorization request named (space-delimited). */
export const requestedPrompts = (params: Record<string, unknown>) => new Set(String(params.prompt ?? '').split(' ').filter(Boolean));

/** What an interaction's result says it resolved besides `login`: each of the new prompts the request named. */
export const resolvedPrompts = (prompts: ReadonlySet<string>): Record<string, object> =>
  Object.fromEntries([SELECT_ACCOUNT, CREATE].filter((name) => prompts.has(name)).map((name) => [name, {}]));
