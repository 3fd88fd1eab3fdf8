/**
 * Sizes libuv's thread pool before anything uses it, so it must be main.ts's first import. argon2id
 * runs on the pool, one hash per core (src/crypto/password.ts); DNS lookups (DingTalk's hosts) and
 * file work share the pool, so it gets that many threads plus a few of their own. An operator's
 * UV_THREADPOOL_SIZE wins.
 */
import { availableParallelism } from 'node:os';

/** Threads kept for DNS and files while every core hashes passwords. */
export const THREADS_BESIDES_HASHING = 2;
/** libuv's own default: never go below it. */
const LIBUV_DEFAULT_POOL = 4;

process.env.UV_THREADPOOL_SIZE ||= String(Math.max(LIBUV_DEFAULT_POOL, availableParallelism() + THREADS_BESIDES_HASHING));
