/**
 * A small Prometheus registry: counters, histograms with fixed buckets, gauges read at scrape time,
 * rendered in the text exposition format 0.0.4. Per process, as Prometheus expects: each node is
 * scraped on its own and the server sums.
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
  render(out: string[]): void;
}

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
  /** A value read when scraped (memory, event-loop delay…). `type` says how Prometheus should treat it. */
  collected(name: string, help: string, read: () => number, type?: 'gauge' | 'counter'): void;
  /** The whole registry in the text format, one metric family after another. */
  render(): string;
}

export function createRegistry(): Registry {
  const metrics = new Map<string, Metric>();
  const add = (name: string, metric: Metric) => {
    if (metrics.has(name)) throw new TypeError(`metric ${name} is registered twice`);
    metrics.set(name, metric);
  };

  return {
    counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
      checkNames(name, labelNames);
      const map = new SeriesMap(labelNames, () => ({ value: 0 }));
      add(name, {
        render(out) {
          header(out, name, help, 'counter');
          for (const { values, data } of map.series.values()) out.push(`${name}${labelText(labelNames, values)} ${formatValue(data.value)}`);
        },
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
        render(out) {
          header(out, name, help, 'histogram');
          for (const { values, data } of map.series.values()) {
            // Stored per bucket; exposed cumulatively, as the format wants.
            let cumulative = 0;
            bounds.forEach((le, i) => {
              cumulative += data.counts[i];
              out.push(`${name}_bucket${labelText(labelNames, values, `le="${formatValue(le)}"`)} ${cumulative}`);
            });
            out.push(`${name}_bucket${labelText(labelNames, values, 'le="+Inf"')} ${data.count}`);
            out.push(`${name}_sum${labelText(labelNames, values)} ${formatValue(data.sum)}`);
            out.push(`${name}_count${labelText(labelNames, values)} ${data.count}`);
          }
        },
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

    collected(name, help, read, type = 'gauge') {
      checkNames(name, []);
      add(name, {
        render(out) {
          header(out, name, help, type);
          out.push(`${name} ${formatValue(read())}`);
        },
      });
    },

    render() {
      const out: string[] = [];
      for (const metric of metrics.values()) metric.render(out);
      return out.join('\n') + '\n';
    },
  };
}
