/** Audit events: every admin change and every login step, with who, what, where from, and when. */
import type { Db, Tx } from '../store/database.ts';
import { nowIso } from '../store/database.ts';
import { paginateCapped, type PageRequest } from '../store/paginate.ts';
import { prepareQuery } from '../store/prepared.ts';

type Conn = Db | Tx;

export interface Actor {
  /** `identity_source`: a directory sync's changes (src/sync/), named by the source. */
  type: 'admin' | 'user' | 'system' | 'anonymous' | 'identity_source';
  id: string | null;
  name: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** Every category an event may have: retention (./retention.ts) keeps login events and the others for their own periods. */
export const AUDIT_CATEGORIES = ['admin', 'security', 'login', 'user'] as const;

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, name: 'system', ip: null, userAgent: null };

export interface AuditInput {
  /** `security`: changes to who can sign in and how (an admin's: src/admin/audited.ts; a person's own second factors: src/usercenter/my-factors.ts), and operator actions. */
  category: (typeof AUDIT_CATEGORIES)[number];
  /** A registered code (src/codes/actions.ts; a sign-in's steps by source type, src/codes/templates.ts), as `reason` is. */
  action: string;
  target?: { type: string; id: string };
  outcome?: 'success' | 'failure';
  /** Stable reason code, registered with its words (src/identity/codes.ts), e.g. `dingtalk.bound_auto`, `otp.too_many_attempts`. */
  reason?: string;
  /** A login event that ends a sign-in attempt: the source type it was made with. */
  method?: string;
  before?: unknown;
  after?: unknown;
}

/** Keys never written to the audit log, whatever object they sit in (defence in depth behind the views). */
const SECRET_KEY = /secret|password|token|passcode|^code$/i;

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => !SECRET_KEY.test(key))
        .map(([key, v]) => [key, redact(v)]),
    );
  }
  return value;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(redact(v)));

const COLUMNS = ['at', 'category', 'actor_type', 'actor_id', 'actor_name', 'action', 'target_type', 'target_id', 'outcome', 'reason', 'method', 'before', 'after', 'ip', 'user_agent'] as const;
// Written on every login step: prepared once (src/store/prepared.ts).
const insertEvent = prepareQuery(COLUMNS, (conn, v) => conn.insertInto('audit_events').values(v));

function auditRow(actor: Actor, event: AuditInput, at: string) {
  return {
    at,
    category: event.category,
    actor_type: actor.type,
    actor_id: actor.id,
    actor_name: actor.name,
    action: event.action,
    target_type: event.target?.type ?? null,
    target_id: event.target?.id ?? null,
    outcome: event.outcome ?? 'success',
    reason: event.reason ?? null,
    method: event.method ?? null,
    before: json(event.before),
    after: json(event.after),
    ip: actor.ip,
    user_agent: actor.userAgent?.slice(0, 512) ?? null,
  };
}

export async function recordAudit(conn: Conn, actor: Actor, event: AuditInput): Promise<void> {
  await insertEvent(conn, auditRow(actor, event, nowIso()));
}

/** Many events of one actor at once (a directory sync's batch of changes). */
export async function recordAudits(conn: Conn, actor: Actor, events: AuditInput[]): Promise<void> {
  const at = nowIso();
  for (let i = 0; i < events.length; i += 100) {
    await conn.insertInto('audit_events').values(events.slice(i, i + 100).map((e) => auditRow(actor, e, at))).execute();
  }
}

export interface AuditFilter {
  category?: string;
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  outcome?: string;
  from?: string;
  to?: string;
}

/** The events a filter selects (the Audit page's, and its export's). */
function filtered(conn: Conn, filter: AuditFilter) {
  let query = conn.selectFrom('audit_events').selectAll();
  if (filter.category) query = query.where('category', '=', filter.category);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
  if (filter.targetType) query = query.where('target_type', '=', filter.targetType);
  if (filter.targetId) query = query.where('target_id', '=', filter.targetId);
  if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
  if (filter.from) query = query.where('at', '>=', new Date(filter.from).toISOString());
  if (filter.to) query = query.where('at', '<', new Date(filter.to).toISOString());
  return query;
}

type AuditRow = Awaited<ReturnType<ReturnType<typeof filtered>['executeTakeFirstOrThrow']>>;

/** An event as the API shows it. */
const eventView = (r: AuditRow) => ({
  id: r.id,
  at: r.at,
  category: r.category,
  actor: { type: r.actor_type, id: r.actor_id, name: r.actor_name },
  action: r.action,
  target: r.target_type ? { type: r.target_type, id: r.target_id } : null,
  outcome: r.outcome,
  reason: r.reason,
  method: r.method,
  before: r.before ? JSON.parse(r.before) : null,
  after: r.after ? JSON.parse(r.after) : null,
  ip: r.ip,
  userAgent: r.user_agent,
});

/**
 * Newest first: by time, then by id (the order they were written in) for events of the same millisecond.
 * The log holds millions of events: the count stops at the cap (paginateCapped), and a page is read by
 * its ids, found on an index in that order (migration 019's (category, at, id, outcome) and (action, at,
 * id, outcome); 001's (at) for a date range alone).
 */
export async function listAudit(conn: Conn, filter: AuditFilter, page: PageRequest) {
  const newestFirst = filtered(conn, filter).orderBy('at', 'desc').orderBy('id', 'desc');
  return paginateCapped(conn, newestFirst, page, eventView, {
    rows: ({ limit, offset }) =>
      conn
        .selectFrom('audit_events')
        .selectAll()
        .where('id', 'in', newestFirst.clearSelect().select('id').limit(limit).offset(offset))
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .execute(),
  });
}

/** Events read per query of an export: a long export never holds a statement open between batches. */
const EXPORT_BATCH = 1_000;

/**
 * The events a filter selects as JSON Lines (one event per line, oldest first), read in batches by id
 * (keyset: each batch starts after the last id, so events written meanwhile never shift it).
 */
export async function* exportAudit(conn: Conn, filter: AuditFilter): AsyncGenerator<string> {
  let after = 0;
  for (;;) {
    const rows = await filtered(conn, filter).where('id', '>', after).orderBy('id', 'asc').limit(EXPORT_BATCH).execute();
    if (rows.length) yield rows.map((r) => JSON.stringify(eventView(r)) + '\n').join('');
    if (rows.length < EXPORT_BATCH) return;
    after = rows[rows.length - 1].id;
  }
}
