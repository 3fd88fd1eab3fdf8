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

export interface GracefulShutdown {
  /** What a signal does: the drain, or at once exit 1 when one is under way. */
  shutdown(signal: string): Promise<void>;
  /**
   * The drain, unless one is under way already: a worker told by its primary. Ctrl-C signals the whole process
   * group, so the worker may also get that same SIGINT, before or after: it joins the drain rather than count as
   * a second signal (a second Ctrl-C still ends everything: the primary kills its workers).
   */
  drain(reason: string): Promise<void>;
}

export function installGracefulShutdown(portico: Portico, o: ShutdownOptions): GracefulShutdown {
  const log = portico.app.log;
  const exit = o.exit ?? ((code: number) => process.exit(code));
  let closing = false;
  /** Draining because the primary said so, and no signal has come yet. */
  let toldByPrimary = false;

  async function shutdown(signal: string) {
    if (closing && toldByPrimary) {
      toldByPrimary = false;
      return;
    }
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
  return {
    shutdown,
    async drain(reason) {
      if (closing) return;
      const drained = shutdown(reason);
      toldByPrimary = true;
      return drained;
    },
  };
}
