import { METRIC_COUNT } from '../model/indicators.ts';
import { threadKernel } from '../kernel/threadKernel.ts';
import type { CompiledScenario } from './compileWithTrees.ts';
import { RunSampler } from './runSampler.ts';

/** Indicator rows and sampled values of a contiguous range of runs. */
export interface ChunkResult {
  readonly start: number;
  readonly end: number;
  /** Run-major, then year, then metric: `((run − start) · years + y) · METRIC_COUNT + m`. */
  readonly rows: Float64Array;
  /** `(run − start) · sampledNames.length + k`. */
  readonly sampled: Float64Array;
  /** Years out of the key's bounds, `(run − start) · checks + i` for the sampler's {@link RunSampler.checks}. */
  readonly outside: Int32Array;
}

/**
 * Runs `start ≤ run < end` of a scenario of `totalRuns` runs with the fast
 * kernel (src/kernel, held to the reference by a parity test), reusing one
 * parameter set for all of them. The same function runs
 * in the main thread and in workers, which is what makes results identical.
 * Pass a sampler to reuse it (and its Latin hypercube permutations) across chunks.
 *
 * @example
 * const { rows } = runChunk(compileScenario(resolved), 1000, 0, 100);
 */
export function runChunk(
  c: CompiledScenario,
  totalRuns: number,
  start: number,
  end: number,
  sampler = new RunSampler(c, totalRuns),
  into?: { rows: Float64Array; sampled: Float64Array; outside: Int32Array; runStart: number },
): ChunkResult {
  const nYears = c.steps + 1;
  const perRun = nYears * METRIC_COUNT;
  // Writing straight into the caller's (possibly shared) arrays avoids a copy per chunk.
  const base = into ? start - into.runStart : 0;
  const rows = into ? into.rows.subarray(base * perRun, (base + end - start) * perRun) : new Float64Array((end - start) * perRun);
  const nSampled = c.sampledNames.length;
  const sampled = into ? into.sampled.subarray(base * nSampled, (base + end - start) * nSampled) : new Float64Array((end - start) * nSampled);
  const nChecks = sampler.checks.length;
  const outside = into ? into.outside.subarray(base * nChecks, (base + end - start) * nChecks) : new Int32Array((end - start) * nChecks);
  const kernel = threadKernel();
  for (let run = start; run < end; run++) {
    const p = sampler.fill(run);
    kernel.run(sampler.startState(), p, rows.subarray((run - start) * perRun, (run - start + 1) * perRun));
    sampled.set(sampler.sampled, (run - start) * nSampled);
    outside.set(sampler.outside, (run - start) * nChecks);
  }
  return { start, end, rows, sampled, outside };
}
