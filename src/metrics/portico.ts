/**
 * Portico's metrics, one registry per node. Every name and label is listed here; the hooks that feed
 * them live next door (http.ts, login.ts, dingtalk-fetch.ts, sms.ts).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createRegistry, type Counter, type Histogram, type Registry } from './registry.ts';

/** Seconds. Request latencies from a few ms (cached pages) to the DingTalk timeout and beyond. */
const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;
/** Event-loop delay sampling resolution. */
const EVENT_LOOP_RESOLUTION_MS = 10;
const NS_PER_SECOND = 1e9;
export const MS_PER_SECOND = 1000;
const MICROS_PER_SECOND = 1e6;

/** Seconds since `startedMs`, a `performance.now()` reading: what the duration histograms take. */
export const secondsSince = (startedMs: number) => (performance.now() - startedMs) / MS_PER_SECOND;

export interface PorticoMetrics {
  readonly registry: Registry;
  /** Sign-in attempts that ended: method = password | sms | dingtalk | dingtalk_phone_bind; outcome = success | failure. */
  readonly logins: Counter<'method' | 'outcome'>;
  /** Every login event (steps included) by action, outcome and reason code. */
  readonly loginEvents: Counter<'action' | 'outcome' | 'reason'>;
  /** Time to DingTalk's response headers, by API path and HTTP status (or `network_error`, `timeout`: no answer). */
  readonly dingtalkDuration: Histogram<'path' | 'status'>;
  /** DingTalk calls that failed, by API path and the connector's error code (`dingtalk.timeout`, `dingtalk.invalid_client`…). */
  readonly dingtalkErrors: Counter<'path' | 'kind'>;
  readonly smsSends: Counter<'sender' | 'outcome'>;
  readonly smsDuration: Histogram<'sender'>;
  /** By Fastify route pattern (`/login/dingtalk/:sourceId`), never the raw URL. */
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** What GET /metrics answers: this registry, or with PORTICO_WORKERS > 1 every worker's merged (src/cluster/). */
  exposition(): Promise<string>;
  /** Stops the event-loop sampler (on close). */
  stop(): void;
}

export function createPorticoMetrics(o: { draining?: () => boolean; exposition?: () => Promise<string> } = {}): PorticoMetrics {
  const registry = createRegistry();
  const loop = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
  loop.enable();

  registry.collected('process_resident_memory_bytes', 'Resident set size of this process.', () => process.memoryUsage.rss());
  registry.collected('process_cpu_seconds_total', 'User and system CPU time of this process.', () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / MICROS_PER_SECOND;
  }, 'counter');
  registry.collected('process_start_time_seconds', 'When this process started, in Unix seconds.', () => Math.round((Date.now() - process.uptime() * MS_PER_SECOND) / MS_PER_SECOND), 'gauge', 'min');
  registry.collected('nodejs_heap_used_bytes', 'V8 heap in use.', () => process.memoryUsage().heapUsed);
  registry.collected('nodejs_heap_total_bytes', 'V8 heap reserved.', () => process.memoryUsage().heapTotal);
  registry.collected('nodejs_external_memory_bytes', 'Memory held outside the V8 heap by JS objects (buffers, wasm).', () => process.memoryUsage().external);
  registry.collected('nodejs_eventloop_delay_p99_seconds', 'p99 event-loop delay since the previous scrape.', () => {
    const p99 = loop.percentile(99) / NS_PER_SECOND;
    loop.reset();
    return p99;
  }, 'gauge', 'max');
  registry.collected('portico_draining', '1 while the node drains before shutting down.', () => (o.draining?.() ? 1 : 0), 'gauge', 'max');

  return {
    registry,
    logins: registry.counter('portico_logins_total', 'Sign-in attempts that ended, by method and outcome.', ['method', 'outcome']),
    loginEvents: registry.counter('portico_login_events_total', 'Login events (every step), by action, outcome and reason code.', ['action', 'outcome', 'reason']),
    dingtalkDuration: registry.histogram(
      'portico_dingtalk_request_duration_seconds',
      'Time to DingTalk response headers, by API path and HTTP status.',
      ['path', 'status'],
      LATENCY_BUCKETS_SECONDS,
    ),
    dingtalkErrors: registry.counter('portico_dingtalk_request_errors_total', 'Failed DingTalk API calls, by API path and error code.', ['path', 'kind']),
    smsSends: registry.counter('portico_sms_sends_total', 'Verification-code SMS sends, by sender and outcome.', ['sender', 'outcome']),
    smsDuration: registry.histogram('portico_sms_send_duration_seconds', 'Time to hand a message to the SMS sender, by sender.', ['sender'], LATENCY_BUCKETS_SECONDS),
    httpDuration: registry.histogram(
      'portico_http_request_duration_seconds',
      'HTTP request durations, by method, route pattern and status.',
      ['method', 'route', 'status'],
      LATENCY_BUCKETS_SECONDS,
    ),
    exposition: o.exposition ?? (async () => registry.render()),
    stop: () => loop.disable(),
  };
}
