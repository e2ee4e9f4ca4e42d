import type { Piscina } from 'piscina';
import { SUMMARY_STATS, type Summary, type SummaryCells, type SummaryStat, emptySummary, summarizeCell } from '../analysis/summarize.ts';
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
  const values = cellRoom(scratch, spill.runs);
  return withSpillCells(spill.path, spill.runs, nYears, (read) => {
    for (let m = from; m < to; m++)
      for (let y = 0; y < nYears; y++) summarizeCell(read(m, y, 0, spill.runs, values), summary, y * METRIC_COUNT + m);
    return summary;
  });
}

function cellRoom(scratch: SummaryScratch, runs: number): Float64Array {
  if (scratch.values.length < runs) scratch.values = new Float64Array(runs);
  return scratch.values.subarray(0, runs);
}

/**
 * A summary's cells in memory shared between threads, and a counter of the cells handed out: each thread that
 * {@link summarizeSharedCells} takes the next cell until none is left.
 */
export interface SharedSummary {
  /** Int32 per cell: n, then unlimited. */
  readonly counts: SharedArrayBuffer;
  /** Float64: each statistic's cells, in {@link SUMMARY_STATS} order. */
  readonly stats: SharedArrayBuffer;
  /** Int32: the next cell to take, counted in the spill's order (metric, then year). */
  readonly next: SharedArrayBuffer;
}

function sharedSummary(cells: number): SharedSummary {
  return { counts: new SharedArrayBuffer(2 * cells * 4), stats: new SharedArrayBuffer(SUMMARY_STATS.length * cells * 8), next: new SharedArrayBuffer(4) };
}

function sharedCells(shared: SharedSummary, cells: number): SummaryCells {
  return {
    n: new Int32Array(shared.counts, 0, cells),
    unlimited: new Int32Array(shared.counts, cells * 4, cells),
    stats: Object.fromEntries(SUMMARY_STATS.map((s, k) => [s, new Float64Array(shared.stats, k * cells * 8, cells)])) as Record<SummaryStat, Float64Array>,
  };
}

/**
 * Summarize cells of the spilled runs into `shared`, taking them one at a time from its counter until every cell is
 * taken: however late a thread starts (after the median run, say), the threads finish within a cell of each other.
 * A cell is computed by one thread, by {@link summarizeCell}, so the figures do not depend on which.
 *
 * @example
 * summarizeSharedCells(spilled, shared, { values: new Float64Array(0) }); // in each worker thread
 */
export function summarizeSharedCells(spill: SpilledRuns, shared: SharedSummary, scratch: SummaryScratch): void {
  const nYears = spill.years.length;
  const cells = nYears * METRIC_COUNT;
  const summary = sharedCells(shared, cells);
  const next = new Int32Array(shared.next);
  const values = cellRoom(scratch, spill.runs);
  withSpillCells(spill.path, spill.runs, nYears, (read) => {
    for (let c = Atomics.add(next, 0, 1); c < cells; c = Atomics.add(next, 0, 1)) {
      const m = Math.floor(c / nYears);
      const y = c - m * nYears;
      summarizeCell(read(m, y, 0, spill.runs, values), summary, y * METRIC_COUNT + m);
    }
  });
}

/**
 * Every summary cell of the spilled runs, computed by the worker threads of `pool` (its task `summarizeSpill`,
 * worker.ts), each taking the next cell until none is left, while this thread waits: the summaries of 100,000 runs
 * take seconds of one thread.
 *
 * @example
 * const summary = await summarizeInThreads(pool, out.spilled());
 */
export async function summarizeInThreads(pool: Piscina, spill: SpilledRuns): Promise<Summary> {
  const summary = emptySummary(spill.years);
  const cells = summary.n.length;
  const shared = sharedSummary(cells);
  await Promise.all(Array.from({ length: pool.options.maxThreads }, () => pool.run({ spill, shared }, { name: 'summarizeSpill' })));
  const done = sharedCells(shared, cells);
  summary.n.set(done.n);
  summary.unlimited.set(done.unlimited);
  for (const s of SUMMARY_STATS) summary.stats[s].set(done.stats[s]);
  return summary;
}

