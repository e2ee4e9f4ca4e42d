import type { Piscina } from 'piscina';
import type { OutOfBoundsSummary } from '../analysis/outOfBounds.ts';
import { METRIC_COUNT } from '../model/indicators.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { type BoundsCheck, boundsChecks } from './boundsChecks.ts';
import { compileWithTrees } from './compileWithTrees.ts';
import { expressionTrees } from './compileScenario.ts';
import { monteCarloPool } from './monteCarloPool.ts';
import { runChunk } from './runChunk.ts';
import { type GivenParameters, RunSampler } from './runSampler.ts';
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
  /**
   * Run these parameter values instead of drawing them (a designed
   * experiment, e.g. a Saltelli design): one run per row of `values`
   * (runs × names.length, row-major), whatever `monteCarlo.runs` says.
   * `names` must be the scenario's sampled scalars, in any order. Yearly
   * shocks come from run r's own streams, or from run `shockRuns[r]`'s.
   */
  readonly parameters?: { readonly names: readonly string[]; readonly values: Float64Array; readonly shockRuns?: Int32Array };
  /** Worker threads to use when `workers` > 1 ({@link monteCarloPool}), kept alive for the caller. */
  readonly pool?: Piscina;
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
  /**
   * Parameters set per run by an expression of drawn values or by shocks,
   * which the validator cannot check ({@link boundsChecks}), and per run the
   * number of years each was outside its key's bounds (the kernel clamps rates
   * to [0, 1] and counts at 0): `counts[(run − runStart) · checks.length + i]`.
   * Absent from results read back from files.
   */
  readonly outOfBounds?: { readonly checks: readonly BoundsCheck[]; readonly counts: Int32Array };
  /** Merged shards carry only each shard's totals from meta.json, summed. */
  readonly outOfBoundsTotals?: readonly OutOfBoundsSummary[];
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
  const trees = expressionTrees(scenario);
  const compiled = compileWithTrees(scenario, trees);
  const given = options.parameters && givenParameters(compiled.sampledNames, options.parameters);
  const total = given ? given.runs : scenario.monteCarlo.runs;
  const [runStart, runEnd] = shardRange(total, options.shard);
  const perRun = (compiled.steps + 1) * METRIC_COUNT;
  const nSampled = compiled.sampledNames.length;
  const count = runEnd - runStart;
  // Shared memory: workers write their runs in place, so no chunk is copied or left for the collector.
  const rowsBuffer = new SharedArrayBuffer(count * perRun * 8);
  const sampledBuffer = new SharedArrayBuffer(count * nSampled * 8);
  const rows = new Float64Array(rowsBuffer);
  const sampled = new Float64Array(sampledBuffer);
  const checks = boundsChecks(compiled);
  const outsideBuffer = new SharedArrayBuffer(count * checks.length * 4);
  const outside = new Int32Array(outsideBuffer);
  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  // Chunks of at least 50 runs: smaller ones cost more in messages and thread start-ups than they spread.
  const chunkSize = Math.max(1, options.chunkSize ?? (workers > 1 ? Math.max(50, Math.min(500, Math.ceil(count / (workers * 8)))) : 250));
  let done = 0;
  const progressed = (n: number): void => {
    done += n;
    options.onProgress?.(done, count);
  };
  const chunks: [number, number][] = [];
  for (let s = runStart; s < runEnd; s += chunkSize) chunks.push([s, Math.min(runEnd, s + chunkSize)]);

  // No more threads than chunks: each thread costs a start-up and its own heap, and a spare one only waits.
  const threads = Math.min(workers, chunks.length);
  if (threads <= 1 && !options.pool) {
    const sampler = new RunSampler(compiled, total, given && { values: new Float64Array(given.values), shockRuns: given.shockRuns && new Int32Array(given.shockRuns) });
    for (const [s, e] of chunks) {
      runChunk(compiled, total, s, e, sampler, { rows, sampled, outside, runStart });
      progressed(e - s);
      await new Promise((resolve) => setImmediate(resolve)); // let a progress bar draw
    }
  } else {
    const pool = options.pool ?? monteCarloPool(threads);
    const key = `${scenario.name}:${total}:${performance.now()}`;
    try {
      await Promise.all(
        chunks.map(([start, end]) =>
          pool
            .run({ key, scenario, trees, totalRuns: total, start, end, rows: rowsBuffer, sampled: sampledBuffer, outside: outsideBuffer, runStart, given } satisfies ChunkTask)
            .then((n: number) => progressed(n)),
        ),
      );
    } finally {
      if (pool !== options.pool) await pool.destroy();
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
    outOfBounds: { checks, counts: outside },
    elapsedMs: performance.now() - t0,
  };
}

/**
 * Check a given parameter matrix against the scenario's sampled scalars and
 * put its columns in their order, in shared memory that workers read without
 * a copy.
 */
function givenParameters(
  sampledNames: readonly string[],
  p: NonNullable<MonteCarloOptions['parameters']>,
): { runs: number; values: SharedArrayBuffer; shockRuns?: SharedArrayBuffer } {
  const k = sampledNames.length;
  const sameSet = p.names.length === k && new Set(p.names).size === k && p.names.every((n) => sampledNames.includes(n));
  if (!sameSet) throw new RangeError(`given parameters [${p.names.join(', ')}] are not the scenario's sampled ones [${sampledNames.join(', ')}]`);
  if (k === 0 || p.values.length === 0 || p.values.length % k !== 0)
    throw new RangeError(`given parameter values: expected a positive multiple of ${k} values (runs × parameters), found ${p.values.length}`);
  const runs = p.values.length / k;
  const values = new Float64Array(new SharedArrayBuffer(p.values.length * 8));
  const from = sampledNames.map((n) => p.names.indexOf(n));
  for (let r = 0; r < runs; r++)
    for (let j = 0; j < k; j++) {
      const v = p.values[r * k + from[j]];
      if (!Number.isFinite(v)) throw new RangeError(`given value of ${sampledNames[j]} in run ${r} is ${v}, expected a finite number`);
      values[r * k + j] = v;
    }
  let shockRuns: SharedArrayBuffer | undefined;
  if (p.shockRuns) {
    if (p.shockRuns.length !== runs) throw new RangeError(`shockRuns: expected one run index per run (${runs}), found ${p.shockRuns.length}`);
    if (p.shockRuns.some((r) => r < 0)) throw new RangeError('shockRuns: run indices must be ≥ 0');
    shockRuns = new SharedArrayBuffer(runs * 4);
    new Int32Array(shockRuns).set(p.shockRuns);
  }
  return { runs, values: values.buffer as SharedArrayBuffer, shockRuns };
}
