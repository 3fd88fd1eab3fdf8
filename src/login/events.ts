/** Login events: every step and outcome of a sign-in, with a stable reason code. */
import type { FastifyRequest } from 'fastify';
import type { Db, Tx } from '../store/database.ts';
import { recordAudit, type Actor } from '../audit/audit.ts';
import { countLoginEvent } from '../metrics/login.ts';
import type { PorticoMetrics } from '../metrics/portico.ts';

export interface LoginEvent {
  /** e.g. `login.password`, `login.dingtalk`, `login.dingtalk.bind`, `login.sms.send` */
  action: string;
  outcome: 'success' | 'failure';
  reason: string;
  userId?: string | null;
  applicationId?: string;
  sourceId?: string;
  /**
   * Set on the events that end a sign-in attempt (not on steps such as sending a code): the source
   * type it was made with. The Dashboard counts sign-ins by it, the User Center lists them.
   */
  method?: string;
  /** The attempt ended on the phone + code binding page (counted apart in GET /metrics). */
  boundByPhone?: boolean;
  detail?: Record<string, unknown>;
}

/** Who acted, as the request shows it: the user when known, else anonymous. */
export function requestActor(request: FastifyRequest, userId?: string | null): Actor {
  return { type: userId ? 'user' : 'anonymous', id: userId ?? null, name: null, ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
}

export async function recordLoginEvent(conn: Db | Tx, request: FastifyRequest, e: LoginEvent): Promise<void> {
  await recordAudit(conn, requestActor(request, e.userId), {
    category: 'login',
    action: e.action,
    outcome: e.outcome,
    reason: e.reason,
    method: e.method,
    target: e.applicationId ? { type: 'application', id: e.applicationId } : undefined,
    after: { sourceId: e.sourceId, ...e.detail },
  });
  // The one place login events are recorded, so the one place they are counted (GET /metrics).
  const metrics: PorticoMetrics | undefined = request.server.metrics;
  if (metrics) countLoginEvent(metrics, e);
}
