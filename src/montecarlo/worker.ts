import type { ResolvedScenario } from '../scenario/resolved.ts';
import type { ExpressionTree } from '../scenario/compileTree.ts';
import { type CompiledScenario, compileWithTrees } from './compileWithTrees.ts';
import { runChunk } from './runChunk.ts';
import { runChunkColumns } from './runChunkColumns.ts';
import { METRIC_COUNT } from '../model/indicators.ts';
import { RunSampler } from './runSampler.ts';
import { type SharedSummary, type SummaryScratch, summarizeSharedCells } from '../io/summarizeSpill.ts';
import { type SpilledRuns, runsWritten, withSpillCells, writeSpillBlockTo } from '../io/metricSpill.ts';
import { chunkColumns } from '../io/rowsToColumns.ts';
import { spilledMedianRun } from '../io/spilledMedianRun.ts';
import { type RunWithStates, runWithStates } from './runWithStates.ts';

export interface ChunkTask {
  readonly key: string;
  readonly scenario: ResolvedScenario;
  /** The expressions' syntax trees, parsed once in the main thread: a worker never loads mathjs. */
  readonly trees: Readonly<Record<string, ExpressionTree>>;
  readonly totalRuns: number;
  readonly start: number;
  readonly end: number;
  /** Shared result arrays of the whole range starting at `runStart`, written in place. */
  readonly rows: SharedArrayBuffer;
  readonly sampled: SharedArrayBuffer;
  /** Years out of bounds per run and check (Int32). */
  readonly outside: SharedArrayBuffer;
  readonly runStart: number;
  /** Parameter values given per run (runs × k) and the shock stream of each run, shared; absent: drawn. */
  readonly given?: { readonly values: SharedArrayBuffer; readonly shockRuns?: SharedArrayBuffer };
  /**
   * A streamed chunk (`runStart` = `start`): `rows` gets its runs as trajectories.arrow's columns instead, their
   * null marks in `valid` and `nulls` ({@link runChunkColumns}), rearranged here while the rows are in cache; with
   * `spill`, they are written here too as the block of the metric file from its run `first` on. The task returns
   * their target counts.
   */
  readonly streamed?: { readonly valid: SharedArrayBuffer; readonly nulls: SharedArrayBuffer; readonly spill?: SpillBlock };
}

/** Where a streamed chunk's runs go in a metric file ({@link writeSpillBlock}): from its run `first` on. */
export type SpillBlock = Pick<SpilledRuns, 'path' | 'reportAs' | 'runs' | 'years'> & { readonly first: number };

/**
 * What a chunk task returns: its runs, and for a {@link ChunkTask.streamed} chunk their target counts and the error
 * that stopped writing the metric file (its code: a full disk is reported as such by the thread that owns the file).
 */
export interface ChunkDone {
  readonly runs: number;
  readonly met?: Int32Array;
  readonly spillError?: { readonly code?: string; readonly message: string };
}

const cache = new Map<string, { c: CompiledScenario; sampler: RunSampler }>();

/** Piscina task: run a chunk, compiling each scenario once per worker. */
export default function runTask(task: ChunkTask): ChunkDone {
  const { c, sampler } = compiled(task);
  const runs = task.end - task.start;
  if (task.streamed) {
    if (task.runStart !== task.start) throw new RangeError(`a streamed chunk starts its buffers: runStart ${task.runStart}, start ${task.start}`);
    const { spill } = task.streamed;
    const perRun = (c.steps + 1) * METRIC_COUNT;
    if (spill && cells.length < runs * perRun) cells = new Float64Array(runs * perRun);
    const into = {
      columns: chunkColumns(task.rows, task.streamed.valid, task.streamed.nulls, runs, c.steps + 1),
      sampled: new Float64Array(task.sampled), outside: new Int32Array(task.outside), cells: spill && cells,
    };
    const met = runChunkColumns(c, task.totalRuns, task.start, task.end, sampler, into);
    return { runs, met, ...(spill && { spillError: writeBlock(spill, cells, runs) }) };
  }
  const into = { rows: new Float64Array(task.rows), sampled: new Float64Array(task.sampled), outside: new Int32Array(task.outside), runStart: task.runStart };
  runChunk(c, task.totalRuns, task.start, task.end, sampler, into);
  return { runs };
}

/** A streamed chunk's cells for the metric file: kept for the thread's life, as the chunks come one after another. */
let cells = new Float64Array(0);

/** Write a chunk's block of the metric file; an error is handed back (a thread's error loses its kind on the way). */
function writeBlock(spill: SpillBlock, cells: Float64Array, runs: number): ChunkDone['spillError'] {
  try {
    writeSpillBlockTo(spill, spill.first, cells, runs);
    return undefined;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { code: err.code, message: err.message };
  }
}

/** The task's scenario compiled, and its sampler: once per worker and scenario. */
function compiled(task: ChunkTask): { c: CompiledScenario; sampler: RunSampler } {
  let hit = cache.get(task.key);
  if (!hit) {
    const c = compileWithTrees(task.scenario, task.trees);
    const given = task.given && {
      values: new Float64Array(task.given.values),
      shockRuns: task.given.shockRuns && new Int32Array(task.given.shockRuns),
    };
    hit = { c, sampler: new RunSampler(c, task.totalRuns, given) };
    cache.clear();
    cache.set(task.key, hit);
  }
  return hit;
}

// Kept for the thread's life (a pool's, the length of one command): a buffer per task would leave a cell of every run
// (8 MB for a million) to the collector eight times over.
const scratch: SummaryScratch = { values: new Float64Array(0) };

/** Piscina task `summarizeSpill`: summary cells of a streamed run's spilled rows, taken one at a time until none is left. */
export function summarizeSpill(task: { spill: SpilledRuns; shared: SharedSummary }): void {
  summarizeSharedCells(task.spill, task.shared, scratch);
}

/** What {@link medianRunStates} needs: a streamed run's spilled rows, of runs `runStart …` of the scenario. */
export interface MedianRunTask {
  readonly spill: SpilledRuns;
  readonly runStart: number;
  readonly scenario: ResolvedScenario;
  readonly trees: Readonly<Record<string, ExpressionTree>>;
}

/**
 * Piscina task `medianRunStates`: the run closest to the median path of a streamed run's spilled rows
 * ({@link spilledMedianRun}; `run` counted from the scenario's first run), its stored rows, and the run computed again
 * with its states kept, for the pyramid: the threads that ran the kernel do it while the caller writes other files.
 */
export function medianRunStates(task: MedianRunTask): { run: number; rows: Float64Array; again: RunWithStates } {
  const { spill } = task;
  const runs = runsWritten(spill);
  const { run, rows } = withSpillCells(spill, (read) => spilledMedianRun(read, runs, spill.years.length));
  return { run: task.runStart + run, rows, again: runWithStates(compileWithTrees(task.scenario, task.trees), task.runStart + run) };
}
