/**
 * Latency histogram in the manner of HdrHistogram: logarithmic buckets with a fixed relative
 * precision, so percentiles are exact to that precision at any scale and memory stays constant.
 */

/** Relative width of a bucket: values are reported within 1 %. */
const HISTOGRAM_PRECISION = 0.01;
/** The smallest value kept apart from zero (µs when recording ms). */
const MIN_VALUE = 0.001;

export interface Percentiles {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export class Histogram {
  readonly #counts = new Map<number, number>();
  #count = 0;
  #sum = 0;
  #min = Infinity;
  #max = 0;
  readonly #logBase = Math.log1p(HISTOGRAM_PRECISION);

  record(value: number): void {
    const v = Math.max(value, MIN_VALUE);
    const bucket = Math.floor(Math.log(v / MIN_VALUE) / this.#logBase);
    this.#counts.set(bucket, (this.#counts.get(bucket) ?? 0) + 1);
    this.#count++;
    this.#sum += value;
    this.#min = Math.min(this.#min, value);
    this.#max = Math.max(this.#max, value);
  }

  /** The value at quantile q (0..1): the upper edge of the bucket holding it, capped at the maximum seen. */
  quantile(q: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.#count));
    let seen = 0;
    for (const bucket of [...this.#counts.keys()].sort((a, b) => a - b)) {
      seen += this.#counts.get(bucket)!;
      if (seen >= rank) return Math.min(this.#max, MIN_VALUE * Math.exp((bucket + 1) * this.#logBase));
    }
    return this.#max;
  }

  summary(): Percentiles {
    return {
      count: this.#count,
      min: this.#count ? this.#min : 0,
      mean: this.#count ? this.#sum / this.#count : 0,
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      p99: this.quantile(0.99),
      max: this.#max,
    };
  }
}
