/** Login events as metrics: every step by reason, and the sign-in attempts that ended, by method and outcome. */
import type { PorticoMetrics } from './portico.ts';

export interface CountedLoginEvent {
  action: string;
  outcome: 'success' | 'failure';
  reason: string;
  userId?: string | null;
  /** Set on the events that end a sign-in attempt: the source type. */
  method?: string;
  boundByPhone?: boolean;
}

export function countLoginEvent(metrics: PorticoMetrics, e: CountedLoginEvent): void {
  metrics.loginEvents.inc({ action: e.action, outcome: e.outcome, reason: e.reason });
  // A success names the user only when a session was started (finishSignIn). An external sign-in that
  // continues to the phone + code page is a success without a user: counted when that page ends.
  if (e.method && (e.outcome === 'failure' || e.userId)) metrics.logins.inc({ method: e.boundByPhone ? `${e.method}_phone_bind` : e.method, outcome: e.outcome });
}
