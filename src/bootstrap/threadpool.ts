/**
 * Sizes libuv's thread pool before anything uses it, so it must be main.ts's first import. argon2id
 * runs on the pool (src/crypto/password.ts leaves one thread to DNS and files), so the pool gets a
 * thread per core and two more: hashing keeps every core busy on any machine. An operator's
 * UV_THREADPOOL_SIZE wins (set it to the CPU quota + 2 in a container that sees more cores than it may use).
 */
import { availableParallelism } from 'node:os';

/** Threads beyond one per core. */
const THREADS_BEYOND_CORES = 2;
/** libuv's own default: never go below it. */
const LIBUV_DEFAULT_POOL = 4;

process.env.UV_THREADPOOL_SIZE ||= String(Math.max(LIBUV_DEFAULT_POOL, availableParallelism() + THREADS_BEYOND_CORES));
