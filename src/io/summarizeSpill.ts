import type { Piscina } from 'piscina';
import { SUMMARY_STATS, type Summary, emptySummary, summarizeCell } from '../analysis/summarize.ts';
import { METRIC_COUNT } from '../model/indicators.ts';
import { withSpillCells } from './metricSpill.ts';

/** Where a streamed run's indicator rows lie on disk ({@link MetricSpill}), for threads other than the writer's. */
export interface SpilledRuns {
  readonly path: string;
  readonly runs: number;
  readonly years: Int32Array;
}

/** Room for one cell of every run, reused from cell to cell (a thread's for the length of a command). */
export interface SummaryScratch {
  values: Float64Array;
}

/**
 * The summary cells of metrics `from ≤ m < to` of every spilled run, each year's by {@link summarizeCell}, into
 * `summary`: one cell of every run read back at a time. The same cells in whichever thread computes them.
 *
 * @example
 * const summary = summarizeSpilledMetrics(spilled, 0, METRIC_COUNT);
 */
export function summarizeSpilledMetrics(
  spill: SpilledRuns, from: number, to: number, summary: Summary = emptySummary(spill.years),
  scratch: SummaryScratch = { values: new Float64Array(0) },
): Summary {
  const nYears = spill.years.length;
  const { runs } = spill;
  if (scratch.values.length < runs) scratch.values = new Float64Array(runs);
  const values = scratch.values.subarray(0, runs);
  return withSpillCells(spill.path, runs, nYears, (read) => {
    for (let m = from; m < to; m++)
      for (let y = 0; y < nYears; y++) summarizeCell(read(m, y, 0, runs, values), summary, y * METRIC_COUNT + m);
    return summary;
  });
}

/**
 * Every summary cell of the spilled runs, the metrics shared out among the worker threads of `pool` (its task
 * `summarizeSpill`, worker.ts) while this thread waits: the summaries of 100,000 runs take seconds of one thread.
 *
 * @example
 * const summary = await summarizeInThreads(pool, out.spilled());
 */
export async function summarizeInThreads(pool: Piscina, spill: SpilledRuns): Promise<Summary> {
  const summary = emptySummary(spill.years);
  const parts = 8;
  const nYears = spill.years.length;
  await Promise.all(
    Array.from({ length: parts }, async (_, k) => {
      const from = Math.floor((k * METRIC_COUNT) / parts);
      const to = Math.floor(((k + 1) * METRIC_COUNT) / parts);
      const part: Summary = await pool.run({ spill, from, to }, { name: 'summarizeSpill' });
      for (let y = 0; y < nYears; y++)
        for (let m = from; m < to; m++) {
          const cell = y * METRIC_COUNT + m;
          summary.n[cell] = part.n[cell];
          summary.unlimited[cell] = part.unlimited[cell];
          for (const s of SUMMARY_STATS) summary.stats[s][cell] = part.stats[s][cell];
        }
    }),
  );
  return summary;
}
