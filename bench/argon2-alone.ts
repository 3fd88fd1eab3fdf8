/**
 * argon2id alone, in a process of its own with Portico's thread-pool sizing: the same binding at
 * Portico's parameters (OWASP's 19 MiB, t=2, p=1), `BENCH_CONCURRENCY` requests at once of which at
 * most `BENCH_ARGON2_AT_ONCE` hash at the same time. Prints the LoadResult (and `atOnce`) as JSON.
 */
import '../src/bootstrap/threadpool.ts';
import { hash } from '@node-rs/argon2';
import { ARGON2_CONCURRENCY, ARGON2ID_OPTIONS } from '../src/crypto/password.ts';
import { createLimiter } from '../src/crypto/limiter.ts';
import { runLoad } from './lib/load.ts';

const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 64);
/** A number, or `portico` for as many as Portico lets run at once. */
const atOnce = process.env.BENCH_ARGON2_AT_ONCE === 'portico' ? ARGON2_CONCURRENCY : Number(process.env.BENCH_ARGON2_AT_ONCE ?? concurrency);
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 10_000);
const maxIterations = Number(process.env.BENCH_MAX_ITERATIONS ?? 100_000);

const limiter = createLimiter(atOnce);
const result = await runLoad({
  concurrency,
  durationMs,
  maxIterations,
  warmupPerWorker: 1,
  iteration: async () => {
    await limiter.run(() => hash('bench user password', ARGON2ID_OPTIONS));
  },
});
process.stdout.write(JSON.stringify({ ...result, atOnce }));
