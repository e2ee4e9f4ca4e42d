import { checkDisk, fewerRuns, inTurn, runFolderBytes } from '../io/diskNeed.ts';
import type { OutputSink } from '../io/outputFolder.ts';
import { writeRunOutputs } from '../io/writeRunOutputs.ts';
import { type CompiledScenario, compileScenario } from '../montecarlo/compileScenario.ts';
import { boundsChecks } from '../montecarlo/boundsChecks.ts';
import { checkMemory } from '../montecarlo/memoryNeed.ts';
import { type MonteCarloResult, runMonteCarlo } from '../montecarlo/runMonteCarlo.ts';
import { METRIC_COUNT } from '../model/indicators.ts';
import { runsText } from '../report/batchMarks.ts';
import { pyramidOf } from '../report/writePyramid.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { type Comparison, compareVariants } from './compareVariants.ts';
import { writeComparison } from './writeComparison.ts';

/**
 * Run the variants — one seed and run count, so common random numbers: the caller sets them
 * ({@link withMonteCarlo}), the reference first — and write their comparison into `out`, an output folder being
 * written ({@link openOutputFolder}; the caller commits it): a run folder per variant, under its name, and
 * compare.arrow, compare-targets.arrow and meta.json ({@link writeComparison}). Before anything runs, the variants'
 * runs are checked against memory ({@link checkMemory}: every variant's, held together), then the disk under the folder
 * ({@link checkDisk}) against every variant's run folder, written one after another ({@link inTurn}: one working
 * file at a time): runs either cannot hold are an InputError, runs over 1 GB of disk said to `onNote`. The
 * comparison's own files do not grow with the runs.
 *
 * @example
 * const c = await withOutputFolder('out/compare-dongguan', (out) => compareToFolder([base, cutoff100], out, { workers: 1, metric: 'registered_rate', years: [2020], files }));
 */
export async function compareToFolder(
  scenarios: readonly ResolvedScenario[],
  out: OutputSink,
  o: {
    workers: number;
    /** What the command printed, recorded in meta.json: the metric and years of its tables. */
    metric: string;
    years: readonly number[];
    /** The variants' scenario files, in order. */
    files: readonly string[];
    /** The scenarios compiled already (by a check before the runs), in order. */
    compiled?: readonly CompiledScenario[];
    /** A progress reporter for each variant's runs, by its name; stopped when they are done. */
    progress?: (name: string) => { update(done: number, total: number): void; stop(): void };
    /** Said before anything runs: the disk the variants will take, when over 1 GB ({@link checkDisk}). */
    onNote?: (line: string) => void;
  },
): Promise<Comparison> {
  const compiled = o.compiled ?? scenarios.map((s) => compileScenario(s));
  const runs = scenarios[0].monteCarlo.runs;
  const years = compiled[0].steps + 1;
  // Memory first, then the disk, both before the first runs. Every variant's runs are held until they are compared:
  // their need is one Monte Carlo's whose run holds every variant's indicators, sampled values and bounds counts (the
  // variants share their runs and years). Checked variant by variant, two of 11.4 GB each passed on 12 GB usable.
  checkMemory(`compare (${scenarios.length} variants, held together)`, {
    runs, years, metrics: METRIC_COUNT * scenarios.length, streaming: false,
    sampled: compiled.reduce((a, c) => a + c.sampledNames.length, 0), checks: compiled.reduce((a, c) => a + boundsChecks(c).length, 0),
  }, undefined, (fit) => `run at most about ${fit.toLocaleString('en-US')} runs (--runs): the variants' runs are held together until they are compared`);
  checkDisk(`compare: ${scenarios.length} variants of ${runsText(runs)} of ${years} years`, out.dir,
    inTurn(compiled.map((c, i) => runFolderBytes({ runs: scenarios[i].monteCarlo.runs, years: c.steps + 1, sampled: c.sampledNames.length }))),
    (share) => `run at most about ${fewerRuns(share, runs)} (--runs)`, o.onNote);
  const results: MonteCarloResult[] = [];
  for (const [i, s] of scenarios.entries()) {
    const bar = o.progress?.(s.name);
    try {
      results.push(await runMonteCarlo(s, { workers: o.workers, compiled: compiled[i], onProgress: bar && ((done, total) => bar.update(done, total)) }));
    } finally {
      bar?.stop();
    }
  }
  const c = compareVariants(results);
  results.forEach((r) => writeRunOutputs(out.folder(r.scenario.name), r, { workers: o.workers, startedAt: new Date(), also: pyramidOf(r) }));
  writeComparison(out, c, { metric: o.metric, years: o.years, files: o.files });
  return c;
}
