/**
 * Graceful drain on SIGTERM (and Ctrl-C): readiness turns 503 at once so load balancers stop sending
 * new work, the listener closes after the drain delay, in-flight requests finish, then the store and
 * Redis close and the process exits 0. A second signal, or the shutdown timeout, exits at once with 1.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Portico } from './portico.ts';

const EXIT_OK = 0;
const EXIT_FORCED = 1;

export interface ShutdownOptions {
  drainDelayMs: number;
  timeoutMs: number;
  /** Closed after Portico (e.g. the demo simulator). */
  alsoClose?: () => Promise<void>;
  exit?: (code: number) => void;
}

export function installGracefulShutdown(portico: Portico, o: ShutdownOptions): { shutdown(signal: string): Promise<void> } {
  const log = portico.app.log;
  const exit = o.exit ?? ((code: number) => process.exit(code));
  let closing = false;

  async function shutdown(signal: string) {
    if (closing) {
      log.warn({ signal }, 'second signal: exiting without waiting');
      return exit(EXIT_FORCED);
    }
    closing = true;
    portico.ctx.lifecycle.draining = true;
    log.info({ signal, drainDelayMs: o.drainDelayMs }, 'draining: readiness answers 503, in-flight requests finish');
    const timer = setTimeout(() => {
      log.error({ timeoutMs: o.timeoutMs }, 'shutdown timed out: exiting with requests still open');
      exit(EXIT_FORCED);
    }, o.timeoutMs);
    timer.unref();
    try {
      if (o.drainDelayMs > 0) await sleep(o.drainDelayMs);
      await portico.close();
      await o.alsoClose?.();
      clearTimeout(timer);
      exit(EXIT_OK);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      exit(EXIT_FORCED);
    }
  }

  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return { shutdown };
}
