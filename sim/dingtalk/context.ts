// What every route module receives: the world, the options that shape behaviour, and request helpers.
import type { FastifyRequest } from 'fastify';
import type { SimUser } from './fixture.ts';
import type { EventsConfig } from './events-config.ts';
import type { EventHub } from './events.ts';
import type { HttpPushSender } from './http-push.ts';
import type { StreamServer } from './stream.ts';
import type { Throttle } from './throttle.ts';
import type { World } from './world.ts';
import { isPlainObject } from './util.ts';

export type RedirectMatch = 'exact' | 'host';

export interface SimContext {
  world: World;
  /** DingTalk-like throttling of the topapi routes and their call counters. */
  throttle: Throttle;
  /** Contact events: subscriptions, chaos, the per-app log; and their two transports. */
  events: EventHub;
  eventsConfig: EventsConfig;
  push: HttpPushSender;
  stream: StreamServer;
  redirectMatch: RedirectMatch;
  /** Absolute base URL of the simulator as browsers and phones reach it (no trailing slash). */
  baseUrl(request: FastifyRequest): string;
}

function contentType(request: FastifyRequest): string {
  const ct = request.headers['content-type'];
  return (typeof ct === 'string' ? ct.split(';')[0] : '').trim().toLowerCase();
}

/** The body when it was sent as a JSON object (`Content-Type: application/json`), else undefined. */
export function jsonBody(request: FastifyRequest): Record<string, unknown> | undefined {
  if (contentType(request) !== 'application/json') return undefined;
  return isPlainObject(request.body) ? request.body : undefined;
}

/** The body as an object whether sent as JSON or as a form (the legacy TOP gateway reads both). */
export function anyObjectBody(request: FastifyRequest): Record<string, unknown> {
  return isPlainObject(request.body) ? request.body : {};
}

/** A non-empty string field of an object, else undefined. */
export function stringField(obj: Record<string, unknown> | undefined, key: string): string | undefined {
  const v = obj?.[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** avatar as DingTalk returns it: absolute. Fixture paths ("/sim/avatar/…") resolve against the simulator's URL. */
export function avatarUrl(user: SimUser, baseUrl: string): string {
  const a = user.avatar;
  if (!a) return `${baseUrl}/sim/avatar/${encodeURIComponent(user.unionId)}.svg`;
  return a.startsWith('/') ? `${baseUrl}${a}` : a;
}
