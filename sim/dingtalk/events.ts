// Contact events (ref §2.4): each org change becomes one event per subscribed app of that org, goes through
// the chaos switches (drop, duplicate, reorder) and is handed to the app's transport (HTTP push or Stream).
// Every event is kept in a per-app log the test API shows: emitted, dropped, held, pending, acked, parked.
import type { OrgChange } from './org-changes.ts';
import { randomToken } from './util.ts';
import type { World } from './world.ts';

export type Subscription =
  | { transport: 'http_push'; url: string; token: string; aesKey: string }
  | { transport: 'stream' };

export type TransportName = Subscription['transport'];

/**
 * dropped: chaos, never delivered; held: chaos reorder, waits for the next event; pending: being delivered;
 * acked: the app confirmed it (Stream ACK, or a verified HTTP-push reply); parked: HTTP push gave up.
 */
export type EventStatus = 'dropped' | 'held' | 'pending' | 'acked' | 'parked';

export interface SimEvent {
  seq: number;
  eventId: string;
  /** Stream frame messageId; a redelivery or duplicate keeps it (and the eventId). */
  messageId: string;
  clientId: string;
  corpId: string;
  eventType: OrgChange['eventType'];
  userIds?: string[];
  deptIds?: number[];
  optStaffId?: string;
  /** Simulator clock, ms (eventBornTime / TimeStamp). */
  bornAt: number;
  transport: TransportName;
  status: EventStatus;
  /** Deliveries tried (redeliveries and chaos duplicates included). */
  deliveries: number;
  duplicate: boolean;
  duplicateSent?: boolean;
  lastError?: string;
  history: Array<{ at: string; note: string }>;
}

export interface EventTransport {
  /** Starts delivering. `extra`: a chaos duplicate after the event was acked: sent once, nothing awaited. */
  deliver(event: SimEvent, extra: boolean): void;
}

export interface Chaos {
  drop: number;
  duplicate: number;
  reorder: number;
}

/** Who did it (OptStaffId): absent for activation and department events, as in the captured payloads (C1). */
const OPERATOR = 'simadmin';
const LOG_LIMIT = 10_000;

export class EventHub {
  readonly subscriptions = new Map<string, Subscription>();
  readonly transports: Partial<Record<TransportName, EventTransport>> = {};
  chaos: Chaos = { drop: 0, duplicate: 0, reorder: 0 };
  private readonly world: World;
  private readonly logs = new Map<string, SimEvent[]>();
  private readonly held = new Map<string, SimEvent>();
  private seq = 0;

  constructor(world: World) {
    this.world = world;
  }

  reset(): void {
    this.subscriptions.clear();
    this.logs.clear();
    this.held.clear();
    this.chaos = { drop: 0, duplicate: 0, reorder: 0 };
  }

  log(clientId: string): SimEvent[] {
    return this.logs.get(clientId) ?? [];
  }

  /** One event per app of the org with a subscription; answers what was emitted. */
  emit(change: OrgChange): SimEvent[] {
    const emitted: SimEvent[] = [];
    for (const app of this.world.apps.values()) {
      const sub = app.corpId === change.corpId ? this.subscriptions.get(app.clientId) : undefined;
      if (!sub) continue;
      const ev = this.create(app.clientId, change, sub.transport);
      emitted.push(ev);
      this.route(ev);
    }
    return emitted;
  }

  /** Releases a held event (chaos reorder with no following event, or chaos cleared). */
  releaseHeld(): void {
    for (const ev of this.held.values()) this.dispatch(ev);
    this.held.clear();
  }

  note(ev: SimEvent, note: string): void {
    ev.history.push({ at: new Date(this.world.now()).toISOString(), note });
  }

  markAcked(ev: SimEvent, how: string): void {
    if (ev.status === 'acked') return;
    ev.status = 'acked';
    this.note(ev, how);
    if (ev.duplicate && !ev.duplicateSent) {
      ev.duplicateSent = true;
      this.note(ev, 'chaos: delivering a duplicate after the acknowledgement');
      this.transports[ev.transport]?.deliver(ev, true);
    }
  }

  markParked(ev: SimEvent, reason: string): void {
    ev.status = 'parked';
    ev.lastError = reason;
    this.note(ev, `parked: ${reason}`);
  }

  private create(clientId: string, change: OrgChange, transport: TransportName): SimEvent {
    const now = this.world.now();
    const seq = ++this.seq;
    const ev: SimEvent = {
      seq,
      eventId: randomToken(16),
      // Shaped like S4's example ("213d841d_972_1898bb26334_70a7").
      messageId: `${randomToken(4)}_${seq}_${now.toString(16)}_${randomToken(2)}`,
      clientId,
      corpId: change.corpId,
      eventType: change.eventType,
      ...('userIds' in change ? { userIds: change.userIds } : { deptIds: change.deptIds }),
      ...(change.eventType.startsWith('user_') && change.eventType !== 'user_active_org' ? { optStaffId: OPERATOR } : {}),
      bornAt: now,
      transport,
      status: 'pending',
      deliveries: 0,
      duplicate: false,
      history: [],
    };
    this.note(ev, `emitted (${transport})`);
    const log = this.logs.get(clientId) ?? [];
    log.push(ev);
    if (log.length > LOG_LIMIT + 1000) log.splice(0, log.length - LOG_LIMIT);
    this.logs.set(clientId, log);
    return ev;
  }

  private route(ev: SimEvent): void {
    if (this.chaos.drop > 0) {
      this.chaos.drop--;
      ev.status = 'dropped';
      this.note(ev, 'chaos: dropped, never delivered');
      return;
    }
    if (this.chaos.duplicate > 0) {
      this.chaos.duplicate--;
      ev.duplicate = true;
    }
    const held = this.held.get(ev.clientId);
    if (!held && this.chaos.reorder > 0) {
      this.chaos.reorder--;
      ev.status = 'held';
      this.note(ev, 'chaos: held until the next event has been sent');
      this.held.set(ev.clientId, ev);
      return;
    }
    this.dispatch(ev);
    if (held) {
      this.held.delete(ev.clientId);
      this.dispatch(held);
    }
  }

  private dispatch(ev: SimEvent): void {
    ev.status = 'pending';
    const transport = this.transports[ev.transport];
    if (!transport) {
      this.markParked(ev, `no ${ev.transport} transport`);
      return;
    }
    transport.deliver(ev, false);
  }
}

/** HTTP push plaintext (PascalCase, ref §2.4). */
export function pushPlaintext(ev: SimEvent): string {
  return JSON.stringify({
    EventType: ev.eventType,
    ...(ev.userIds ? { UserId: ev.userIds } : { DeptId: ev.deptIds }),
    CorpId: ev.corpId,
    TimeStamp: String(ev.bornAt),
    ...(ev.optStaffId ? { OptStaffId: ev.optStaffId } : {}),
  });
}

/** Stream `data` (camelCase, ref §2.3/§2.4; the dept shape is UNCONFIRMED, by analogy). */
export function streamData(ev: SimEvent): string {
  return JSON.stringify({
    timeStamp: String(ev.bornAt),
    ...(ev.optStaffId ? { optStaffId: ev.optStaffId } : {}),
    ...(ev.userIds ? { userId: ev.userIds } : { deptId: ev.deptIds }),
  });
}
