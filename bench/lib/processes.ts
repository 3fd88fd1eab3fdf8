/** Portico and the DingTalk simulator as child processes on loopback ports, and their peak memory. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../test/helpers/free-port.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READY_TIMEOUT_MS = 30_000;
const POLL_MS = 100;
const KEEP_OUTPUT_CHARS = 4000;
const KIB = 1024;

export interface Child {
  url: string;
  pid: number;
  output(): string;
  /** Peak resident set size so far, in bytes (Linux /proc VmHWM), or undefined elsewhere. */
  peakRss(): number | undefined;
  /** User + system CPU seconds used so far (Linux /proc), or undefined elsewhere. */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

function peakRssOf(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * KIB : undefined;
  } catch {
    return undefined;
  }
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;
/** utime and stime are fields 14 and 15 of /proc/<pid>/stat (proc(5)); the text after `) ` starts at field 3. */
const UTIME_FIELD = 14;
const STIME_FIELD = 15;
const FIRST_FIELD_AFTER_COMM = 3;

function cpuSecondsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[UTIME_FIELD - FIRST_FIELD_AFTER_COMM]) + Number(fields[STIME_FIELD - FIRST_FIELD_AFTER_COMM])) / USER_HZ;
  } catch {
    return undefined;
  }
}

async function spawnAndWait(args: string[], env: Record<string, string>, readyUrl: string, url: string, cwd = ROOT): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const log = process.env.BENCH_CHILD_LOG ? createWriteStream(`${process.env.BENCH_CHILD_LOG}.${path.basename(args.at(-1)!, '.ts')}.log`) : undefined;
  const keep = (chunk: Buffer) => {
    log?.write(chunk);
    output = (output + chunk.toString()).slice(-KEEP_OUTPUT_CHARS);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  const done = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exited) throw new Error(`${args.join(' ')} exited during start-up:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${args.join(' ')} was not ready in time:\n${output}`);
    }
    try {
      if ((await fetch(readyUrl)).ok) break;
    } catch {
      // not listening yet
    }
    await sleep(POLL_MS);
  }
  return {
    url,
    pid: child.pid!,
    output: () => output,
    peakRss: () => peakRssOf(child.pid!),
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await done;
    },
  };
}

export async function startSimulatorProcess(): Promise<Child> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  return spawnAndWait(['sim/dingtalk/main.ts'], { PORTICO_SIM_PORT: String(port) }, `${url}/sim/api/world`, url);
}

/** Portico from this checkout, or from `dir` (another checkout, e.g. an older commit to compare with). */
export async function startPorticoProcess(env: Record<string, string>, nodeArgs: string[] = [], dir = ROOT): Promise<Child> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  return spawnAndWait([...nodeArgs, 'src/main.ts'], { PORTICO_PORT: String(port), PORTICO_HOST: '127.0.0.1', PORTICO_PUBLIC_URL: url, ...env }, `${url}/readyz`, url, dir);
}
