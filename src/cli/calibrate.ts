import { join } from 'node:path';
import { backtest } from '../analysis/backtest.ts';
import { CalibrationError, calibrate, givenRuns } from '../analysis/calibrate.ts';
import { loadAreas } from '../data/areas.ts';
import { ObservedError, type ObservedPoint, readObserved } from '../io/readObserved.ts';
import { type OutputFolder, checkInputsKept, checkOutputOf, withOutputFolder } from '../io/outputFolder.ts';
import { type CalibrationFiles, writeBacktest, writeCalibration } from '../io/writeCalibration.ts';
import { loadScenario } from '../scenario/api.ts';
import { backtestTable, calibrationTable } from './calibrationTable.ts';
import { parseQuantity } from '../scenario/quantity.ts';
import { compileChecked } from './compileChecked.ts';
import { warnScenario } from './warnScenario.ts';
import { UsageError } from './errors.ts';
import { checkOutputFolder } from './outputPath.ts';
import { decimalWhole, digitsHint, positiveInt, seedOption } from './options.ts';
import { withProgress } from './progress.ts';
import { withMonteCarlo } from '../scenario/withMonteCarlo.ts';
import { calibrateOnSlurm } from '../cluster/calibrateOnSlurm.ts';
import { type SlurmCliOptions, type SlurmOptions, slurmOptions } from '../cluster/slurmOptions.ts';
import { readRunsMerged } from '../io/readRunOutputs.ts';
import type { MonteCarloResult } from '../montecarlo/runMonteCarlo.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';

/** Options of `urbsim calibrate` and `urbsim backtest`, as commander hands them over. */
export interface CalibrateCliOptions {
  readonly observed: string;
  readonly area?: string;
  readonly until?: string;
  readonly runs?: string;
  readonly accept?: string;
  readonly seed?: string;
  readonly workers: string;
  readonly out?: string;
  readonly regression?: boolean;
  /** Run folders (urbsim run, or its shards) whose runs are fitted instead of running the scenario. */
  readonly runsFrom?: string[];
}

/**
 * `urbsim calibrate <scenario> --observed FILE`: read and check the observed
 * file, fit, write posterior.arrow, calibration.arrow, points.arrow and
 * meta.json, and return the printed table. Bad input (options, observed
 * file, nothing to fit) throws {@link UsageError} before anything is written. The scenario's warnings (those urbsim
 * run says, e.g. a change of count written after the end year) go to `warn`, one line each, when it is given.
 *
 * @example
 * const text = await calibrateCommand('scenarios/shijiazhuang-backtest.yaml', { observed: 'data/observed/observed.csv', until: '2014', workers: '1' });
 */
export async function calibrateCommand(file: string, o: CalibrateCliOptions & SlurmCliOptions, warn?: (line: string) => void): Promise<string> {
  return fitCommand('calibrate', file, o, warn, {
    fit: ({ scenario, points, until, accept, workers }, onProgress, result) =>
      calibrate(scenario, points, { area: o.area, until, acceptFraction: accept, regression: o.regression, workers, onProgress, result }),
    write: writeCalibration,
    text: (c) => calibrationTable(c, o.observed),
  });
}

/**
 * `urbsim backtest <scenario> --observed FILE --until YEAR`: calibrate on the
 * figures up to YEAR, score the later ones with the accepted runs, write
 * backtest.arrow and the calibration files, and return the printed tables.
 *
 * @example
 * const text = await backtestCommand('scenarios/shijiazhuang-backtest.yaml', { observed: 'data/observed/observed.csv', until: '2014', workers: '1' });
 */
export async function backtestCommand(file: string, o: CalibrateCliOptions & SlurmCliOptions, warn?: (line: string) => void): Promise<string> {
  return fitCommand('backtest', file, o, warn, {
    fit: ({ scenario, points, until, accept, workers }, onProgress, result) =>
      backtest(scenario, points, { area: o.area, until: until!, acceptFraction: accept, regression: o.regression, workers, onProgress, result }),
    write: writeBacktest,
    text: (b) => `${calibrationTable(b.calibration, o.observed)}\n\n${backtestTable(b)}`,
  });
}

/**
 * What `urbsim calibrate` and `urbsim backtest` share around their fit: the inputs and the output folder (default
 * out/<command>-<scenario>) checked before anything runs; under --slurm, the job array written instead; else the runs
 * (or those of --runs-from) fitted by `fit`, its files written by `write`, and `text` printed with the folder written.
 */
async function fitCommand<T>(
  command: 'calibrate' | 'backtest',
  file: string,
  o: CalibrateCliOptions & SlurmCliOptions,
  warn: ((line: string) => void) | undefined,
  f: {
    fit: (p: ReturnType<typeof prepare>, onProgress: (done: number, total: number) => void, result: MonteCarloResult | undefined) => Promise<T>;
    write: (out: OutputFolder, t: T, info: CalibrationFiles) => string[];
    text: (t: T) => string;
  },
): Promise<string> {
  const slurm = slurmFor(o);
  const prepared = prepare(file, o, command === 'backtest');
  const { scenario, workers } = prepared;
  // The scenario's warnings, as urbsim run says them before its runs: a change of count written after the end year
  // (or under the residence count) fitted without a word, its registered figures then weighed as if no change came.
  if (warn) warnScenario(file, scenario, warn);
  const startedAt = new Date();
  const dir = o.out ?? join('out', `${command}-${scenario.name}`);
  checkOutputFolder('--out', dir);
  checkInputsKept('--out', dir, o.runsFrom ?? [], '--runs-from');
  checkOutputOf(dir, file, { named: o.out === undefined ? scenario.name : undefined, kind: command });
  if (slurm) return calibrateOnSlurm(command, file, scenario, dir, workers, o, slurm).text;
  const result = runsFrom(o, scenario);
  const { fitted, files } = await withOutputFolder(dir, async (out) => {
    const fitted = await calibrating(scenario.name, (onProgress) => f.fit(prepared, onProgress, result));
    return { fitted, files: f.write(out, fitted, { observedFile: o.observed, startedAt, workers }) };
  }, { command: `urbsim ${command}`, scenarioFile: file, kind: command });
  return `${f.text(fitted)}\n\nwrote ${dir}/ (${files.join(', ')}) in ${seconds(startedAt)} s\n`;
}

function prepare(file: string, o: CalibrateCliOptions, needUntil: boolean) {
  const runs = positiveInt('--runs', o.runs, 10_000_000);
  const seed = seedOption(o.seed);
  const workers = positiveInt('--workers', o.workers, 256)!;
  const until = untilOption(o.until);
  if (needUntil && until === undefined) throw new UsageError('--until: required, the last year whose figures are fitted (later ones are scored)');
  const accept = acceptOption(o.accept);
  // Empty, it would read as no area: "scenario dalian names no city", of a scenario that names one.
  if (o.area !== undefined && o.area.trim() === '')
    throw new UsageError(`--area: expected an area id such as dalian (data/areas), found ${o.area === '' ? 'an empty text ("")' : `only spaces (${JSON.stringify(o.area)})`}`);
  const scenario = withMonteCarlo(loadScenario(file), { runs, seed });
  compileChecked(scenario, file);
  return { scenario, points: readObservedChecked(o.observed, o.area), until, accept, workers };
}

/**
 * An observed file read and checked against data/areas (an area of the
 * user's own, `extraArea`, need not be there); its problems as a usage error.
 *
 * @example
 * readObservedChecked('data/observed/observed.csv');
 */
export function readObservedChecked(file: string, extraArea?: string): ObservedPoint[] {
  try {
    return readObserved(file, { areas: [...loadAreas().map((a) => a.id), ...(extraArea ? [extraArea] : [])] });
  } catch (e) {
    if (e instanceof ObservedError) throw new UsageError(`${e.issues.length} problem${e.issues.length > 1 ? 's' : ''} in the observed file:\n${e.message}`);
    throw e;
  }
}

function slurmFor(o: CalibrateCliOptions & SlurmCliOptions): SlurmOptions | undefined {
  const slurm = slurmOptions(o);
  if (slurm && o.runsFrom) throw new UsageError('--runs-from with --slurm: the job array makes the runs');
  return slurm;
}

/**
 * `--runs-from`: the runs of these folders (shards of one scenario are merged), read before anything is fitted; runs of
 * another scenario (or seed, or --runs) than `scenario` are refused from their meta.json, before they are read.
 */
function runsFrom(o: CalibrateCliOptions, scenario: ResolvedScenario): MonteCarloResult | undefined {
  if (!o.runsFrom) return undefined;
  return readRunsMerged(o.runsFrom, {
    check: (merged) => {
      try {
        givenRuns(merged, scenario);
      } catch (e) {
        if (e instanceof CalibrationError) throw new UsageError(e.message);
        throw e;
      }
    },
  });
}

/** The share of runs kept: a fraction in (0, 1] or a percentage, as rates are written in scenario files (`0.1`, `10%`). */
function acceptOption(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const q = parseQuantity(raw, 'rate');
  if (!q.ok || !(q.value > 0 && q.value <= 1))
    throw new UsageError(`--accept: expected the share of runs kept, a fraction in (0, 1] such as 0.1 or a percentage such as 10%, found "${raw}"`);
  return q.value;
}

function untilOption(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = decimalWhole(raw);
  if (!(v >= 1949 && v <= 2100)) throw new UsageError(`--until: expected a year such as 2014, found "${raw}"${digitsHint(raw)}`);
  return v;
}

/** {@link withProgress}, with a calibration's input errors as usage errors (exit 2). */
async function calibrating<T>(name: string, f: (onProgress: (d: number, t: number) => void) => Promise<T>): Promise<T> {
  try {
    return await withProgress(name, f);
  } catch (e) {
    if (e instanceof CalibrationError) throw new UsageError(e.message);
    throw e;
  }
}

const seconds = (t0: Date) => ((Date.now() - t0.getTime()) / 1000).toFixed(1);
