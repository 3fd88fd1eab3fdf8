/**
 * A real Portico process (`node src/main.ts`, the production entry point) for tests that need to
 * signal or kill a node: drain on SIGTERM, a node dying mid-login. `spawnUntilReady` is shared with
 * the bench, which starts Portico and the simulator the same way.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const READY_TIMEOUT_MS = 30_000;
const POLL_MS = 100;
/** Output kept for the failure message of a process that would not start. */
const KEEP_OUTPUT_CHARS = 4000;

export interface ChildNode {
  url: string;
  /** Resolves when the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last few thousand characters of its stdout and stderr. */
  output(): string;
  /** Signals the process unless it has ended already. */
  kill(signal: NodeJS.Signals): void;
  pid: number;
}

export interface SpawnOptions {
  /** The whole environment of the child (PATH is added). */
  env: Record<string, string>;
  /** Its base URL; `readyPath` under it must answer 200 before this resolves. */
  url: string;
  readyPath: string;
  cwd?: string;
  /** Sees every chunk of output (e.g. to keep a full log). */
  onOutput?(chunk: Buffer): void;
}

/** `node <args>`, resolved once it answers its readiness URL; a start-up exit or timeout throws with its output. */
export async function spawnUntilReady(args: string[], o: SpawnOptions): Promise<ChildNode> {
  const child = spawn(process.execPath, args, { cwd: o.cwd, env: { PATH: process.env.PATH ?? '', ...o.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    o.onOutput?.(chunk);
    output = (output + chunk.toString()).slice(-KEEP_OUTPUT_CHARS);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let ended = false;
  void exited.then(() => (ended = true));

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (ended) throw new Error(`${args.join(' ')} exited during start-up:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${args.join(' ')} did not become ready in ${READY_TIMEOUT_MS} ms:\n${output}`);
    }
    try {
      if ((await fetch(o.url + o.readyPath)).status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(POLL_MS);
  }
  return {
    url: o.url,
    pid: child.pid!,
    exited,
    output: () => output,
    kill: (signal) => {
      if (!ended) child.kill(signal);
    },
  };
}

/** One process unless `env` asks for workers (PORTICO_WORKERS): the tests that want several say so (test/workers.test.ts). */
export function startChildNode(port: number, env: Record<string, string>, o: Pick<SpawnOptions, 'onOutput'> = {}): Promise<ChildNode> {
  return spawnUntilReady([MAIN], {
    // The tests point DingTalk sources at the simulator: an operator's choice, made here for every child node.
    env: { PORTICO_LOG_LEVEL: 'warn', PORTICO_HOST: '127.0.0.1', PORTICO_PORT: String(port), PORTICO_DINGTALK_CUSTOM_ENDPOINTS: 'true', PORTICO_WORKERS: '1', ...env },
    url: `http://127.0.0.1:${port}`,
    readyPath: '/readyz',
    onOutput: o.onOutput,
  });
}
