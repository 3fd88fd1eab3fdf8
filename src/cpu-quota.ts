/**
 * How many cores this process may use: `os.availableParallelism()` (the CPU affinity mask), bounded by
 * a container's CPU quota. A container limited to 2 CPUs on a 64-core host sees 64 cores but gets
 * 2 cores' worth of time: 64 worker processes there would mostly wait for their turn and use 64 times
 * the memory. The quota is the cgroup's: v2 `cpu.max` ("max 100000" or "<quota> <period>"), v1
 * `cpu.cfs_quota_us` / `cpu.cfs_period_us` (-1: none), of the process's cgroup and each of its
 * parents (the tightest wins: a pod's limit may sit above the container's cgroup), rounded up.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

type Read = (file: string) => string | undefined;

const readOrUndefined: Read = (file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/** CPUs a cgroup v2 `cpu.max` allows (quota ÷ period, rounded up), or undefined for "max" or an unreadable line. */
export function cpusOfCpuMax(text: string): number | undefined {
  const [quota, period] = text.trim().split(/\s+/);
  if (quota === 'max' || !/^\d+$/.test(quota ?? '') || !/^\d+$/.test(period ?? '')) return undefined;
  const q = Number(quota);
  const p = Number(period);
  return q > 0 && p > 0 ? Math.ceil(q / p) : undefined;
}

/** CPUs a cgroup v1 quota and period allow, or undefined for no quota (-1). */
export function cpusOfCfs(quotaText: string, periodText: string): number | undefined {
  const q = Number(quotaText.trim());
  const p = Number(periodText.trim());
  return Number.isInteger(q) && Number.isInteger(p) && q > 0 && p > 0 ? Math.ceil(q / p) : undefined;
}

/** `/a/b/c` → [`/a/b/c`, `/a/b`, `/a`, ``]: a cgroup and its parents, as paths under a hierarchy's mount. */
function selfAndParents(cgroupPath: string): string[] {
  const parts = cgroupPath.split('/').filter(Boolean);
  return Array.from({ length: parts.length + 1 }, (_, i) => (parts.length - i ? `/${parts.slice(0, parts.length - i).join('/')}` : ''));
}

/**
 * The tightest CPU quota on this process's cgroup or its parents, in whole CPUs, or undefined when
 * there is none (or no cgroup file system: not Linux). Inside a container the cgroup namespace makes
 * the process's own cgroup `/`, so the mount's top files are its own.
 */
export function cgroupCpuLimit(read: Read = readOrUndefined, root = '/sys/fs/cgroup'): number | undefined {
  const membership = read('/proc/self/cgroup') ?? '';
  const limits: number[] = [];
  // v2: the line "0::<path>"
  const v2 = /^0::(.*)$/m.exec(membership)?.[1]?.trim();
  for (const dir of v2 !== undefined ? selfAndParents(v2) : ['']) {
    const text = read(`${root}${dir}/cpu.max`);
    const cpus = text === undefined ? undefined : cpusOfCpuMax(text);
    if (cpus !== undefined) limits.push(cpus);
  }
  // v1: the line "<n>:cpu,cpuacct:<path>" (or "cpu" alone); the hierarchy is mounted as cpu,cpuacct or cpu
  const v1 = /^\d+:([^:]*\bcpu\b[^:]*):(.*)$/m.exec(membership);
  if (v1) {
    const controllers = v1[1];
    for (const mount of new Set([controllers, 'cpu', 'cpu,cpuacct'])) {
      for (const dir of selfAndParents(v1[2].trim())) {
        const quota = read(`${root}/${mount}${dir}/cpu.cfs_quota_us`);
        const period = read(`${root}/${mount}${dir}/cpu.cfs_period_us`);
        const cpus = quota === undefined || period === undefined ? undefined : cpusOfCfs(quota, period);
        if (cpus !== undefined) limits.push(cpus);
      }
    }
  }
  return limits.length ? Math.min(...limits) : undefined;
}

/** Cores this process may use: the affinity mask's count, no more than the CPU quota allows, at least 1. */
export function usableCores(read: Read = readOrUndefined, cores = availableParallelism()): number {
  const limit = cgroupCpuLimit(read);
  return Math.max(1, limit === undefined ? cores : Math.min(cores, limit));
}
