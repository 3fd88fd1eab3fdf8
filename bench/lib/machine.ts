/** The machine a benchmark ran on, for the report. */
import os from 'node:os';

export interface Machine {
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  uvThreadpoolSize: string;
  /** 1-minute load average when the run began: other work on the machine skews every figure. */
  loadAverageAtStart: number;
}

export function machine(): Machine {
  return {
    nproc: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    uvThreadpoolSize: process.env.UV_THREADPOOL_SIZE ?? 'default',
    loadAverageAtStart: Math.round(os.loadavg()[0] * 100) / 100,
  };
}
