/** Portico and the DingTalk simulator as child processes on loopback ports, and their peak memory. */
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/helpers/free-port.ts';
import { spawnUntilReady } from '../../test/helpers/child-node.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KIB = 1024;

/**
 * A child process and, for Portico with PORTICO_WORKERS > 1, its worker processes: CPU and memory are
 * the sum over the process and its children (a worker that died counts through its parent's cutime).
 */
export interface Child {
  url: string;
  /** Peak resident set size so far, in bytes (Linux /proc VmHWM; summed over its processes: at most their peak together), or undefined elsewhere. */
  peakRss(): number | undefined;
  /** Resident set size now, in bytes (Linux /proc VmRSS, summed over its processes), or undefined elsewhere. */
  rss(): number | undefined;
  /** User + system CPU seconds used so far by it and its children (Linux /proc), or undefined elsewhere. */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
  /** The last few thousand characters it wrote (why it died, when it did). */
  output(): string;
}

/** A size in /proc/<pid>/status (VmHWM: peak resident, VmRSS: resident now), in bytes. */
function memoryOf(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * KIB : undefined;
  } catch {
    return undefined;
  }
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;
/**
 * Fields of /proc/<pid>/stat (proc(5)): ppid 4, utime 14, stime 15, and cutime 16, cstime 17 (children
 * waited for: a worker that died and was replaced). The text after `) ` starts at field 3.
 */
const PPID_FIELD = 4;
const UTIME_FIELD = 14;
const STIME_FIELD = 15;
const CUTIME_FIELD = 16;
const CSTIME_FIELD = 17;
const FIRST_FIELD_AFTER_COMM = 3;

/** The numeric fields of /proc/<pid>/stat by their proc(5) number, or undefined when it is gone (or not Linux). */
function statOf(pid: number | string): ((field: number) => number) | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (field) => Number(fields[field - FIRST_FIELD_AFTER_COMM]);
  } catch {
    return undefined;
  }
}

/** The process's children (Portico's workers), from /proc. */
function childrenOf(pid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  return entries.filter((e) => /^\d+$/.test(e) && statOf(e)?.(PPID_FIELD) === pid).map(Number);
}

function cpuSecondsOf(pid: number): number | undefined {
  const own = statOf(pid);
  if (!own) return undefined;
  const ticks = [UTIME_FIELD, STIME_FIELD, CUTIME_FIELD, CSTIME_FIELD].reduce((n, f) => n + own(f), 0);
  const children = childrenOf(pid).reduce((n, child) => {
    const s = statOf(child);
    return n + (s ? s(UTIME_FIELD) + s(STIME_FIELD) : 0);
  }, 0);
  return (ticks + children) / USER_HZ;
}

/** A memory field summed over the process and its children. */
function treeMemoryOf(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  const own = memoryOf(pid, field);
  return own === undefined ? undefined : childrenOf(pid).reduce((n, child) => n + (memoryOf(child, field) ?? 0), own);
}

/** Children started so far, so that each keeps a log of its own (a bench may start several Porticos). */
let started = 0;
/** `src/main.ts` → `src-main-1`, `sim/dingtalk/main.ts` → `sim-dingtalk-main-2`. */
const childLogName = (script: string) => `${script.replace(/\.ts$/, '').replaceAll('/', '-')}-${++started}`;

/** `node <args>` until it answers `readyPath`, with its peak memory and CPU; BENCH_CHILD_LOG keeps its full output. */
async function spawnAndWait(args: string[], env: Record<string, string>, readyPath: string, url: string, cwd = ROOT): Promise<Child> {
  const log = process.env.BENCH_CHILD_LOG ? createWriteStream(`${process.env.BENCH_CHILD_LOG}.${childLogName(args.at(-1)!)}.log`) : undefined;
  const child = await spawnUntilReady(args, { env, url, readyPath, cwd, onOutput: log && ((chunk) => log.write(chunk)) });
  return {
    url,
    peakRss: () => treeMemoryOf(child.pid, 'VmHWM'),
    rss: () => treeMemoryOf(child.pid, 'VmRSS'),
    cpuSeconds: () => cpuSecondsOf(child.pid),
    output: () => child.output(),
    async stop() {
      child.kill('SIGTERM');
      await child.exited;
    },
  };
}

export async function startSimulatorProcess(): Promise<Child> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  return spawnAndWait(['sim/dingtalk/main.ts'], { PORTICO_SIM_PORT: String(port) }, '/sim/api/world', url);
}

/**
 * Portico from this checkout, or from `dir` (another checkout, e.g. an older commit to compare with). One
 * process unless `env` sets PORTICO_WORKERS (the default would be a worker per core): the scenarios measure one
 * node's process, and the workers comparison (W) asks for more.
 */
export async function startPorticoProcess(env: Record<string, string>, nodeArgs: string[] = [], dir = ROOT): Promise<Child> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  return spawnAndWait([...nodeArgs, 'src/main.ts'], { PORTICO_PORT: String(port), PORTICO_HOST: '127.0.0.1', PORTICO_PUBLIC_URL: url, PORTICO_WORKERS: '1', ...env }, '/readyz', url, dir);
}
