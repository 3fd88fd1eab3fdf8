/**
 * A worker process (PORTICO_WORKERS > 1): a full Portico node serving the port it shares with its
 * siblings through node:cluster. Its primary migrated the store and created the first admin before
 * forking it; demo mode's helpers run in the primary. GET /metrics answers every worker's metrics,
 * merged by the primary (a scrape lands on one worker, and Prometheus should see the node).
 */
import type { Config } from '../config.ts';
import { fail } from '../errors.ts';
import { createPortico, type Portico } from '../bootstrap/portico.ts';
import { installGracefulShutdown, type GracefulShutdown } from '../bootstrap/shutdown.ts';
import { EXPOSITION_TIMEOUT_MS, isMessage, type ToPrimary, type ToWorker } from './messages.ts';

const send = (message: ToPrimary) => process.send?.(message);

export async function runWorker(config: Config): Promise<void> {
  let portico: Portico | undefined;
  let shutdown: GracefulShutdown | undefined;
  let drainAsked = false;
  let nextId = 0;
  const waiting = new Map<number, (answer: { text?: string; error?: string }) => void>();

  process.on('message', (message: unknown) => {
    if (!isMessage<ToWorker>(message)) return;
    if (message.portico === 'snapshot?') {
      // Before the node is built it has served nothing: an empty snapshot.
      send({ portico: 'snapshot', id: message.id, families: portico?.ctx.metrics.registry.snapshot() ?? [] });
    } else if (message.portico === 'exposition') {
      waiting.get(message.id)?.(message);
    } else if (message.portico === 'drain') {
      drainAsked = true;
      void shutdown?.drain('primary: shutting down');
    }
  });

  const mergedMetrics = () =>
    new Promise<string>((resolve, reject) => {
      const id = ++nextId;
      const unavailable = (why: string) => fail('metrics.workers_unavailable', `The worker processes' metrics could not be gathered: ${why}.`);
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(unavailable('the primary process did not answer in time'));
      }, EXPOSITION_TIMEOUT_MS);
      waiting.set(id, (answer) => {
        clearTimeout(timer);
        waiting.delete(id);
        if (answer.text !== undefined) resolve(answer.text);
        else reject(unavailable(answer.error ?? 'no answer'));
      });
      send({ portico: 'exposition?', id });
    });

  portico = await createPortico(config, {}, { workerOfPrimary: true, metricsExposition: mergedMetrics });
  shutdown = installGracefulShutdown(portico, { drainDelayMs: config.drainDelayMs, timeoutMs: config.shutdownTimeoutMs });
  // Told to stop while starting: stop now rather than begin serving.
  if (drainAsked) return shutdown.drain('primary: shutting down');
  await portico.app.listen({ port: config.port, host: config.host });
}
