/** Login events as metrics: every step by reason, and the sign-in attempts that ended, by method and outcome. */
import type { PorticoMetrics } from './portico.ts';

/** The login-event actions that end a sign-in attempt, and the method each one is. */
const METHOD_OF_ACTION: Readonly<Record<string, string>> = {
  'login.password': 'password',
  'login.sms': 'sms',
  'login.dingtalk': 'dingtalk',
  'login.dingtalk.bind': 'dingtalk_phone_bind',
};

export interface CountedLoginEvent {
  action: string;
  outcome: 'success' | 'failure';
  reason: string;
  userId?: string | null;
}

export function countLoginEvent(metrics: PorticoMetrics, e: CountedLoginEvent): void {
  metrics.loginEvents.inc({ action: e.action, outcome: e.outcome, reason: e.reason });
  const method = METHOD_OF_ACTION[e.action];
  // A success names the user only when a session was started (finishSignIn). A DingTalk scan that
  // continues to the phone + code page is a success without a user: counted when that page ends.
  if (method && (e.outcome === 'failure' || e.userId)) metrics.logins.inc({ method, outcome: e.outcome });
}
