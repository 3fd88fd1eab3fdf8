import type { FastifyRequest } from 'fastify';
import type { Store, Tx } from '../store/database.ts';
import { recordAudit } from '../audit/audit.ts';
import { actorOf } from './auth.ts';

export interface Change<T> {
  result: T;
  action: string;
  target: { type: string; id: string };
  before?: unknown;
  after?: unknown;
  /** `security` for changes to who can sign in and how (sources, the User Center's Login Configuration) and for ending a user's sign-ins; `admin` otherwise. */
  category?: 'admin' | 'security';
}

/** Runs an admin change and its audit event in one transaction: both happen, or neither. */
export async function audited<T>(store: Store, request: FastifyRequest, change: (tx: Tx) => Promise<Change<T>>): Promise<T> {
  return store.transaction(async (tx) => {
    const c = await change(tx);
    await recordAudit(tx, actorOf(request), { category: c.category ?? 'admin', action: c.action, target: c.target, before: c.before, after: c.after });
    return c.result;
  });
}
