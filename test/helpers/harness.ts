/**
 * Starts real Portico nodes for integration tests: one per test file and dialect, on a free
 * loopback port, with its own SQLite file or its own PostgreSQL schema.
 */
import { describe } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { createPortico, type Portico } from '../../src/bootstrap/portico.ts';
import { createAdmin } from '../../src/admin/admins.ts';
import type { AdminRole } from '../../src/admin/roles.ts';
import { freePort } from './free-port.ts';
import { dropSchema, TEST_PG_URL } from './pg-schema.ts';

export { freePort };

export type TestDialect = 'sqlite' | 'postgres';

export const PG_URL = TEST_PG_URL;
export const ADMIN_PASSWORD = 'correct horse battery staple';

async function postgresReachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

export const REDIS_URL = process.env.PORTICO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';

async function redisReachable(): Promise<string | undefined> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    redis.disconnect();
  }
}

// Probed together: an unreachable service may take its whole connect timeout.
export const [pgProblem, redisProblem] = await Promise.all([postgresReachable(), redisReachable()]);
if (redisProblem && process.env.CI === 'true') {
  throw new Error(`Redis is unreachable at ${REDIS_URL} under CI: ${redisProblem}`);
}
if (pgProblem && process.env.CI === 'true') {
  // Under CI the PostgreSQL half of the suite is not optional.
  throw new Error(`PostgreSQL is unreachable at ${PG_URL} under CI: ${pgProblem}`);
}

/** Registers the same suite once per dialect; PostgreSQL is skipped (with the reason) only outside CI. */
export function describeEachDialect(name: string, fn: (dialect: TestDialect) => void) {
  describe(`${name} [sqlite]`, () => fn('sqlite'));
  describe(`${name} [postgres]`, { skip: pgProblem ? `PostgreSQL unreachable at ${PG_URL}: ${pgProblem}` : false }, () => fn('postgres'));
}

export interface TestNode {
  url: string;
  portico: Portico;
  dialect: TestDialect;
  /** A session token for an admin of that role (the first super admin exists already). */
  tokenFor(role: AdminRole): Promise<string>;
  api(method: string, path: string, options?: ApiOptions): Promise<ApiResponse>;
  /** Another node on this one's store and data folder (so its master key), as in a cluster; closed before this one. */
  join(): Promise<TestNode>;
  close(): Promise<void>;
}

export interface ApiOptions {
  token?: string;
  body?: unknown;
  /** Sent as-is (for malformed-body tests). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any;
}

export async function startNode(dialect: TestDialect, env: Record<string, string> = {}): Promise<TestNode> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-test-'));
  const schema = dialect === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined;
  return bootNode(dialect, env, { dataDir, schema, owner: true });
}

async function bootNode(dialect: TestDialect, env: Record<string, string>, shared: { dataDir: string; schema?: string; owner: boolean }): Promise<TestNode> {
  const { dataDir, schema } = shared;
  const port = await freePort();
  // A test may name its public host on this port (`http://localhost:{port}`: WebAuthn takes no IP address as rpId); the node is then reached by it.
  const local = `http://127.0.0.1:${port}`;
  const publicUrl = env.PORTICO_PUBLIC_URL?.replace('{port}', String(port)) ?? local;
  const url = env.PORTICO_PUBLIC_URL?.includes('{port}') ? publicUrl : local;
  const config = loadConfig({
    PORTICO_DATA_DIR: dataDir,
    PORTICO_PORT: String(port),
    PORTICO_DATABASE_URL: dialect === 'sqlite' ? `sqlite:${path.join(dataDir, 'portico.sqlite')}` : PG_URL,
    PORTICO_ADMIN_PASSWORD: ADMIN_PASSWORD,
    PORTICO_LOG_LEVEL: 'silent',
    PORTICO_DEMO: 'false',
    // The suites point DingTalk sources at the simulator with demo mode off: an operator's choice, made here.
    PORTICO_DINGTALK_CUSTOM_ENDPOINTS: 'true',
    ...env,
    PORTICO_PUBLIC_URL: publicUrl,
  });
  const portico = await createPortico(config, { schema, poolSize: 5 });
  await portico.app.listen({ port, host: '127.0.0.1' });
  const tokens = new Map<AdminRole, string>();

  const api = async (method: string, p: string, options: ApiOptions = {}): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(url + p, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed };
  };

  const signIn = async (username: string, password: string) => {
    const res = await api('POST', '/api/admin/v1/session', { body: { username, password } });
    if (res.status !== 201) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  };

  return {
    url,
    portico,
    dialect,
    api,
    async tokenFor(role) {
      const known = tokens.get(role);
      if (known) return known;
      let username = 'admin';
      if (role !== 'super_admin') {
        username = `${role.replace('_', '-')}-${randomBytes(3).toString('hex')}`;
        await portico.store.transaction((tx) => createAdmin(tx, { username, password: ADMIN_PASSWORD, role }));
      }
      const token = await signIn(username, ADMIN_PASSWORD);
      tokens.set(role, token);
      return token;
    },
    join: () => bootNode(dialect, env, { dataDir, schema, owner: false }),
    async close() {
      await portico.close();
      if (!shared.owner) return;
      if (schema) await dropSchema(PG_URL, schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
