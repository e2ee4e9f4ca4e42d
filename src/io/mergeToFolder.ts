import { METRIC_COUNT } from '../model/indicators.ts';
import { writePyramidOfRun } from '../report/writePyramid.ts';
import type { Summary } from '../analysis/summarize.ts';
import type { TargetResult } from '../analysis/targetProbabilities.ts';
import type { MonteCarloResult } from '../montecarlo/runMonteCarlo.ts';
import { checkShards, outOfBoundsTotals } from './mergeResults.ts';
import { readRunMeta, trajectoryChunks } from './readRunOutputs.ts';
import type { OutputSink } from './outputFolder.ts';
import { RunOutputStream } from './runOutputStream.ts';
import type { RegisteredGain } from '../montecarlo/registeredGain.ts';
import { WriteError } from './writeError.ts';
import { checkDisk, runFolderBytes } from './diskNeed.ts';
import { runsText } from '../report/batchMarks.ts';

/**
 * Merge the run folders of shards of one scenario into `out`, an output folder being written
 * ({@link openOutputFolder}; the caller commits it), streaming: each shard's trajectories are read batch by
 * batch into a {@link RunOutputStream}, so memory holds a batch and the runs' sampled values whatever the number of
 * runs, and the files are those of the same runs done at once, to the byte. The shards are checked before anything
 * is read (mergeResults' messages), then the disk under `out` ({@link checkDisk}: the merged folder is the whole
 * run's, as much disk as a run of all the shards' runs; refused when it cannot hold it, said to `onNote` when over
 * 1 GB). pyramid.arrow of the merged median run when its run reproduces, else a warning.
 *
 * @example
 * const { targets } = await withOutputFolder('out/dalian', (out) => mergeToFolder(['out/s1', 'out/s2'], out, (w) => console.error(w)));
 */
export async function mergeToFolder(
  dirs: readonly string[],
  out: OutputSink,
  warn: (message: string) => void,
  o: { onNote?: (line: string) => void } = {},
): Promise<{ result: MonteCarloResult; targets: TargetResult[]; summary: Summary; pyramid: boolean; gain?: RegisteredGain }> {
  const sorted = checkShards(dirs.map((d) => readRunMeta(d)));
  const first = sorted[0];
  const total = first.meta.runs;
  const { scenario, years, sampledNames } = first.result;
  const runs = sorted.reduce((a, p) => a + p.result.runEnd - p.result.runStart, 0);
  checkDisk(`${scenario.name}: ${runsText(runs)} of ${years.length} years`, out.dir, runFolderBytes({ runs, years: years.length, sampled: first.meta.sampledParameters.length }),
    () => 'free some space there', o.onNote);
  const stream = new RunOutputStream(out, { scenario, years, runStart: 0, runEnd: total, sampledNames });
  const totals = outOfBoundsTotals(sorted);
  let pyramid = true;
  try {
    const k = sampledNames.length;
    for (const part of sorted) {
      let done = 0;
      for await (const rows of trajectoryChunks(part.dir, years)) {
        const count = rows.length / (years.length * METRIC_COUNT);
        stream.add({ rows, sampled: part.result.sampled.subarray(done * k, (done + count) * k) });
        done += count;
      }
    }
    const elapsedMs = sorted.reduce((s, p) => s + p.result.elapsedMs, 0);
    const { targets, summary, gain } = stream.finish({
      workers: Math.max(...sorted.map((p) => p.meta.workers)),
      startedAt: new Date(),
      elapsedMs,
      outOfBoundsTotals: totals,
      // Only the whole set of runs knows its median run, so the shards could not write this themselves.
      also: (d) => {
        try {
          const { run, rows } = stream.medianRun();
          writePyramidOfRun(d, scenario, run, rows);
          return ['pyramid.arrow'];
        } catch (e) {
          if (e instanceof WriteError) throw e; // a full disk is no reason to leave the pyramid out
          pyramid = false;
          warn(`urbsim: warning: ${(e as Error).message}`);
          return [];
        }
      },
    });
    const result: MonteCarloResult = { ...first.result, runStart: 0, runEnd: total, rows: new Float64Array(0), sampled: new Float64Array(0), outOfBoundsTotals: totals, elapsedMs };
    return { result, targets, summary, pyramid, ...(gain && { gain }) };
  } catch (e) {
    stream.abort();
    throw e;
  }
}
