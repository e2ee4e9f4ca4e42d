import { Piscina } from 'piscina';
import { METRIC_COUNT } from '../model/indicators.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { compileWithTrees } from './compileWithTrees.ts';
import { expressionTrees } from './compileScenario.ts';
import { runChunk } from './runChunk.ts';
import { RunSampler } from './runSampler.ts';
import type { ChunkTask } from './worker.ts';

/** A slice `index/count` (1-based) of a scenario's runs. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export interface MonteCarloOptions {
  /** Worker threads; 1 runs in the calling thread. */
  readonly workers?: number;
  readonly shard?: Shard;
  /** Runs per task handed to a worker. */
  readonly chunkSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** The indicator rows and sampled values of runs `runStart ≤ run < runEnd`, in run order. */
export interface MonteCarloResult {
  readonly scenario: ResolvedScenario;
  readonly years: Int32Array;
  readonly runStart: number;
  readonly runEnd: number;
  /** `((run − runStart) · years + y) · METRIC_COUNT + m`. */
  readonly rows: Float64Array;
  readonly sampledNames: readonly string[];
  readonly sampled: Float64Array;
  readonly elapsedMs: number;
}

/** Runs `[start, end)` of shard `index/count` of n runs: `⌊(index−1)·n/count⌋ … ⌊index·n/count⌋`. */
export function shardRange(n: number, shard?: Shard): [number, number] {
  if (!shard) return [0, n];
  return [Math.floor(((shard.index - 1) * n) / shard.count), Math.floor((shard.index * n) / shard.count)];
}

/**
 * Run a resolved scenario's Monte Carlo: `scenario.monteCarlo.runs` runs (or
 * one shard of them), spread over worker threads in chunks. Each run depends
 * only on (seed, run index), and chunks are put back in run order, so the
 * result is bit-identical for any worker count or shard split.
 *
 * @example
 * const r = await runMonteCarlo(loadScenario('scenarios/dalian.yaml'), { workers: 2 });
 * r.rows.length; // runs × years × METRIC_COUNT
 */
export async function runMonteCarlo(scenario: ResolvedScenario, options: MonteCarloOptions = {}): Promise<MonteCarloResult> {
  const t0 = performance.now();
  const total = scenario.monteCarlo.runs;
  const [runStart, runEnd] = shardRange(total, options.shard);
  const trees = expressionTrees(scenario);
  const compiled = compileWithTrees(scenario, trees);
  const perRun = (compiled.steps + 1) * METRIC_COUNT;
  const nSampled = compiled.sampledNames.length;
  const count = runEnd - runStart;
  // Shared memory: workers write their runs in place, so no chunk is copied or left for the collector.
  const rowsBuffer = new SharedArrayBuffer(count * perRun * 8);
  const sampledBuffer = new SharedArrayBuffer(count * nSampled * 8);
  const rows = new Float64Array(rowsBuffer);
  const sampled = new Float64Array(sampledBuffer);
  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  const chunkSize = Math.max(1, options.chunkSize ?? (workers > 1 ? Math.min(500, Math.ceil(count / (workers * 8))) : 250));
  let done = 0;
  const progressed = (n: number): void => {
    done += n;
    options.onProgress?.(done, count);
  };
  const chunks: [number, number][] = [];
  for (let s = runStart; s < runEnd; s += chunkSize) chunks.push([s, Math.min(runEnd, s + chunkSize)]);

  if (workers === 1) {
    const sampler = new RunSampler(compiled, total);
    for (const [s, e] of chunks) {
      runChunk(compiled, total, s, e, sampler, { rows, sampled, runStart });
      progressed(e - s);
      await new Promise((resolve) => setImmediate(resolve)); // let a progress bar draw
    }
  } else {
    const pool = new Piscina({
      filename: new URL('./worker.mjs', import.meta.url).href,
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: 1000,
    });
    const key = `${scenario.name}:${total}:${performance.now()}`;
    try {
      await Promise.all(
        chunks.map(([start, end]) =>
          pool
            .run({ key, scenario, trees, totalRuns: total, start, end, rows: rowsBuffer, sampled: sampledBuffer, runStart } satisfies ChunkTask)
            .then((n: number) => progressed(n)),
        ),
      );
    } finally {
      await pool.destroy();
    }
  }
  return {
    scenario,
    years: compiled.years,
    runStart,
    runEnd,
    rows,
    sampledNames: compiled.sampledNames,
    sampled,
    elapsedMs: performance.now() - t0,
  };
}
