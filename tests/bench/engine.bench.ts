import { METRIC_COUNT, STATE_SIZE, Workspace, buildBaseline, modelParams, runInto, step, stepCount } from '../../src/index.ts';

/**
 * Engine alone, single thread: run-years per second for one city (Dalian,
 * seed 004 lines 887–888) projected 2013 → 2035 with every flow on, and the
 * heap growth of stepping 100,000 years on one state (should be ~0: the kernel
 * allocates nothing per year).
 */
export function benchEngine(): { runYearsPerSecond: number; runsPerSecond: number; heapGrowthBytesPer1000Years: number } {
  const baseline = buildBaseline({ year: 2013, residentPop: 6_918_000, registeredPop: 5_914_000, residentRate: 0.685, registeredRate: 0.631 });
  const e0F = Array.from({ length: 22 }, (_, y) => 79 + 0.15 * y); // a changing e0 refills the life table every year
  const p = modelParams({ startYear: 2013, endYear: 2035, inflow: 250_000, reclassShare: 0.01, reclassHukouShare: 0.3, e0F });
  const n = stepCount(p);
  const state = new Float64Array(STATE_SIZE);
  const ws = new Workspace();
  const rows = new Float64Array((n + 1) * METRIC_COUNT);
  const once = () => {
    state.set(baseline.state);
    runInto(state, p, ws, rows);
  };
  for (let i = 0; i < 200; i++) once(); // warm-up
  let runs = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 3000) {
    once();
    runs++;
  }
  const seconds = (performance.now() - t0) / 1000;

  const gc = (globalThis as { gc?: () => void }).gc;
  state.set(baseline.state);
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const years = 100_000;
  for (let k = 0; k < years; k++) step(state, p, k % n, ws);
  gc?.();
  const growth = process.memoryUsage().heapUsed - before;
  return { runYearsPerSecond: (runs * n) / seconds, runsPerSecond: runs / seconds, heapGrowthBytesPer1000Years: (growth / years) * 1000 };
}
