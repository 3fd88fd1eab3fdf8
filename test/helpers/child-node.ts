/**
 * A real Portico process (`node src/main.ts`, the production entry point) for tests that need to
 * signal or kill a node: drain on SIGTERM, a node dying mid-login.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const READY_TIMEOUT_MS = 30_000;
const POLL_MS = 100;
/** Output kept for the failure message of a node that would not start. */
const KEEP_OUTPUT_CHARS = 4000;

export interface ChildNode {
  url: string;
  pid: number;
  process: ChildProcess;
  /** Resolves when the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  kill(signal: NodeJS.Signals): void;
}

export async function startChildNode(port: number, env: Record<string, string>): Promise<ChildNode> {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', PORTICO_LOG_LEVEL: 'warn', PORTICO_HOST: '127.0.0.1', PORTICO_PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-KEEP_OUTPUT_CHARS);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let ended = false;
  void exited.then(() => (ended = true));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (ended) throw new Error(`Portico exited during start-up:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Portico did not become ready in ${READY_TIMEOUT_MS} ms:\n${output}`);
    }
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(POLL_MS);
  }
  return {
    url,
    pid: child.pid!,
    process: child,
    exited,
    output: () => output,
    kill: (signal) => {
      if (!ended) child.kill(signal);
    },
  };
}
