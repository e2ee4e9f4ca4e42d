import type { Piscina } from 'piscina';
import { SUMMARY_STATS, type Summary, type SummaryCells, type SummaryStat, emptySummary, summarizeCell } from '../analysis/summarize.ts';
import { METRIC_COUNT } from '../model/indicators.ts';
import { type SpilledRuns, readYears, runsWritten, withSpillCells } from './metricSpill.ts';

export type { SpilledRuns } from './metricSpill.ts';

/** Room for a few years of one metric of every run, and a block's read, reused from cell to cell (a thread's for the length of a command). */
export interface SummaryScratch {
  values: Float64Array;
  block?: { values: Float64Array };
}

/**
 * Bytes of values a thread holds to summarize: a metric's years are read a group at a time, as many as fit (all 23
 * of Dalian up to 45,590 runs, 10 at 100,000, one at a million), each group a read per block of the metric file.
 */
const GROUP_BYTES = 8 << 20;

/** Years of one metric read together for `runs` runs, holding `bytes` of values: at least one, at most all. */
const yearsPerGroup = (runs: number, years: number, bytes: number): number => Math.max(1, Math.min(years, Math.floor(bytes / (8 * Math.max(1, runs)))));

/** Metric m's year group g, summarized into `summary`, each year's cell by {@link summarizeCell}. */
function summarizeGroup(fd: number, spill: SpilledRuns, m: number, g: number, summary: SummaryCells, scratch: SummaryScratch, bytes: number): void {
  const nYears = spill.years.length;
  const runs = runsWritten(spill);
  const per = yearsPerGroup(runs, nYears, bytes);
  const y0 = g * per;
  const y1 = Math.min(nYears, y0 + per);
  if (scratch.values.length < per * runs) scratch.values = new Float64Array(per * runs);
  const values = readYears(fd, spill, m, y0, y1, scratch.values, (scratch.block ??= { values: new Float64Array(0) }));
  for (let y = y0; y < y1; y++) summarizeCell(values.subarray((y - y0) * runs, (y - y0 + 1) * runs), summary, y * METRIC_COUNT + m);
}

/**
 * The summary cells of metrics `from ≤ m < to` of every spilled run, each year's by {@link summarizeCell}, into
 * `summary`: as many years of one metric of every run read back at a time as `groupBytes` hold (at least one). The
 * same cells in whichever thread computes them, however many years are read together.
 *
 * @example
 * const summary = summarizeSpilledMetrics(spill.target(), 0, METRIC_COUNT);
 */
export function summarizeSpilledMetrics(
  spill: SpilledRuns, from: number, to: number, summary: Summary = emptySummary(spill.years),
  scratch: SummaryScratch = { values: new Float64Array(0) }, groupBytes = GROUP_BYTES,
): Summary {
  const groups = groupsOf(spill, groupBytes);
  return withSpillCells(spill, (_, fd) => {
    for (let m = from; m < to; m++) for (let g = 0; g < groups; g++) summarizeGroup(fd, spill, m, g, summary, scratch, groupBytes);
    return summary;
  });
}

/** Year groups of each metric. */
function groupsOf(spill: SpilledRuns, bytes: number): number {
  const nYears = spill.years.length;
  return Math.ceil(nYears / yearsPerGroup(runsWritten(spill), nYears, bytes));
}

/**
 * A summary's cells in memory shared between threads, and a counter of the groups of cells handed out: each thread
 * that {@link summarizeSharedCells} takes the next group until none is left.
 */
export interface SharedSummary {
  /** Int32 per cell: n, then unlimited. */
  readonly counts: SharedArrayBuffer;
  /** Float64: each statistic's cells, in {@link SUMMARY_STATS} order. */
  readonly stats: SharedArrayBuffer;
  /** Int32: the next group of cells to take, counted by metric, then year group. */
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
 * Summarize cells of the spilled runs into `shared`, taking a metric's group of years at a time from its counter
 * until every group is taken: however late a thread starts (after the median run, say), the threads finish within a
 * group of each other. A cell is computed by one thread, by {@link summarizeCell}, so the figures do not depend on which.
 *
 * @example
 * summarizeSharedCells(spilled, shared, { values: new Float64Array(0) }); // in each worker thread
 */
export function summarizeSharedCells(spill: SpilledRuns, shared: SharedSummary, scratch: SummaryScratch, groupBytes = GROUP_BYTES): void {
  const cells = spill.years.length * METRIC_COUNT;
  const summary = sharedCells(shared, cells);
  const next = new Int32Array(shared.next);
  const groups = groupsOf(spill, groupBytes);
  withSpillCells(spill, (_, fd) => {
    for (let k = Atomics.add(next, 0, 1); k < METRIC_COUNT * groups; k = Atomics.add(next, 0, 1))
      summarizeGroup(fd, spill, Math.floor(k / groups), k % groups, summary, scratch, groupBytes);
  });
}

/**
 * Every summary cell of the spilled runs, computed by the worker threads of `pool` (its task `summarizeSpill`,
 * worker.ts), each taking the next group of cells until none is left, while this thread waits: the summaries of
 * 100,000 runs take seconds of one thread.
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
