/**
 * Preloaded (`node -r`) into every benchmark process: when the process exits, writes its CPU time,
 * peak memory and the app's own synthesis timing (if it recorded one) to the file named by
 * BENCH_METRICS.
 */
import { writeFileSync } from 'node:fs';

/** What one benchmark process reports about itself. */
export interface ProcessMetrics {
  /** User CPU time of the whole process (all threads), in milliseconds. */
  readonly userMs: number;
  /** System CPU time of the whole process, in milliseconds. */
  readonly systemMs: number;
  /** Peak resident set size, in KiB. */
  readonly maxRssKiB: number;
  /** The synthesis alone, when the app measured it. */
  readonly timing?: { readonly synthMs: number; readonly synthCpuMs: number };
}

const out = process.env.BENCH_METRICS;
if (out) {
  process.on('exit', () => {
    const r = process.resourceUsage();
    const metrics: ProcessMetrics = {
      userMs: r.userCPUTime / 1000,
      systemMs: r.systemCPUTime / 1000,
      maxRssKiB: r.maxRSS,
      timing: (globalThis as any).__benchTiming,
    };
    writeFileSync(out, JSON.stringify(metrics));
  });
}
