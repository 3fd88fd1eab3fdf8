// Stream mode wire frames (ref §2.3): what the server sends, what the client answers. Pure: no socket here.
import { isObject, optNumber, optString, type JsonObject } from './guards.ts';
import { idList } from './push-event.ts';

/** Stream `data` of an event, camelCase (ref §2.4), with userId and deptId always string arrays (absent → []). */
export type StreamEventData = JsonObject & { userId: string[]; deptId: string[] };

export interface StreamEvent {
  messageId: string;
  /** The dedupe key: DingTalk re-pushes even after a correct ACK (ref §2.3). Falls back to messageId when absent. */
  eventId: string;
  eventType: string;
  corpId?: string;
  /** eventBornTime, ms epoch (sent as a string or a number). */
  bornAt?: number;
  data: StreamEventData;
}

export type StreamAckStatus = 'SUCCESS' | 'LATER';

export type InboundFrame =
  | { kind: 'event'; event: StreamEvent }
  | { kind: 'ping'; messageId: string | undefined; data: string }
  | { kind: 'disconnect'; reason?: string }
  | { kind: 'callback'; messageId: string }
  /** Unknown SYSTEM topics (CONNECTED, REGISTERED, KEEPALIVE…, ref §2.3: UNCONFIRMED whether still sent) and other frame types. */
  | { kind: 'ignored' }
  /** Not a frame we can act on; `messageId` set when an ACK is still possible. */
  | { kind: 'malformed'; why: string; messageId?: string };

export function parseFrame(text: string): InboundFrame {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return { kind: 'malformed', why: 'not JSON' };
  }
  if (!isObject(frame)) return { kind: 'malformed', why: 'not a JSON object' };
  const headers = isObject(frame.headers) ? frame.headers : {};
  const messageId = optString(headers.messageId);
  switch (frame.type) {
    case 'SYSTEM':
      if (headers.topic === 'ping') return { kind: 'ping', messageId, data: typeof frame.data === 'string' ? frame.data : JSON.stringify(frame.data ?? {}) };
      if (headers.topic === 'disconnect') return { kind: 'disconnect', reason: optString(parseData(frame.data)?.reason) };
      return { kind: 'ignored' };
    case 'EVENT': {
      if (messageId === undefined) return { kind: 'malformed', why: 'event without messageId' };
      const eventType = optString(headers.eventType);
      const data = parseData(frame.data);
      if (eventType === undefined || data === undefined) return { kind: 'malformed', why: 'event without eventType or JSON data', messageId };
      const event: StreamEvent = {
        messageId,
        eventId: optString(headers.eventId) ?? messageId,
        eventType,
        data: { ...data, userId: idList(data.userId), deptId: idList(data.deptId) },
      };
      const corpId = optString(headers.eventCorpId);
      if (corpId !== undefined) event.corpId = corpId;
      const bornAt = optNumber(headers.eventBornTime);
      if (bornAt !== undefined) event.bornAt = bornAt;
      return { kind: 'event', event };
    }
    case 'CALLBACK':
      return messageId === undefined ? { kind: 'malformed', why: 'callback without messageId' } : { kind: 'callback', messageId };
    default:
      return { kind: 'ignored' };
  }
}

/** ACK of an EVENT: code 200 and data {status, message}; LATER asks for redelivery (ref §2.3). */
export function eventAck(messageId: string, status: StreamAckStatus): string {
  return reply(messageId, JSON.stringify({ status, message: status === 'SUCCESS' ? 'success' : 'later' }));
}

/** Answer to SYSTEM ping: the same opaque data, unchanged. */
export function pingReply(messageId: string | undefined, data: string): string {
  return reply(messageId, data);
}

/** CALLBACK frames (not subscribed, but answered so the server does not wait): {"response": null} (ref §2.3). */
export function callbackAck(messageId: string): string {
  return reply(messageId, JSON.stringify({ response: null }));
}

function reply(messageId: string | undefined, data: string): string {
  return JSON.stringify({ code: 200, headers: { contentType: 'application/json', messageId }, message: 'OK', data });
}

/** `data` is a JSON string (double-encoded); an object is accepted too. */
function parseData(data: unknown): JsonObject | undefined {
  if (isObject(data)) return data;
  if (typeof data !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(data);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
