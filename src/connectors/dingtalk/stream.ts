// Stream mode (ref §2.3): an outbound WebSocket that DingTalk pushes events over. Node 24's global WebSocket, no dependency.
import { backoffDelay } from './backoff.ts';
import { createConnectorContext, type ConnectorContext, type ConnectorOptions } from './context.ts';
import { isDingTalkError } from './errors.ts';
import { badResponse, reqString } from './guards.ts';
import { callDingTalk } from './http.ts';
import { callbackAck, eventAck, parseFrame, pingReply, type StreamAckStatus, type StreamEvent } from './stream-frames.ts';

export interface StreamTicket {
  /** wss URL to connect to, used verbatim (ref §2.3). */
  endpoint: string;
  /** Valid 90 s, for exactly one connection. */
  ticket: string;
}

/** `ua` of connections/open when none is given (format name/version, ref §2.3). */
export const DEFAULT_STREAM_UA = 'portico/1';
/** Reconnect backoff: min(1 s·2^attempt + U(0, 1 s), 60 s), as both official SDKs (ref §2.3). */
export const STREAM_RECONNECT = Object.freeze({ baseMs: 1000, capMs: 60_000 });
/**
 * With no frame at all for this long the connection is taken for dead (a half-open TCP connection after a NAT drop) and
 * replaced. The WHATWG WebSocket cannot send pings; the server's SYSTEM pings keep a live connection busier than this
 * (their interval is UNCONFIRMED; at worst a quiet connection is renewed every 3 minutes, losing nothing: unacked events are re-pushed).
 */
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 180_000;

/** POST {api}/v1.0/gateway/connections/open for a fresh ticket (ref §2.3). Accept: application/json, or the answer is XML. */
export async function openStreamConnection(ctx: ConnectorContext, ua: string = DEFAULT_STREAM_UA): Promise<StreamTicket> {
  const body = await callDingTalk(ctx.http, {
    method: 'POST',
    base: ctx.endpoints.api,
    path: '/v1.0/gateway/connections/open',
    headers: { accept: 'application/json' },
    json: { clientId: ctx.appKey, clientSecret: ctx.appSecret, subscriptions: [{ type: 'EVENT', topic: '*' }], ua },
    family: 'new',
    retryOnce: false, // the reconnect loop backs off instead
    sensitive: [ctx.appSecret],
  });
  const endpoint = reqString(body, 'endpoint', 'connections/open');
  const ticket = reqString(body, 'ticket', 'connections/open');
  if (!/^wss?:\/\//i.test(endpoint)) throw badResponse('connections/open: endpoint is not a ws(s) URL');
  return { endpoint, ticket };
}

export type StreamState = 'connecting' | 'connected' | 'disconnected';

/** Why the client is (dis)connecting. Carries codes and numbers only: never the secret, the ticket or its URL. */
export interface StreamStateDetail {
  /** connecting: how many failed attempts came before this one. */
  attempt?: number;
  /** disconnected: open_failed | error | closed | server_disconnect | idle | stopped. */
  reason?: 'open_failed' | 'error' | 'closed' | 'server_disconnect' | 'idle' | 'stopped';
  /** open_failed: the DingTalkError code (e.g. dingtalk.invalid_client) and its code-only message. */
  code?: string;
  message?: string;
  /** closed: the WebSocket close code. */
  closeCode?: number;
  /** disconnected (unless stopped): the pause before the next attempt. */
  retryInMs?: number;
}

export interface StreamClientOptions extends ConnectorOptions {
  /** Handles one event; 'LATER' (or a throw) asks DingTalk to push it again later. Dedupe on eventId: duplicates happen. */
  onEvent(event: StreamEvent): Promise<StreamAckStatus>;
  onState?(state: StreamState, detail: StreamStateDetail): void;
  /** `ua` sent to connections/open; default DEFAULT_STREAM_UA. */
  ua?: string;
  /** See DEFAULT_STREAM_IDLE_TIMEOUT_MS; 0 turns the watchdog off. */
  idleTimeoutMs?: number;
}

export interface StreamClient {
  /** Connects, and keeps reconnecting with a fresh ticket until stop(). Calling it while running does nothing. */
  start(): void;
  /** Closes the connection and cancels any pending reconnect; resolves when nothing is left running. */
  stop(): Promise<void>;
}

interface Ended {
  detail: StreamStateDetail;
  /** A server-requested disconnect is routine (load balancing): reconnect at once, not after a backoff. */
  immediate?: boolean;
}

export function createStreamClient(opts: StreamClientOptions): StreamClient {
  const ctx = createConnectorContext(opts);
  const idleTimeoutMs = opts.idleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS;
  const log = ctx.http.logger;
  let attempt = 0;
  let stopper: AbortController | undefined;
  let running: Promise<void> | undefined;
  let endCurrent: ((ended: Ended) => void) | undefined;

  const report = (state: StreamState, detail: StreamStateDetail) => {
    try {
      opts.onState?.(state, detail);
    } catch {
      log?.warn({ state }, 'dingtalk stream onState failed');
    }
  };

  async function loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const ended = await connectOnce(signal);
      if (signal.aborted) break;
      const retryInMs = ended.immediate ? 0 : Math.round(backoffDelay(attempt++, ctx.random, STREAM_RECONNECT.baseMs, STREAM_RECONNECT.capMs));
      report('disconnected', { ...ended.detail, retryInMs });
      if (retryInMs > 0) await ctx.sleep(retryInMs, signal);
    }
    report('disconnected', { reason: 'stopped' });
  }

  async function connectOnce(signal: AbortSignal): Promise<Ended> {
    report('connecting', { attempt });
    let ticket: StreamTicket;
    try {
      ticket = await openStreamConnection(ctx, opts.ua);
    } catch (e) {
      return { detail: isDingTalkError(e) ? { reason: 'open_failed', code: e.code, message: e.message } : { reason: 'open_failed' } };
    }
    if (signal.aborted) return { detail: { reason: 'stopped' } };
    const sep = ticket.endpoint.includes('?') ? '&' : '?';
    return new Promise<Ended>((resolve) => {
      const ws = new WebSocket(`${ticket.endpoint}${sep}ticket=${encodeURIComponent(ticket.ticket)}`);
      let idle: ReturnType<typeof setTimeout> | undefined;
      let sawError = false;
      const armIdle = () => {
        if (idleTimeoutMs <= 0) return;
        clearTimeout(idle);
        idle = setTimeout(() => finish({ detail: { reason: 'idle' } }), idleTimeoutMs);
      };
      // Settles once: later socket events are ignored, and a socket that does not close cleanly cannot hold the loop.
      const finish = (ended: Ended) => {
        if (endCurrent !== finish) return;
        endCurrent = undefined;
        clearTimeout(idle);
        ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
        if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) ws.close();
        resolve(ended);
      };
      endCurrent = finish;
      ws.onopen = () => {
        attempt = 0;
        armIdle();
        report('connected', {});
      };
      ws.onmessage = (m: MessageEvent) => {
        attempt = 0;
        armIdle();
        if (typeof m.data === 'string') onFrame(ws, m.data, finish);
      };
      ws.onerror = () => {
        sawError = true; // the close event follows with the code
      };
      ws.onclose = (c: CloseEvent) => finish({ detail: { reason: sawError ? 'error' : 'closed', closeCode: c.code } });
    });
  }

  function onFrame(ws: WebSocket, text: string, finish: (ended: Ended) => void): void {
    const frame = parseFrame(text);
    switch (frame.kind) {
      case 'ping':
        send(ws, pingReply(frame.messageId, frame.data));
        return;
      case 'disconnect':
        // The server closes about 10 s later anyway (ref §2.3); leaving now and reconnecting at once keeps the gap short.
        finish({ detail: { reason: 'server_disconnect' }, immediate: true });
        return;
      case 'event':
        void deliver(ws, frame.event);
        return;
      case 'callback':
        send(ws, callbackAck(frame.messageId));
        return;
      case 'malformed':
        log?.warn({ why: frame.why }, 'dingtalk stream frame malformed');
        // Redelivery cannot repair it: consume it; the periodic full sync repairs what it meant.
        if (frame.messageId !== undefined) send(ws, eventAck(frame.messageId, 'SUCCESS'));
        return;
      case 'ignored':
        return;
    }
  }

  async function deliver(ws: WebSocket, event: StreamEvent): Promise<void> {
    let status: StreamAckStatus;
    try {
      status = (await opts.onEvent(event)) === 'SUCCESS' ? 'SUCCESS' : 'LATER';
    } catch {
      log?.warn({ eventType: event.eventType, eventId: event.eventId }, 'dingtalk stream event handler failed');
      status = 'LATER';
    }
    send(ws, eventAck(event.messageId, status));
  }

  // After a close the ACK is lost; DingTalk re-pushes the event (ref §2.3).
  function send(ws: WebSocket, text: string): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(text);
  }

  return {
    start() {
      if (stopper) return;
      const controller = new AbortController();
      stopper = controller;
      attempt = 0;
      running = loop(controller.signal);
    },
    async stop() {
      const controller = stopper;
      if (!controller) return;
      controller.abort();
      endCurrent?.({ detail: { reason: 'stopped' } });
      await running;
      if (stopper === controller) stopper = undefined;
    },
  };
}
