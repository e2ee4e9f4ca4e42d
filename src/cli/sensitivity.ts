import { join } from 'node:path';
import { AnalysisInputError } from '../analysis/analysisInputError.ts';
import { type SensitivityResult, sensitivity } from '../analysis/sensitivity.ts';
import { sensitivityTable } from '../analysis/sensitivityTable.ts';
import { writeSensitivity } from '../analysis/writeSensitivity.ts';
import { checkInputsKept, checkOutputOf, withOutputFolder } from '../io/outputFolder.ts';
import { loadScenario } from '../scenario/api.ts';
import { compileChecked } from './compileChecked.ts';
import { readSensitivityShards, sensitivityOnCluster } from '../cluster/sensitivityOnCluster.ts';
import { UsageError } from './errors.ts';
import { checkOutputFolder } from './outputPath.ts';
import { metricOption, positiveInt, seedOption, shardOption, yearOption } from './options.ts';
import { type SlurmCliOptions, slurmOptions } from '../cluster/slurmOptions.ts';
import { warnScenario } from './warnScenario.ts';
import { checkPercentRange, leverOption, quantityOption } from './leverOption.ts';
import { withLeverRanges } from '../analysis/withLeverRanges.ts';
import { leverEndUsage } from './leverEnds.ts';
import { sensitivityToPrecision } from '../analysis/sensitivityToPrecision.ts';
import { type SensitivityPrecision, passText } from '../analysis/sensitivityPrecision.ts';
import { type Progress, progress } from './progress.ts';

export interface SensitivityCommandOptions extends SlurmCliOptions {
  readonly metric: string;
  readonly year: string;
  readonly runs?: string;
  readonly bootstrap?: string;
  readonly seed?: string;
  readonly workers?: string;
  readonly out?: string;
  /** `KEY=LO..HI`, once per policy lever to rank over that range with the uncertain inputs. */
  readonly lever?: readonly string[];
  /** Half-width of the Sobol' intervals to reach when --runs is not given (default 0.05). */
  readonly precision?: string;
  /** Most base rows to use when choosing them (default 4000). */
  readonly maxRuns?: string;
  /** Job arrays (src/cluster): a shard of the runs, the analysis of shards' runs, or submission to Slurm. */
  readonly shard?: string;
  readonly runsFrom?: string[];
}

/**
 * `urbsim sensitivity <scenario> --metric M --year Y`: parse the options,
 * run {@link sensitivity} (levers drawn over their ranges; without --runs, to
 * the precision asked), write sensitivity.arrow, swing.arrow and meta.json, and return
 * the text to print. Bad options, an unknown metric or a year outside the
 * projection throw {@link UsageError} (exit code 2) before anything is run or
 * written.
 *
 * @example
 * const { text } = await sensitivityCommand('scenarios/dalian.yaml', { metric: 'registered_rate', year: '2020', runs: '500' });
 */
export async function sensitivityCommand(
  file: string,
  o: SensitivityCommandOptions,
  note: (line: string) => void = () => {},
): Promise<{ text: string; dir: string; result?: SensitivityResult }> {
  const year = yearOption('--year', o.year);
  metricOption('--metric', o.metric);
  const runs = positiveInt('--runs', o.runs, 1_000_000);
  const bootstrap = positiveInt('--bootstrap', o.bootstrap, 100_000);
  const seed = seedOption(o.seed);
  const workers = positiveInt('--workers', o.workers ?? '1', 256)!;
  const precision = o.precision === undefined ? undefined : quantityOption('--precision', o.precision, 'rate');
  if (precision !== undefined && !(precision > 0 && precision < 1)) throw new UsageError(`--precision: expected a half-width between 0 and 1 such as 0.05, found "${o.precision}"`);
  const maxRuns = positiveInt('--max-runs', o.maxRuns, 1_000_000);
  // The indices need 20 base rows at least: said of the option given, not as "needs at least 20 runs, got 10".
  for (const [option, n, raw] of [['--runs', runs, o.runs], ['--max-runs', maxRuns, o.maxRuns]] as const)
    if (n !== undefined && n < 20) throw new UsageError(`${option}: expected at least 20 base rows (the Sobol' indices need them), found "${raw}"`);
  if (runs !== undefined && (precision !== undefined || maxRuns !== undefined)) throw new UsageError('--precision and --max-runs choose the runs: give them, or --runs, not both');
  const parsed = (o.lever ?? []).map((raw) => {
    const l = leverOption(raw);
    if (!l.range) throw new UsageError(`--lever ${raw}: give the range to rank it over, KEY=LO..HI (e.g. points_cutoff=100..160)`);
    return { ...l, range: l.range };
  });
  const levers = parsed.map((l) => ({ lever: l.lever, lo: l.range[0], hi: l.range[1] }));
  const loaded = loadScenario(file);
  compileChecked(loaded, file);
  for (const l of parsed) if (l.written && loaded.percentVariables?.includes(l.lever)) checkPercentRange(`--lever ${l.lever}=${l.written.join('..')}`, l.lever, l.written, l.range);
  warnScenario(file, loaded, (line) => note(line.trimEnd()));
  let scenario: typeof loaded;
  try {
    scenario = withLeverRanges(loaded, levers);
  } catch (e) {
    const ends = leverEndUsage(e, parsed.map((l) => ({ lever: l.lever, option: `--lever ${l.lever}=${l.written!.join('..')}`, written: l.written! })));
    if (ends !== e) throw ends;
    if (e instanceof AnalysisInputError) throw new UsageError(`--lever: ${e.message}`);
    throw e;
  }
  const dir = o.out ?? join('out', `${scenario.name}-sensitivity-${o.metric}-${year}`);
  checkOutputFolder('--out', dir);
  checkInputsKept('--out', dir, o.runsFrom ?? [], '--runs-from');
  // A shard's folder is its own kind: a shard of the analysis is refused a whole analysis's folder.
  checkOutputOf(dir, file, { named: o.out === undefined ? scenario.name : undefined, kind: o.shard ? 'sensitivity --shard' : 'sensitivity' });
  const asked = { metric: o.metric, year, runs, seed, bootstrap, workers, levers: o.lever };
  const cluster = await withStageProgress(scenario.name, (onProgress) =>
    sensitivityOnCluster(file, scenario, dir, asked, { slurm: slurmOptions(o), shard: shardOption(o.shard), runsFrom: o.runsFrom, onProgress }));
  if (cluster) return { text: cluster, dir };
  const startedAt = new Date();
  const result = await withOutputFolder(dir, async (out) => {
    const result = await withStageProgress(scenario.name, (onProgress) => {
      const options = { metric: o.metric, year, bootstrap, seed, workers, levers, onProgress };
      // Without --runs (and not from shards), the base rows are chosen so that the intervals can rank the inputs.
      if (runs === undefined && !o.runsFrom) {
        const onPass = (n: number, p: SensitivityPrecision) => note(`sensitivity: ${passText(n, p)}`);
        return sensitivityToPrecision(scenario, { ...options, precision, maxRuns, onPass }).then((auto) => auto.result);
      }
      const given = o.runsFrom && readSensitivityShards(o.runsFrom, scenario, asked);
      return sensitivity(scenario, { ...options, runs, ...(given && { plan: given.plan, given }) });
    });
    writeSensitivity(out, result, { startedAt, precision });
    return result;
  }, { command: 'urbsim sensitivity', scenarioFile: file, kind: 'sensitivity' });
  const seconds = ((Date.now() - startedAt.getTime()) / 1000).toFixed(1);
  return { text: `${sensitivityTable(result, { precision })}\n\nwrote ${dir}/ (sensitivity.arrow, swing.arrow, meta.json) in ${seconds} s\n`, dir, result };
}

/**
 * Run `f` with a progress bar per stage (PRCC runs, the Saltelli design drawn, then run); its input errors as usage
 * errors (exit 2).
 */
async function withStageProgress<T>(name: string, f: (onProgress: (stage: string, done: number, total: number) => void) => Promise<T>): Promise<T> {
  let bar: Progress | undefined;
  let stage = '';
  let drawingSince: number | undefined;
  try {
    return await f((s, done, total) => {
      // The drawing of the design is said once it has taken a second: most designs are drawn in less (Dongguan's
      // 1,600 base rows: 0.3 s), and its lines, a tenth each, would only lengthen a log.
      if (s !== 'design') drawingSince = undefined;
      else if (stage !== 'design') {
        drawingSince ??= Date.now();
        if (Date.now() - drawingSince < DRAWING_QUIET_MS) return;
      }
      if (s !== stage) {
        bar?.stop();
        stage = s;
        bar = s === 'design' ? progress(`${name} drawing the Saltelli design`, process.stderr, Date.now, 'rows') : progress(`${name} ${s === 'prcc' ? 'PRCC runs' : 'Saltelli design'}`);
      }
      bar!.update(done, total);
    });
  } catch (e) {
    if (e instanceof AnalysisInputError) throw new UsageError(e.message);
    throw e;
  } finally {
    bar?.stop();
  }
}

/** How long the design is drawn before its progress is shown. */
const DRAWING_QUIET_MS = 1000;
