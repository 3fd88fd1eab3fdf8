/** One table on stdout, and the same numbers as JSON. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadResult } from './load.ts';
import type { Machine } from './machine.ts';

/** What a one-off job measured (a directory sync: one run, so no latency distribution and no concurrency). */
export type JobResult = Pick<LoadResult, 'count' | 'elapsedMs' | 'rate' | 'errors'> & Partial<LoadResult>;

export interface ScenarioRow {
  id: string;
  name: string;
  /** Unit of `rate`: flows/s, logins/s, hashes/s, grants/s, people/s. */
  unit: string;
  result?: LoadResult | JobResult;
  /** Why a scenario did not run. */
  skipped?: string;
  note?: string;
  /** CPU milliseconds per completed iteration, by process (where the OS tells). */
  cpuMsPerOp?: { portico?: number; simulator?: number; driver?: number };
  /** Numbers beyond the table's columns (a sync's wall time, memory growth, calls per API), for the JSON. */
  measures?: Record<string, unknown>;
}

export interface BenchReport {
  at: string;
  machine: Machine;
  settings: Record<string, unknown>;
  scenarios: ScenarioRow[];
  derived: Record<string, number | string | undefined>;
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
/** CPU per operation is often below a millisecond: two decimals show a change. */
const cpuMs = (v: number) => (v >= 10 ? v.toFixed(1) : v.toFixed(2));

export function renderTable(report: BenchReport): string {
  const lines = [
    '| # | scenario | conc. | done | rate | p50 ms | p99 ms | errors | CPU ms/op: Portico · sim · driver |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of report.scenarios) {
    const r = s.result;
    if (!r) {
      lines.push(`| ${s.id} | ${s.name} | | | skipped: ${s.skipped ?? ''} | | | | |`);
      continue;
    }
    const cpu = s.cpuMsPerOp ? [s.cpuMsPerOp.portico, s.cpuMsPerOp.simulator, s.cpuMsPerOp.driver].map((v) => (v === undefined ? '–' : cpuMs(v))).join(' · ') : '';
    const opt = (v: number | undefined, f: (v: number) => string) => (v === undefined ? '–' : f(v));
    lines.push(`| ${s.id} | ${s.name}${s.note ? ` (${s.note})` : ''} | ${r.concurrency ?? '–'} | ${r.count} | ${r.rate.toFixed(1)} ${s.unit} | ${opt(r.p50, ms)} | ${opt(r.p99, ms)} | ${r.errors} | ${cpu} |`);
  }
  for (const [key, value] of Object.entries(report.derived)) {
    if (value !== undefined) lines.push(`| | ${key} | | | ${value} | | | | |`);
  }
  return lines.join('\n');
}

export function writeJson(report: BenchReport, file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
}
