// Stream mode (ref §2.3): POST /v1.0/gateway/connections/open hands out a single-use ticket (90 s) and the
// endpoint; a WebSocket at /connect?ticket= on the same port carries EVENT frames, which the app ACKs by
// messageId. Unacknowledged or LATER events are sent again after `streamAckTimeoutMs`; SYSTEM ping every
// `streamPingIntervalMs` expects the opaque echoed; the test API can send SYSTEM disconnect and close later.
// Several connections of one app share its events: each goes to one of them (round robin, so tests are
// deterministic; DingTalk picks at random, S4 faq).
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { jsonBody, stringField, type SimContext } from './context.ts';
import { API_ERRORS, apiError, apiMissingParam, sendJson } from './errors.ts';
import type { EventsConfig } from './events-config.ts';
import { streamData, type EventHub, type EventTransport, type SimEvent } from './events.ts';
import { randomToken } from './util.ts';
import type { World } from './world.ts';

interface Ticket {
  clientId: string;
  expiresAt: number;
  ua?: string;
  localIp?: string;
}

export interface StreamConnection {
  id: string;
  clientId: string;
  state: 'open' | 'disconnecting' | 'closed';
  openedAt: string;
  closedAt?: string;
  closeReason?: string;
  ua?: string;
  localIp?: string;
  /** EVENT frames sent (redeliveries and duplicates included). */
  delivered: number;
  acked: number;
  /** ACKs with status LATER (or a non-200 code): redelivered after the ack timeout. */
  later: number;
  pingsSent: number;
  pingsAnswered: number;
}

interface Live {
  info: StreamConnection;
  ws: WebSocket;
  pingTimer: NodeJS.Timeout;
  closeTimer?: NodeJS.Timeout;
  ping?: { messageId: string; opaque: string };
  missedPings: number;
}

interface Pending {
  ev: SimEvent;
  connId?: string;
  timer?: NodeJS.Timeout;
}

const CLOSED_KEPT = 200;

export class StreamServer implements EventTransport {
  private readonly world: World;
  private readonly hub: EventHub;
  private readonly config: EventsConfig;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Map<string, Ticket>();
  private readonly live = new Map<string, Live>();
  private readonly closed: StreamConnection[] = [];
  private readonly pending = new Map<string, Pending>();
  private turn = 0;

  constructor(world: World, hub: EventHub, config: EventsConfig) {
    this.world = world;
    this.hub = hub;
    this.config = config;
  }

  // ---- step 1: connections/open -------------------------------------------------------------

  registerRoutes(app: FastifyInstance, ctx: SimContext): void {
    app.post('/v1.0/gateway/connections/open', async (request, reply) => {
      const body = jsonBody(request);
      if (!body) return apiError(request, reply, API_ERRORS.missingBody);
      const clientId = stringField(body, 'clientId');
      const clientSecret = stringField(body, 'clientSecret');
      if (!clientId) return apiMissingParam(request, reply, 'clientId');
      if (!clientSecret) return apiMissingParam(request, reply, 'clientSecret');
      if (!Array.isArray(body.subscriptions) || body.subscriptions.length === 0) return apiMissingParam(request, reply, 'subscriptions');
      // The error body for bad credentials is UNCONFIRMED (ref §2.3); the accessToken one is the likeliest.
      const dtApp = ctx.world.apps.get(clientId);
      if (!dtApp || dtApp.clientSecret !== clientSecret) return apiError(request, reply, API_ERRORS.invalidClient);
      const ticket = randomUUID();
      this.tickets.set(ticket, {
        clientId, expiresAt: this.world.now() + this.config.streamTicketTtlMs,
        ua: stringField(body, 'ua'), localIp: stringField(body, 'localIp'),
      });
      const endpoint = `${ctx.baseUrl(request).replace(/^http/, 'ws')}/connect`;
      const accept = String(request.headers.accept ?? '');
      // Without Accept: application/json the gateway answers XML (S2's comment); a client that forgets it fails to parse.
      if (!accept.includes('application/json')) {
        return reply.code(200).header('content-type', 'application/xml;charset=utf-8')
          .send(`<?xml version="1.0" encoding="UTF-8"?><OpenConnectionResponse><endpoint>${endpoint}</endpoint><ticket>${ticket}</ticket></OpenConnectionResponse>`);
      }
      return sendJson(reply, 200, { endpoint, ticket });
    });
  }

  // ---- step 2: the WebSocket ------------------------------------------------------------------

  /** Handles `upgrade` on the simulator's HTTP server: /connect with a fresh ticket, else an HTTP error. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://sim');
    if (url.pathname !== '/connect') return refuse(socket, 404, 'Not Found');
    const key = url.searchParams.get('ticket') ?? '';
    const ticket = this.tickets.get(key);
    this.tickets.delete(key); // single use, even when the handshake fails later
    // A reused, expired or unknown ticket is refused at the handshake (401: design choice, ref §5).
    if (!ticket || this.world.now() >= ticket.expiresAt) return refuse(socket, 401, 'Unauthorized');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, ticket));
  }

  private accept(ws: WebSocket, ticket: Ticket): void {
    const info: StreamConnection = {
      id: randomToken(8), clientId: ticket.clientId, state: 'open', openedAt: new Date(this.world.now()).toISOString(),
      ...(ticket.ua ? { ua: ticket.ua } : {}), ...(ticket.localIp ? { localIp: ticket.localIp } : {}),
      delivered: 0, acked: 0, later: 0, pingsSent: 0, pingsAnswered: 0,
    };
    const conn: Live = { info, ws, missedPings: 0, pingTimer: setInterval(() => this.ping(conn), this.config.streamPingIntervalMs) };
    this.live.set(info.id, conn);
    ws.on('message', (data) => this.receive(conn, data.toString()));
    ws.on('close', () => this.onClose(conn));
    ws.on('error', () => ws.terminate());
    // Events waiting for a connection of this app go out now.
    for (const p of this.pending.values()) if (p.ev.clientId === info.clientId && !p.connId) this.send(p);
  }

  private receive(conn: Live, text: string): void {
    let frame: { code?: unknown; headers?: { messageId?: unknown }; data?: unknown };
    try {
      frame = JSON.parse(text);
    } catch {
      return; // not a frame: ignored, as DingTalk presumably does
    }
    const messageId = typeof frame.headers?.messageId === 'string' ? frame.headers.messageId : undefined;
    if (!messageId) return;
    if (conn.ping && conn.ping.messageId === messageId) {
      if (parseData(frame.data).opaque === conn.ping.opaque) {
        conn.info.pingsAnswered++;
        conn.missedPings = 0;
        conn.ping = undefined;
      }
      return;
    }
    const p = this.pending.get(messageId);
    if (!p || p.ev.clientId !== conn.info.clientId) return; // late ACK of something already acked: ignored
    clearTimeout(p.timer);
    const status = parseData(frame.data).status;
    if (frame.code === 200 && status !== 'LATER') {
      this.pending.delete(messageId);
      conn.info.acked++;
      this.hub.markAcked(p.ev, `acked on connection ${conn.info.id}`);
      return;
    }
    conn.info.later++;
    this.hub.note(p.ev, `answered ${status === 'LATER' ? 'LATER' : `code ${String(frame.code)}`} on ${conn.info.id}: redelivery in ${this.config.streamAckTimeoutMs} ms`);
    p.timer = setTimeout(() => this.redeliver(p), this.config.streamAckTimeoutMs);
  }

  // ---- delivery -------------------------------------------------------------------------------

  deliver(ev: SimEvent, extra: boolean): void {
    if (extra) {
      const conn = this.pick(ev.clientId);
      if (conn) this.sendFrame(conn, ev);
      else this.hub.note(ev, 'duplicate not sent: no open connection');
      return;
    }
    const p: Pending = { ev };
    this.pending.set(ev.messageId, p);
    this.send(p);
  }

  private send(p: Pending): void {
    const conn = this.pick(p.ev.clientId);
    p.connId = conn?.info.id;
    if (!conn) {
      this.hub.note(p.ev, 'waiting for a Stream connection');
      return;
    }
    this.sendFrame(conn, p.ev);
    p.timer = setTimeout(() => this.redeliver(p), this.config.streamAckTimeoutMs);
  }

  private redeliver(p: Pending): void {
    if (!this.pending.has(p.ev.messageId)) return;
    this.hub.note(p.ev, 'not acknowledged in time: redelivering');
    this.send(p);
  }

  private sendFrame(conn: Live, ev: SimEvent): void {
    conn.info.delivered++;
    ev.deliveries++;
    this.hub.note(ev, `sent on connection ${conn.info.id}`);
    conn.ws.send(JSON.stringify({
      specVersion: '1.0',
      type: 'EVENT',
      headers: {
        appId: ev.clientId,
        connectionId: conn.info.id,
        topic: '*',
        messageId: ev.messageId,
        contentType: 'application/json',
        time: String(this.world.now()),
        eventType: ev.eventType,
        eventId: ev.eventId,
        eventCorpId: ev.corpId,
        eventBornTime: String(ev.bornAt),
        eventUnifiedAppId: `sim-${ev.clientId}`,
      },
      data: streamData(ev),
    }));
  }

  private pick(clientId: string): Live | undefined {
    const open = [...this.live.values()].filter((c) => c.info.clientId === clientId && c.info.state === 'open');
    if (!open.length) return undefined;
    return open[this.turn++ % open.length];
  }

  // ---- ping, disconnect, close ---------------------------------------------------------------

  private ping(conn: Live): void {
    if (conn.ping) {
      conn.missedPings++;
      if (conn.missedPings >= this.config.streamMaxMissedPings) {
        conn.info.closeReason = `${conn.missedPings} pings unanswered`;
        conn.ws.terminate();
        return;
      }
    }
    conn.ping = { messageId: randomToken(8), opaque: randomUUID() };
    conn.info.pingsSent++;
    conn.ws.send(JSON.stringify({
      specVersion: '1.0',
      type: 'SYSTEM',
      headers: { contentType: 'application/json', messageId: conn.ping.messageId, time: String(this.world.now()), topic: 'ping' },
      data: JSON.stringify({ opaque: conn.ping.opaque }),
    }));
  }

  /** SYSTEM disconnect {reason} (no messageId, S4), then the socket closes `delayMs` later. False for an unknown connection. */
  disconnect(id: string, reason: string, delayMs = this.config.streamDisconnectDelayMs): boolean {
    const conn = this.live.get(id);
    if (!conn || conn.info.state !== 'open') return false;
    conn.info.state = 'disconnecting';
    conn.info.closeReason = reason;
    conn.ws.send(JSON.stringify({
      specVersion: '1.0',
      type: 'SYSTEM',
      headers: { contentType: 'application/json', time: String(this.world.now()), topic: 'disconnect' },
      data: JSON.stringify({ reason }),
    }));
    conn.closeTimer = setTimeout(() => conn.ws.close(1000, 'disconnect'), delayMs);
    return true;
  }

  private onClose(conn: Live): void {
    clearInterval(conn.pingTimer);
    clearTimeout(conn.closeTimer);
    if (!this.live.delete(conn.info.id)) return; // dropped by reset() or close()
    conn.info.state = 'closed';
    conn.info.closedAt = new Date(this.world.now()).toISOString();
    this.closed.push(conn.info);
    if (this.closed.length > CLOSED_KEPT) this.closed.shift();
    // What was in flight on it goes to another open connection of the app, or waits for the next one.
    for (const p of this.pending.values()) {
      if (p.connId === conn.info.id) {
        clearTimeout(p.timer);
        this.send(p);
      }
    }
  }

  connections(): StreamConnection[] {
    const pendingOn = (id: string) => [...this.pending.values()].filter((p) => p.connId === id).length;
    return [...this.live.values()].map((c) => ({ ...c.info, pending: pendingOn(c.info.id) })).concat(this.closed.map((c) => ({ ...c, pending: 0 })));
  }

  /** Back to the fixture: tickets, pending events and connections are dropped. */
  reset(): void {
    this.tickets.clear();
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    for (const c of this.live.values()) {
      clearInterval(c.pingTimer);
      clearTimeout(c.closeTimer);
      c.ws.terminate();
    }
    this.live.clear();
    this.closed.length = 0;
  }

  close(): void {
    this.reset();
    this.wss.close();
  }
}

function parseData(data: unknown): Record<string, unknown> {
  if (typeof data !== 'string') return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  try {
    const v = JSON.parse(data) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`);
}
