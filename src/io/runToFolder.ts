import { compileScenario } from '../montecarlo/compileScenario.ts';
import { boundsChecks } from '../montecarlo/boundsChecks.ts';
import { type MonteCarloResult, type Shard, runMonteCarlo, shardRange } from '../montecarlo/runMonteCarlo.ts';
import { writePyramidOfRun } from '../report/writePyramid.ts';
import type { Summary } from '../analysis/summarize.ts';
import type { TargetResult } from '../analysis/targetProbabilities.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import type { OutputSink } from './outputFolder.ts';
import { RunOutputStream } from './runOutputStream.ts';
import { summarizeInThreads } from './summarizeSpill.ts';
import { monteCarloPool } from '../montecarlo/monteCarloPool.ts';
import type { RunMeta } from './writeRunOutputs.ts';

/**
 * Run a scenario's Monte Carlo (or one shard of it) straight into a run folder being written
 * ({@link openOutputFolder}: the caller commits it): each chunk of runs is written as it
 * finishes, in run order ({@link RunOutputStream}), so memory holds a few chunks and the runs' sampled values, not
 * every run's indicators — 1,000,000 runs fit where 100,000 did not. Same files, to the byte, as
 * {@link writeRunOutputs} of the same runs; with `pyramid`, pyramid.arrow of the median run too.
 *
 * @example
 * const { targets, summary } = await withOutputFolder('out/dalian', (out) => runToFolder(scenario, out, { workers: 2, startedAt: new Date(), pyramid: true }));
 */
export async function runToFolder(
  scenario: ResolvedScenario,
  folder: OutputSink,
  o: { workers: number; startedAt: Date; shard?: Shard; pyramid?: boolean; onProgress?: (done: number, total: number) => void },
): Promise<{ result: MonteCarloResult; targets: TargetResult[]; meta: RunMeta; summary: Summary }> {
  const compiled = compileScenario(scenario);
  const [runStart, runEnd] = shardRange(scenario.monteCarlo.runs, o.shard);
  const out = new RunOutputStream(folder, { scenario, years: compiled.years, runStart, runEnd, sampledNames: compiled.sampledNames, checks: boundsChecks(compiled) });
  // One pool for the runs and then the summaries. No more threads than chunks (of ≥ 50 runs with several workers).
  const threads = Math.min(o.workers, Math.ceil((runEnd - runStart) / 50));
  const pool = threads > 1 ? monteCarloPool(threads) : undefined;
  try {
    const result = await runMonteCarlo(scenario, { workers: o.workers, shard: o.shard, onProgress: o.onProgress, onChunk: (c) => out.add(c), pool });
    const summary = pool && (await summarizeInThreads(pool, out.spilled));
    const finished = out.finish({
      workers: o.workers,
      startedAt: o.startedAt,
      shard: o.shard,
      elapsedMs: result.elapsedMs,
      summary,
      also: o.pyramid
        ? (d) => {
            const { run, rows } = out.medianRun();
            writePyramidOfRun(d, scenario, run, rows);
            return ['pyramid.arrow'];
          }
        : undefined,
    });
    return { ...finished, result: { ...result, outOfBoundsTotals: finished.meta.outOfBounds } };
  } catch (e) {
    out.abort();
    throw e;
  } finally {
    await pool?.destroy();
  }
}
