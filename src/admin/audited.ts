import type { FastifyRequest } from 'fastify';
import type { Store, Tx } from '../store/database.ts';
import { recordAudit, type Actor } from '../audit/audit.ts';
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
  return auditedAs(store, actorOf(request), change);
}

/** The same, for a change no request made: the operator's command line (src/cli/) names its own actor. */
export async function auditedAs<T>(store: Store, actor: Actor, change: (tx: Tx) => Promise<Change<T>>): Promise<T> {
  return store.transaction(async (tx) => {
    const c = await change(tx);
    await recordAudit(tx, actor, { category: c.category ?? 'admin', action: c.action, target: c.target, before: c.before, after: c.after });
    return c.result;
  });
}
