import { benchEngine } from './engine.bench.ts';

// `npm run bench`: prints each figure; run with --expose-gc for the allocation check.
const e = benchEngine();
console.log('engine (one city 2013→2035, 22 years, all flows on, single thread)');
console.log(`  run-years per second : ${Math.round(e.runYearsPerSecond).toLocaleString('en')}`);
console.log(`  runs per second      : ${Math.round(e.runsPerSecond).toLocaleString('en')}`);
console.log(`  heap growth per 1,000 stepped years: ${Math.round(e.heapGrowthBytesPer1000Years)} bytes` +
  ((globalThis as { gc?: unknown }).gc ? '' : ' (run with node --expose-gc for a clean figure)'));
