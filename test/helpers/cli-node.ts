/**
 * A node for the operator command's tests (src/cli/admin.ts): the configuration the command is run
 * with (`env`: the node's data folder, so its master key, and its database), the node itself on it, and
 * the command run as a child process, as an operator runs it on the server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_PASSWORD, PG_URL, freePort, type TestDialect } from './harness.ts';
import { createSchema, dropSchema } from './pg-schema.ts';
import { runToExit, type RunResult } from './run-to-exit.ts';
import { loadConfig } from '../../src/config.ts';
import { createPortico, type Portico } from '../../src/bootstrap/portico.ts';

export const CLI = fileURLToPath(new URL('../../src/cli/admin.ts', import.meta.url));
export const V1 = '/api/admin/v1';

export interface CliNode {
  /** What the command is run with: the node's configuration without what only the node needs. */
  env: Record<string, string>;
  dataDir: string;
  /** The SQLite file, for the SQLite dialect. */
  sqliteFile?: string;
  url: string;
  portico: Portico;
  /** Runs `npm run admin -- <args>` against this node's configuration. */
  admin(args: string[], o?: { input?: string; env?: Record<string, string> }): Promise<RunResult>;
  api(method: string, p: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** The audit events of an action, oldest first. */
  audit(action: string): Promise<{ actor_name: string | null; actor_type: string; category: string; target_id: string | null; before: string | null; after: string | null }[]>;
  /** Stops the node (its store closed), and starts it again on the same configuration. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startCliNode(dialect: TestDialect, extra: Record<string, string> = {}): Promise<CliNode> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-cli-'));
  const db = dialect === 'postgres' ? await createSchema(PG_URL, 'cli_') : undefined;
  const sqliteFile = dialect === 'sqlite' ? path.join(dataDir, 'portico.sqlite') : undefined;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PORTICO_PUBLIC_URL: url,
    PORTICO_DATA_DIR: dataDir,
    PORTICO_DEMO: 'false',
    PORTICO_LOG_LEVEL: 'silent',
    PORTICO_DATABASE_URL: db ? db.url : `sqlite:${sqliteFile}`,
    ...extra,
  };
  let token: string | undefined;

  const node = {
    env,
    dataDir,
    sqliteFile,
    url,
    portico: undefined as unknown as Portico,
    admin: (args: string[], o: { input?: string; env?: Record<string, string> } = {}) => runToExit([CLI, ...args], { env: { ...env, ...o.env }, input: o.input }),
    async api(method: string, p: string, body?: unknown) {
      if (!token) {
        const res = await fetch(`${url}${V1}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
        if (res.status !== 201) throw new Error(`sign-in failed: ${res.status}`);
        token = (await res.json()).token;
      }
      const res = await fetch(url + p, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
    },
    audit: (action: string) => node.portico.store.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('id').execute(),
    async start() {
      node.portico = await createPortico(loadConfig({ ...env, PORTICO_PORT: String(port), PORTICO_ADMIN_PASSWORD: ADMIN_PASSWORD }));
      await node.portico.app.listen({ port, host: '127.0.0.1' });
      token = undefined;
    },
    async stop() {
      await node.portico.close();
    },
    async close() {
      await node.portico?.close().catch(() => {});
      if (db) await dropSchema(PG_URL, db.schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await node.start();
  return node;
}
