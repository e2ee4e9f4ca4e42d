import { type OutOfBoundsSummary, outOfBoundsSummary } from '../analysis/outOfBounds.ts';
import type { Summary } from '../analysis/summarize.ts';
import { type TargetResult, targetCounts, targetResults } from '../analysis/targetProbabilities.ts';
import { METRIC_COUNT } from '../model/indicators.ts';
import type { BoundsCheck } from '../montecarlo/boundsChecks.ts';
import type { MonteCarloResult, Shard } from '../montecarlo/runMonteCarlo.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { scenarioHash } from '../scenario/hash.ts';
import { targetsOnDefaults } from '../batch/onDefaults.ts';
import { targetsOnBreak } from '../batch/onBreak.ts';
import { TrajectoryBatches, paramsIpc, registeredGainIpc, summaryIpc, targetsIpc } from './arrowTables.ts';
import { type RegisteredGain, registeredGainOf } from '../montecarlo/registeredGain.ts';
import type { FileSink } from './fileSink.ts';
import { MetricSpill, type SpilledRuns } from './metricSpill.ts';
import { rowsToCells } from './rowsToCells.ts';
import { type ChunkColumns, chunkColumns, clearNulls, newChunkColumns, rowsToColumns } from './rowsToColumns.ts';
import { spilledMedianRun } from './spilledMedianRun.ts';
import { summarizeSpilledMetrics } from './summarizeSpill.ts';
import type { OutputSink } from './outputFolder.ts';
import { TOOLKIT_VERSION } from './toolkitVersion.ts';
import { OUTPUT_FILES, type RunMeta, metaJson } from './writeRunOutputs.ts';

/** What a run folder is of: a scenario's runs `runStart ≤ run < runEnd`. */
export interface RunStreamSpec {
  readonly scenario: ResolvedScenario;
  readonly years: Int32Array;
  readonly runStart: number;
  readonly runEnd: number;
  readonly sampledNames: readonly string[];
  /** Parameters checked against their bounds per run (counts arrive with each chunk). */
  readonly checks?: readonly BoundsCheck[];
}

/**
 * The next runs, in run order: their indicators — as rows (run-major, as the engine writes them), or as columns with
 * their target counts, rearranged already where the rows were in cache (a worker thread: runChunkColumns) — and
 * per run the sampled values and out-of-bounds counts.
 */
export type RunChunk = ({ readonly rows: Float64Array } | ColumnChunk) & {
  readonly sampled: Float64Array;
  readonly outside?: Int32Array;
};

/**
 * Runs' indicators as trajectories.arrow's columns ({@link ChunkColumns}) and {@link targetCounts} of them, whose
 * block of the metric file was written already, where {@link RunOutputStream.spillTarget} says, by the thread that
 * ran them.
 */
export interface ColumnChunk {
  readonly columns: ChunkColumns;
  readonly met: Int32Array;
  /** The metric file the runs' block was written to: this stream's ({@link RunOutputStream.spillTarget}), or the chunk is refused. */
  readonly spilledTo: string | undefined;
}

export interface FinishInfo {
  readonly workers: number;
  readonly startedAt: Date;
  readonly shard?: Shard | null;
  readonly elapsedMs: number;
  /** Merged shards: each shard's out-of-bounds totals, summed. */
  readonly outOfBoundsTotals?: readonly OutOfBoundsSummary[];
  /** The runs' summary when computed already from {@link RunOutputStream.spilled} (in worker threads); else computed here. */
  readonly summary?: Summary;
  /** Writes more files into the folder after the tables and before meta.json (pyramid.arrow), returning their names. */
  readonly also?: (out: OutputSink) => readonly string[];
}

/** Runs given as rows are rearranged and written a slice at a time: a block of the metric file each. */
const SLICE_RUNS = 500;

/**
 * A run folder (DESIGN §6) written as the runs arrive, in run order, into an output folder being written
 * ({@link openOutputFolder}, which commits it as a whole), holding only what cannot be streamed: each run's sampled
 * values, target counts, and the indicator values on disk ({@link MetricSpill}, a scratch file of the folder's) for
 * the quantiles and the median run. trajectories.arrow is written batch by batch as runs come;
 * {@link finish} writes the summaries, params, targets, `also` (the pyramid) and meta.json. The bytes depend only on
 * the runs, not on how they were cut into chunks: a run, its shards merged and a batch give the same files.
 *
 * @example
 * await withOutputFolder('out/dalian', async (folder) => {
 *   const out = new RunOutputStream(folder, spec);
 *   for await (const chunk of chunks) out.add(chunk);
 *   const { targets } = out.finish({ workers: 2, startedAt, elapsedMs });
 * });
 */
export class RunOutputStream {
  private readonly runs: number;
  private readonly trajectories: TrajectoryBatches;
  private trajectoryFile: FileSink | undefined;
  private readonly spill: MetricSpill;
  /** Sampled values by parameter: `k · runs + run` (the columns of params.arrow, written from here as they are). */
  private readonly sampled: Float64Array;
  private readonly outside: Int32Array;
  private readonly met: Int32Array;
  private done = 0;
  /** A slice of runs given as rows, as columns and as cells. */
  private slice: { columns: ChunkColumns; cells: Float64Array } | undefined;
  /** Set once params.arrow and targets.arrow are written ({@link writeTables}). */
  private targets: TargetResult[] | undefined;
  /** The registered rate's gain by source, set with {@link targets} where the scenario has registered-rate targets. */
  private gain: RegisteredGain | undefined;

  constructor(private readonly out: OutputSink, private readonly spec: RunStreamSpec) {
    this.runs = spec.runEnd - spec.runStart;
    this.trajectories = new TrajectoryBatches(spec.scenario.name, spec.runStart, spec.years);
    this.trajectoryFile = out.openFile('trajectories.arrow');
    this.spill = new MetricSpill(out.scratch('metrics.spill'), this.runs, spec.years, out.dir);
    this.sampled = new Float64Array(this.runs * spec.sampledNames.length);
    this.outside = new Int32Array(this.runs * (spec.checks?.length ?? 0));
    this.met = new Int32Array(spec.scenario.targets.length + (spec.scenario.targets.length > 0 ? 1 : 0));
  }

  /** Take the next runs. */
  add(chunk: RunChunk): void {
    const nYears = this.spec.years.length;
    const perRun = nYears * METRIC_COUNT;
    const n = 'columns' in chunk ? chunk.columns.runs : chunk.rows.length / perRun;
    if (this.done + n > this.runs) throw new RangeError(`${this.done + n} runs given to a folder of ${this.runs}`);
    const first = this.done;
    if ('columns' in chunk) {
      // a block not written to this file would be read back as zeros by the summaries: refuse it, not trust it
      if (chunk.spilledTo !== this.spill.path) throw new Error(`runs ${first}–${first + n - 1} came as columns whose metric block was written to ${chunk.spilledTo ?? 'no file'}, not ${this.spill.path}`);
      this.spill.written(this.done, n);
      this.addColumns(chunk.columns, chunk.met);
    } else
      for (let r = 0; r < n; r += SLICE_RUNS) {
        const rows = chunk.rows.subarray(r * perRun, Math.min(n, r + SLICE_RUNS) * perRun);
        const runs = rows.length / perRun;
        const slice = (this.slice ??= { columns: newChunkColumns(SLICE_RUNS, nYears), cells: new Float64Array(SLICE_RUNS * perRun) });
        const columns = chunkColumns(slice.columns.columns.buffer, slice.columns.valid.buffer, slice.columns.nulls.buffer, runs, nYears);
        clearNulls(columns);
        rowsToColumns(rows, nYears, columns, 0);
        rowsToCells(rows, nYears, slice.cells, runs, 0);
        this.spill.write(this.done, slice.cells, runs);
        this.addColumns(columns, targetCounts(rows, this.spec.years, this.spec.scenario.targets));
      }
    const k = this.spec.sampledNames.length;
    for (let r = 0; r < n; r++) for (let j = 0; j < k; j++) this.sampled[j * this.runs + first + r] = chunk.sampled[r * k + j];
    if (chunk.outside) this.outside.set(chunk.outside, first * (this.spec.checks?.length ?? 0));
  }

  /** The next runs' columns into trajectories.arrow, their target counts into the totals. */
  private addColumns(columns: ChunkColumns, met: Int32Array): void {
    for (const bytes of this.trajectories.push(columns)) this.trajectoryFile!.write(bytes);
    for (let i = 0; i < met.length; i++) this.met[i] += met[i];
    this.done += columns.runs;
  }

  /**
   * The run closest to the median path of both rates (report/medianRun.ts, the same run to the bit) and its rows
   * (`y · METRIC_COUNT + m`), from every run taken so far.
   */
  medianRun(): { run: number; rows: Float64Array } {
    const { run, rows } = spilledMedianRun((m, y, from, to, into) => this.spill.read(m, y, from, to, into), this.done, this.spec.years.length);
    return { run: this.spec.runStart + run, rows };
  }

  /**
   * Once every run is given, complete trajectories.arrow: its last batch and footer now, its flush to disk (seconds
   * for a gigabyte just written) on another thread while this one goes on, e.g. to hand out the summaries.
   */
  async closeTrajectories(): Promise<void> {
    if (this.done !== this.runs) throw new RangeError(`${this.done} of ${this.runs} runs given to the folder`);
    await this.endTrajectories().closeAsync();
  }

  /** trajectories.arrow's last batch and footer written; the file, no longer this stream's, for the caller to close. */
  private endTrajectories(): FileSink {
    const file = this.trajectoryFile!;
    for (const bytes of this.trajectories.finish()) file.write(bytes);
    this.trajectoryFile = undefined;
    return file;
  }

  /**
   * Once every run is given, write params.arrow, targets.arrow and, for a scenario with registered-rate targets,
   * registered_gain.arrow (what needs no summary), e.g. while other threads compute the summaries; {@link finish}
   * writes them if this was not called.
   */
  writeTables(): TargetResult[] {
    if (this.done !== this.runs) throw new RangeError(`${this.done} of ${this.runs} runs given to the folder`);
    if (this.targets) return this.targets;
    const { scenario, runStart, sampledNames } = this.spec;
    this.out.writeFile('params.arrow', paramsIpc(runStart, this.runs, scenario.monteCarlo.seed, sampledNames, this.sampled));
    const targets = targetResults(scenario.targets, this.met, this.runs);
    // Which answers rest mainly on defaults, by the rule the batch's report marks † with: a planner running one
    // scenario is told as a batch would tell him, and scripts read it from the run's own table; the same for the
    // answers that rest on an assumed change of the registered count (§).
    this.out.writeFile('targets.arrow', targetsIpc(scenario.name, targets, undefined, targetsOnDefaults(scenario, targets), undefined, targetsOnBreak(scenario, targets)));
    // Where a registered rate's gain comes from, read from the runs' stocks and flows on disk (src/montecarlo/registeredGain.ts).
    this.gain = registeredGainOf(scenario, this.spec.years, this.runs, (m, y, from, to, into) => this.spill.read(m, y, from, to, into));
    if (this.gain) this.out.writeFile('registered_gain.arrow', registeredGainIpc(scenario.name, this.gain));
    return (this.targets = targets);
  }

  /** Write the rest of the folder, meta.json last; the spill file is gone afterwards, whatever happens. */
  finish(info: FinishInfo): { targets: TargetResult[]; meta: RunMeta; summary: Summary; gain?: RegisteredGain } {
    try {
      if (this.done !== this.runs) throw new RangeError(`${this.done} of ${this.runs} runs given to the folder`);
      const { scenario, runStart, runEnd, sampledNames } = this.spec;
      if (this.trajectoryFile) this.endTrajectories().close();
      const summary = info.summary ?? summarizeSpilledMetrics(this.spilled(), 0, METRIC_COUNT);
      this.out.writeFile('summary.arrow', summaryIpc(scenario.name, summary));
      const targets = this.writeTables();
      const extra = info.also?.(this.out) ?? [];
      const checked: Pick<MonteCarloResult, 'runStart' | 'runEnd' | 'outOfBounds' | 'outOfBoundsTotals'> = {
        runStart, runEnd, outOfBoundsTotals: info.outOfBoundsTotals, outOfBounds: this.spec.checks && { checks: this.spec.checks, counts: this.outside },
      };
      const finishedAt = new Date();
      const meta: RunMeta = {
        toolkit: { name: 'urbsim', version: TOOLKIT_VERSION },
        scenario,
        hash: scenarioHash(scenario),
        seed: scenario.monteCarlo.seed,
        runs: scenario.monteCarlo.runs,
        runRange: [runStart, runEnd],
        shard: info.shard ?? null,
        sampler: scenario.monteCarlo.sampler,
        sampledParameters: sampledNames,
        workers: info.workers,
        ...((checked.outOfBounds || checked.outOfBoundsTotals) && { outOfBounds: outOfBoundsSummary(checked as MonteCarloResult) }),
        timings: {
          startedAt: info.startedAt.toISOString(),
          finishedAt: finishedAt.toISOString(),
          simulationMs: Math.round(info.elapsedMs),
          totalMs: finishedAt.getTime() - info.startedAt.getTime(),
        },
        files: [...OUTPUT_FILES.filter((f) => f !== 'meta.json'), ...(this.gain ? ['registered_gain.arrow'] : []), ...extra, 'meta.json'],
      };
      this.out.writeFile('meta.json', metaJson(meta));
      return { targets, meta, summary, ...(this.gain && { gain: this.gain }) };
    } finally {
      this.abort();
    }
  }

  /**
   * Close and remove the spill file on another thread, once nothing reads it any more ({@link finish} and
   * {@link medianRun} then no longer can): wait for it before the folder is committed.
   */
  removeSpill(): Promise<void> {
    return this.spill.remove();
  }

  /** Drop the unfinished trajectories and remove the spill file (after finish, or when the run failed). */
  abort(): void {
    this.trajectoryFile?.abandon();
    this.trajectoryFile = undefined;
    this.spill.close();
  }

  /**
   * Where the runs' indicator values lie on disk, for summaries computed in other threads (summarizeSpill.ts), once
   * every run is given.
   */
  spilled(): SpilledRuns {
    return this.spill.target();
  }

  /** Where the thread that runs a {@link ColumnChunk} writes its block of the metric file ({@link writeSpillBlock}), from the folder's first run. */
  spillTarget(): Pick<SpilledRuns, 'path' | 'reportAs' | 'runs' | 'years'> {
    return { path: this.spill.path, reportAs: this.out.dir, runs: this.runs, years: this.spec.years };
  }
}
