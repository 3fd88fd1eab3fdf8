/** Samples Portico's own memory gauges (GET /metrics) while a run goes on, keeping the highest of each. */
const SAMPLE_EVERY_MS = 500;
const GAUGES = ['process_resident_memory_bytes', 'nodejs_heap_total_bytes', 'nodejs_heap_used_bytes', 'nodejs_external_memory_bytes'] as const;

export type MemoryPeaks = Partial<Record<(typeof GAUGES)[number], number>>;

export function sampleMemory(porticoUrl: string): { stop(): MemoryPeaks } {
  const peaks: MemoryPeaks = {};
  const timer = setInterval(async () => {
    try {
      const text = await (await fetch(`${porticoUrl}/metrics`)).text();
      for (const name of GAUGES) {
        const value = Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
        if (Number.isFinite(value)) peaks[name] = Math.max(peaks[name] ?? 0, value);
      }
    } catch {
      // a missed sample is fine
    }
  }, SAMPLE_EVERY_MS);
  return {
    stop() {
      clearInterval(timer);
      return peaks;
    },
  };
}
