/** Portico and the DingTalk simulator as child processes on loopback ports, and their peak memory. */
import { createWriteStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/helpers/free-port.ts';
import { spawnUntilReady } from '../../test/helpers/child-node.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KIB = 1024;

export interface Child {
  url: string;
  /** Peak resident set size so far, in bytes (Linux /proc VmHWM), or undefined elsewhere. */
  peakRss(): number | undefined;
  /** Resident set size now, in bytes (Linux /proc VmRSS), or undefined elsewhere. */
  rss(): number | undefined;
  /** User + system CPU seconds used so far (Linux /proc), or undefined elsewhere. */
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
    peakRss: () => memoryOf(child.pid, 'VmHWM'),
    rss: () => memoryOf(child.pid, 'VmRSS'),
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

/** Portico from this checkout, or from `dir` (another checkout, e.g. an older commit to compare with). */
export async function startPorticoProcess(env: Record<string, string>, nodeArgs: string[] = [], dir = ROOT): Promise<Child> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  return spawnAndWait([...nodeArgs, 'src/main.ts'], { PORTICO_PORT: String(port), PORTICO_HOST: '127.0.0.1', PORTICO_PUBLIC_URL: url, ...env }, '/readyz', url, dir);
}
