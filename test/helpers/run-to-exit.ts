/**
 * Runs `node <args>` to its end (a command, or a server expected to refuse to start) and returns its
 * exit code and output. The child gets exactly `env` plus PATH: nothing of the test's own PORTICO_*.
 */
import { spawn } from 'node:child_process';

/** A command that has not ended by then is killed and the test fails with what it printed. */
const DEFAULT_TIMEOUT_MS = 60_000;

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function runToExit(
  args: string[],
  o: { env: Record<string, string>; input?: string; cwd?: string; timeoutMs?: number },
): Promise<RunResult> {
  const child = spawn(process.execPath, args, { cwd: o.cwd, env: { PATH: process.env.PATH ?? '', ...o.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.on('error', () => {}); // a command that exits before reading its input is not our failure
  child.stdin.end(o.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve(exitCode));
  }).finally(() => clearTimeout(timer));
  return { code, stdout, stderr };
}
