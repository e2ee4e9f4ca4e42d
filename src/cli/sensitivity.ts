import { join } from 'node:path';
import { AnalysisInputError } from '../analysis/analysisInputError.ts';
import { type SensitivityResult, sensitivity } from '../analysis/sensitivity.ts';
import { sensitivityTable } from '../analysis/sensitivityTable.ts';
import { writeSensitivity } from '../analysis/writeSensitivity.ts';
import { withOutputFolder } from '../io/outputFolder.ts';
import { loadScenario } from '../scenario/api.ts';
import { compileChecked } from './compileChecked.ts';
import { readSensitivityShards, sensitivityOnCluster } from '../cluster/sensitivityOnCluster.ts';
import { UsageError } from './errors.ts';
import { checkOutputFolder } from './outputPath.ts';
import { positiveInt, seedOption, shardOption, yearOption } from './options.ts';
import { type SlurmCliOptions, slurmOptions } from '../cluster/slurmOptions.ts';
import { warnScenario } from './warnScenario.ts';
import { type Progress, progress } from './progress.ts';

export interface SensitivityCommandOptions extends SlurmCliOptions {
  readonly metric: string;
  readonly year: string;
  readonly runs?: string;
  readonly bootstrap?: string;
  readonly seed?: string;
  readonly workers?: string;
  readonly out?: string;
  /** Job arrays (src/cluster): a shard of the runs, the analysis of shards' runs, or submission to Slurm. */
  readonly shard?: string;
  readonly runsFrom?: string[];
}

/**
 * `urbsim sensitivity <scenario> --metric M --year Y`: parse the options,
 * run {@link sensitivity}, write sensitivity.arrow and meta.json, and return
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
  const runs = positiveInt('--runs', o.runs, 1_000_000);
  const bootstrap = positiveInt('--bootstrap', o.bootstrap, 100_000);
  const seed = seedOption(o.seed);
  const workers = positiveInt('--workers', o.workers ?? '1', 256)!;
  const scenario = loadScenario(file);
  compileChecked(scenario, file);
  warnScenario(file, scenario, (line) => note(line.trimEnd()));
  const dir = o.out ?? join('out', `${scenario.name}-sensitivity-${o.metric}-${year}`);
  checkOutputFolder('--out', dir);
  const asked = { metric: o.metric, year, runs, seed, bootstrap, workers };
  const cluster = await sensitivityOnCluster(file, scenario, dir, asked, { slurm: slurmOptions(o), shard: shardOption(o.shard), runsFrom: o.runsFrom });
  if (cluster) return { text: cluster, dir };
  const startedAt = new Date();
  const result = await withOutputFolder(dir, async (out) => {
    const result = await withStageProgress(scenario.name, (onProgress) => sensitivity(scenario, { metric: o.metric, year, runs, bootstrap, seed, workers, given: o.runsFrom && readSensitivityShards(o.runsFrom, scenario, asked), onProgress }));
    writeSensitivity(out, result, { startedAt });
    return result;
  }, { command: 'urbsim sensitivity' });
  const seconds = ((Date.now() - startedAt.getTime()) / 1000).toFixed(1);
  return { text: `${sensitivityTable(result)}\n\nwrote ${dir}/ (sensitivity.arrow, meta.json) in ${seconds} s\n`, dir, result };
}

/** Run `f` with a progress bar per stage (PRCC runs, then the Saltelli design); its input errors as usage errors (exit 2). */
async function withStageProgress<T>(name: string, f: (onProgress: (stage: string, done: number, total: number) => void) => Promise<T>): Promise<T> {
  let bar: Progress | undefined;
  let stage = '';
  try {
    return await f((s, done, total) => {
      if (s !== stage) {
        bar?.stop();
        stage = s;
        bar = progress(`${name} ${s === 'prcc' ? 'PRCC runs' : 'Saltelli design'}`);
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
