import { type CompiledScenario, compileScenario } from '../montecarlo/compileScenario.ts';
import { boundsChecks } from '../montecarlo/boundsChecks.ts';
import { type MonteCarloResult, type Shard, runMonteCarlo, shardRange } from '../montecarlo/runMonteCarlo.ts';
import { writePyramidOfRun } from '../report/writePyramid.ts';
import type { Summary } from '../analysis/summarize.ts';
import type { TargetResult } from '../analysis/targetProbabilities.ts';
import type { Piscina } from 'piscina';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import type { OutputSink } from './outputFolder.ts';
import { RunOutputStream } from './runOutputStream.ts';
import type { RegisteredGain } from '../montecarlo/registeredGain.ts';
import { summarizeInThreads } from './summarizeSpill.ts';
import { monteCarloPool } from '../montecarlo/monteCarloPool.ts';
import type { RunMeta } from './writeRunOutputs.ts';
import type { MedianRunTask, medianRunStates } from '../montecarlo/worker.ts';
import { runWithStates } from '../montecarlo/runWithStates.ts';
import { checkDisk, fewerRuns, runFolderBytes } from './diskNeed.ts';
import { runsText } from '../report/batchMarks.ts';

/**
 * Run a scenario's Monte Carlo (or one shard of it) straight into a run folder being written
 * ({@link openOutputFolder}: the caller commits it): each chunk of runs is written as it
 * finishes, in run order ({@link RunOutputStream}), so memory holds a few chunks and the runs' sampled values, not
 * every run's indicators — 1,000,000 runs fit where 100,000 did not. Same files, to the byte, as
 * {@link writeRunOutputs} of the same runs; with `pyramid`, pyramid.arrow of the median run too. Before anything
 * runs, the disk under the folder is checked ({@link checkDisk}: runs it cannot hold are an InputError, runs over 1 GB
 * said to `onNote`).
 *
 * @example
 * const { targets, summary } = await withOutputFolder('out/dalian', (out) => runToFolder(scenario, out, { workers: 2, startedAt: new Date(), pyramid: true }));
 */
export async function runToFolder(
  scenario: ResolvedScenario,
  folder: OutputSink,
  o: {
    workers: number; startedAt: Date; shard?: Shard; pyramid?: boolean; onProgress?: (done: number, total: number) => void;
    /** The scenario compiled already (by a check before the run): compiling takes tens of milliseconds. */
    compiled?: CompiledScenario;
    /** The threads {@link runPool} started for this run, kept alive for the caller; else started and stopped here. */
    pool?: Piscina;
    /** Said before anything runs: the disk the runs will take, when over 1 GB ({@link checkDisk}). */
    onNote?: (line: string) => void;
  },
): Promise<{ result: MonteCarloResult; targets: TargetResult[]; meta: RunMeta; summary: Summary; gain?: RegisteredGain }> {
  const compiled = o.compiled ?? compileScenario(scenario);
  const [runStart, runEnd] = shardRange(scenario.monteCarlo.runs, o.shard);
  // Before anything runs: a disk that cannot hold the runs refuses them, a large output is said.
  const years = compiled.steps + 1;
  checkDisk(`${scenario.name}: ${runsText(runEnd - runStart)} of ${years} years`, folder.dir, runFolderBytes({ runs: runEnd - runStart, years, sampled: compiled.sampledNames.length }),
    (share) => `run at most about ${fewerRuns(share, scenario.monteCarlo.runs)} (--runs)`, o.onNote);
  const out = new RunOutputStream(folder, { scenario, years: compiled.years, runStart, runEnd, sampledNames: compiled.sampledNames, checks: boundsChecks(compiled) });
  // One pool for the runs and then the summaries.
  const pool = o.pool ?? runPool(scenario, o.workers, o.shard);
  let removed: Promise<void> | undefined;
  try {
    const result = await runMonteCarlo(scenario, { workers: o.workers, shard: o.shard, onProgress: o.onProgress, onChunk: (c) => out.add(c), spill: out.spillTarget(), pool, compiled });
    // What needs every run is handed out to the worker threads (the median run for the pyramid first: the longest
    // chain), while this thread closes trajectories.arrow (its flush to disk on another thread), writes the tables
    // that need no summary and then the pyramid as soon as its run is back; with no threads, finish does it all here.
    const spilled = out.spilled();
    const median = pool && o.pyramid ? (pool.run({ spill: spilled, runStart, scenario, trees: compiled.trees } satisfies MedianRunTask, { name: 'medianRunStates' }) as Promise<MedianRun>) : undefined;
    const work = [
      pool && summarizeInThreads(pool, spilled),
      median?.then((m) => {
        writePyramidOfRun(folder, scenario, m.run, m.rows, undefined, m.again);
        return ['pyramid.arrow'];
      }),
      out.closeTrajectories(),
      (async () => out.writeTables())(),
    ] as const;
    await Promise.allSettled(work); // nothing left running in other threads behind an error
    const [summary, pyramid] = await Promise.all(work);
    // The metric file is read no more: removed on another thread (freeing its cache takes a while) while this one
    // writes the rest.
    if (pool) removed = out.removeSpill(); // else finish reads it
    const finished = out.finish({
      workers: o.workers,
      startedAt: o.startedAt,
      shard: o.shard,
      elapsedMs: result.elapsedMs,
      summary,
      also: pyramid
        ? () => pyramid
        : o.pyramid
          ? (d) => {
              const { run, rows } = out.medianRun();
              writePyramidOfRun(d, scenario, run, rows, undefined, runWithStates(compiled, run));
              return ['pyramid.arrow'];
            }
          : undefined,
    });
    await removed;
    return { ...finished, result: { ...result, outOfBoundsTotals: finished.meta.outOfBounds } };
  } catch (e) {
    out.abort();
    await removed?.catch(() => {}); // the run's error is the one to report
    throw e;
  } finally {
    if (pool !== o.pool) await pool?.destroy();
  }
}

type MedianRun = ReturnType<typeof medianRunStates>;

/**
 * The worker threads {@link runToFolder} runs a scenario (or a shard) with: none for one worker or a few runs, else
 * no more threads than chunks (of ≥ 50 runs with several workers). Start it early — the threads load while this one
 * reads and checks the scenario — and destroy it when done.
 *
 * @example
 * const pool = runPool(scenario, 2);
 * try { await withOutputFolder('out/dalian', (out) => runToFolder(scenario, out, { workers: 2, startedAt, pool })); }
 * finally { await pool?.destroy(); }
 */
export function runPool(scenario: ResolvedScenario, workers: number, shard?: Shard): Piscina | undefined {
  const [runStart, runEnd] = shardRange(scenario.monteCarlo.runs, shard);
  const threads = Math.min(workers, Math.ceil((runEnd - runStart) / 50));
  return threads > 1 ? monteCarloPool(threads) : undefined;
}
