/**
 * A small Prometheus registry: counters, histograms with fixed buckets, gauges read at scrape time,
 * rendered in the text exposition format 0.0.4. Per process, as Prometheus expects: each node is
 * scraped on its own and the server sums. The worker processes of one node (PORTICO_WORKERS) are
 * summed before Prometheus sees them: each hands a snapshot to the primary, which merges them
 * (`mergeSnapshots`) and renders one exposition (src/cluster/).
 */

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * Series per metric before new label combinations are folded into one `_other_` series: labels come
 * from bounded sets (route patterns, reason codes), and this caps the damage if one ever is not.
 */
export const MAX_SERIES_PER_METRIC = 1000;
export const OVERFLOW_LABEL_VALUE = '_other_';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

type LabelValues<L extends string> = Readonly<Record<L, string>>;

export interface Counter<L extends string> {
  inc(labels: LabelValues<L>, by?: number): void;
  /** Current value of one series (tests, and gauges derived from counters). */
  get(labels: LabelValues<L>): number;
}

export interface Histogram<L extends string> {
  observe(labels: LabelValues<L>, value: number): void;
  /** Count and sum of one series. */
  get(labels: LabelValues<L>): { count: number; sum: number };
}

interface Metric {
  snapshot(): FamilySnapshot;
}

/** How the primary combines a read-at-scrape value of several processes (memory adds up, a delay takes the worst). */
export type MergeRule = 'sum' | 'max' | 'min';

/** One metric family as plain data: what a worker process sends its primary, and what `renderSnapshots` prints. */
export type FamilySnapshot =
  | { kind: 'counter'; name: string; help: string; labelNames: string[]; series: { values: string[]; value: number }[] }
  | {
      kind: 'histogram';
      name: string;
      help: string;
      labelNames: string[];
      bounds: number[];
      /** counts per bucket, not cumulative. */
      series: { values: string[]; counts: number[]; count: number; sum: number }[];
    }
  | { kind: 'collected'; name: string; help: string; type: 'gauge' | 'counter'; merge: MergeRule; value: number };

/** `\` `"` and newlines escaped, as the format requires for label values. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** `\` and newlines escaped, as the format requires for HELP text. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function header(out: string[], name: string, help: string, type: string) {
  out.push(`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`);
}

function labelText(names: readonly string[], values: readonly string[], extra?: string): string {
  const parts = names.map((n, i) => `${n}="${escapeLabelValue(values[i])}"`);
  if (extra) parts.push(extra);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** Series keyed by their label values, with the cardinality cap applied. */
class SeriesMap<T> {
  readonly #labelNames: readonly string[];
  readonly #create: () => T;
  readonly series = new Map<string, { values: string[]; data: T }>();

  constructor(labelNames: readonly string[], create: () => T) {
    this.#labelNames = labelNames;
    this.#create = create;
  }

  get(labels: Readonly<Record<string, string>>, create: boolean): T | undefined {
    let values = this.#labelNames.map((n) => String(labels[n] ?? ''));
    let key = values.join('\u0000');
    let entry = this.series.get(key);
    if (entry || !create) return entry?.data;
    if (this.series.size >= MAX_SERIES_PER_METRIC) {
      values = this.#labelNames.map(() => OVERFLOW_LABEL_VALUE);
      key = values.join('\u0000');
      entry = this.series.get(key);
      if (entry) return entry.data;
    }
    entry = { values, data: this.#create() };
    this.series.set(key, entry);
    return entry.data;
  }
}

function checkNames(name: string, labelNames: readonly string[], reserved: readonly string[] = []) {
  if (!METRIC_NAME.test(name)) throw new TypeError(`invalid metric name ${JSON.stringify(name)}`);
  for (const l of labelNames) {
    if (!LABEL_NAME.test(l) || l.startsWith('__') || reserved.includes(l)) throw new TypeError(`invalid label name ${JSON.stringify(l)} on ${name}`);
  }
}

export interface Registry {
  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L>;
  histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: readonly number[]): Histogram<L>;
  /**
   * A value read when scraped (memory, event-loop delay…). `type` says how Prometheus should treat it;
   * `merge` how the values of several worker processes combine (default: their sum).
   */
  collected(name: string, help: string, read: () => number, type?: 'gauge' | 'counter', merge?: MergeRule): void;
  /** Every family as plain data (reading the collected values now). */
  snapshot(): FamilySnapshot[];
  /** The whole registry in the text format, one metric family after another. */
  render(): string;
}

export function createRegistry(): Registry {
  const metrics = new Map<string, Metric>();
  const add = (name: string, metric: Metric) => {
    if (metrics.has(name)) throw new TypeError(`metric ${name} is registered twice`);
    metrics.set(name, metric);
  };
  const snapshot = () => [...metrics.values()].map((metric) => metric.snapshot());

  return {
    counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
      checkNames(name, labelNames);
      const map = new SeriesMap(labelNames, () => ({ value: 0 }));
      add(name, {
        snapshot: () => ({ kind: 'counter', name, help, labelNames: [...labelNames], series: [...map.series.values()].map(({ values, data }) => ({ values, value: data.value })) }),
      });
      return {
        inc(labels, by = 1) {
          if (!(by >= 0)) throw new RangeError(`counter ${name} can only go up`);
          map.get(labels, true)!.value += by;
        },
        get: (labels) => map.get(labels, false)?.value ?? 0,
      };
    },

    histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: readonly number[]): Histogram<L> {
      checkNames(name, labelNames, ['le']);
      if (!buckets.length || buckets.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= buckets[i - 1]))) {
        throw new TypeError(`buckets of ${name} must be finite and strictly increasing`);
      }
      const bounds = [...buckets];
      const map = new SeriesMap(labelNames, () => ({ counts: new Array<number>(bounds.length).fill(0), count: 0, sum: 0 }));
      add(name, {
        snapshot: () => ({
          kind: 'histogram',
          name,
          help,
          labelNames: [...labelNames],
          bounds,
          series: [...map.series.values()].map(({ values, data }) => ({ values, counts: [...data.counts], count: data.count, sum: data.sum })),
        }),
      });
      return {
        observe(labels, value) {
          if (Number.isNaN(value)) return;
          const data = map.get(labels, true)!;
          const i = bounds.findIndex((le) => value <= le);
          if (i >= 0) data.counts[i]++;
          data.count++;
          data.sum += value;
        },
        get(labels) {
          const data = map.get(labels, false);
          return { count: data?.count ?? 0, sum: data?.sum ?? 0 };
        },
      };
    },

    collected(name, help, read, type = 'gauge', merge = 'sum') {
      checkNames(name, []);
      add(name, { snapshot: () => ({ kind: 'collected', name, help, type, merge, value: read() }) });
    },

    snapshot,
    render: () => renderSnapshots(snapshot()),
  };
}

/** Families in the text format, one after another. */
export function renderSnapshots(families: readonly FamilySnapshot[]): string {
  const out: string[] = [];
  for (const f of families) {
    if (f.kind === 'collected') {
      header(out, f.name, f.help, f.type);
      out.push(`${f.name} ${formatValue(f.value)}`);
    } else if (f.kind === 'counter') {
      header(out, f.name, f.help, 'counter');
      for (const { values, value } of f.series) out.push(`${f.name}${labelText(f.labelNames, values)} ${formatValue(value)}`);
    } else {
      header(out, f.name, f.help, 'histogram');
      for (const { values, counts, count, sum } of f.series) {
        // Stored per bucket; exposed cumulatively, as the format wants.
        let cumulative = 0;
        f.bounds.forEach((le, i) => {
          cumulative += counts[i];
          out.push(`${f.name}_bucket${labelText(f.labelNames, values, `le="${formatValue(le)}"`)} ${cumulative}`);
        });
        out.push(`${f.name}_bucket${labelText(f.labelNames, values, 'le="+Inf"')} ${count}`);
        out.push(`${f.name}_sum${labelText(f.labelNames, values)} ${formatValue(sum)}`);
        out.push(`${f.name}_count${labelText(f.labelNames, values)} ${count}`);
      }
    }
  }
  return out.join('\n') + '\n';
}

/** A series' label values as one map key. */
const seriesKey = (s: { values: readonly string[] }) => s.values.join('\u0000');

const combine = (rule: MergeRule, a: number, b: number) => (rule === 'max' ? Math.max(a, b) : rule === 'min' ? Math.min(a, b) : a + b);

/**
 * Several processes' snapshots as one: counters and histograms add up series by series (label values
 * alike), read-at-scrape values combine by their rule. A family keeps the place it has in the first
 * snapshot that has it; one whose shape differs between snapshots (labels, buckets, kind) keeps the first.
 */
export function mergeSnapshots(snapshots: readonly (readonly FamilySnapshot[])[]): FamilySnapshot[] {
  const merged = new Map<string, FamilySnapshot>();
  const seriesIndex = new Map<string, Map<string, number>>();
  /** Each of `from`'s series added to the one of `into` with the same label values, or appended (a copy). */
  function addSeries<S extends { values: string[] }>(name: string, into: S[], from: readonly S[], add: (into: S, s: S) => void) {
    const index = seriesIndex.get(name)!;
    for (const s of from) {
      const key = seriesKey(s);
      const at = index.get(key);
      if (at === undefined) index.set(key, into.push(structuredClone(s)) - 1);
      else add(into[at], s);
    }
  }
  for (const families of snapshots) {
    for (const f of families) {
      const known = merged.get(f.name);
      if (!known) {
        merged.set(f.name, structuredClone(f));
        if (f.kind !== 'collected') seriesIndex.set(f.name, new Map(f.series.map((s, i) => [seriesKey(s), i])));
      } else if (known.kind === 'collected' && f.kind === 'collected') {
        known.value = combine(known.merge, known.value, f.value);
      } else if (known.kind === 'counter' && f.kind === 'counter' && sameLabels(known.labelNames, f.labelNames)) {
        addSeries(f.name, known.series, f.series, (into, s) => (into.value += s.value));
      } else if (known.kind === 'histogram' && f.kind === 'histogram' && sameLabels(known.labelNames, f.labelNames) && sameLabels(known.bounds, f.bounds)) {
        addSeries(f.name, known.series, f.series, (into, s) => {
          s.counts.forEach((n, i) => (into.counts[i] += n));
          into.count += s.count;
          into.sum += s.sum;
        });
      }
    }
  }
  return [...merged.values()];
}

const sameLabels = (a: readonly (string | number)[], b: readonly (string | number)[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * What outlives a process in a merged exposition: its counters and histograms (and counters read at
 * scrape time, like CPU seconds), so that the merged totals never go down when a worker is replaced.
 * Gauges (memory, delays) are of the living only.
 */
export const monotonicPart = (families: readonly FamilySnapshot[]): FamilySnapshot[] =>
  families.filter((f) => f.kind !== 'collected' || f.type === 'counter');
