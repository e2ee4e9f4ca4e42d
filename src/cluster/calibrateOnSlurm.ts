import { resolve } from 'node:path';
import { scenarioHash } from '../scenario/hash.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { runShards, shardFolders, shardsRoom } from './runOnSlurm.ts';
import type { SlurmOptions } from './slurmOptions.ts';
import { type Scheduler, type SubmitResult, submitJob } from './submitJob.ts';

/** The options of `urbsim calibrate` / `backtest` that the fit itself takes, as typed. */
export interface FitOptions {
  readonly observed: string;
  readonly area?: string;
  readonly until?: string;
  readonly accept?: string;
  readonly regression?: boolean;
}

/**
 * `urbsim calibrate|backtest <scenario> --slurm`: the scenario's runs as a job
 * array of shards (as `run --slurm` cuts them), then one job that fits them —
 * the same command with `--runs-from` the shard folders, which reads the runs
 * instead of making them, so the result is the one a single machine gives.
 * Before anything is submitted, the disk under OUT for the shards' run folders ({@link shardsRoom}).
 *
 * @example
 * calibrateOnSlurm('backtest', 'scenarios/shijiazhuang-backtest.yaml', scenario, 'out/bt', 1, { observed: 'data/observed/observed.csv', until: '2014' }, { arraySize: 8, dryRun: false });
 */
export function calibrateOnSlurm(
  command: 'calibrate' | 'backtest',
  file: string,
  scenario: ResolvedScenario,
  outDir: string,
  workers: number,
  fit: FitOptions,
  o: SlurmOptions,
  scheduler?: Scheduler,
): SubmitResult {
  const out = resolve(outDir);
  const shards = runShards(file, scenario, out, workers, o.arraySize);
  const { runs, seed } = scenario.monteCarlo;
  const files = [...(command === 'backtest' ? ['backtest.arrow'] : []), 'posterior.arrow', 'calibration.arrow', 'points.arrow', ...(scenario.targets.length ? ['calibrated-targets.arrow'] : [])];
  return submitJob(out, {
    ...shards,
    command,
    merge: { what: `${command === 'backtest' ? 'back-test' : 'calibration'} from the runs into ${outDir}/`, parts: [{ dir: '.', hash: scenarioHash(scenario), files }] },
    mergeCommand: [
      command, resolve(file), '--observed', resolve(fit.observed),
      ...(fit.area !== undefined ? ['--area', fit.area] : []),
      ...(fit.until !== undefined ? ['--until', fit.until] : []),
      ...(fit.accept !== undefined ? ['--accept', fit.accept] : []),
      ...(fit.regression ? ['--regression'] : []),
      '--runs', `${runs}`, '--seed', `${seed}`, '--workers', `${workers}`, '--out', out,
      '--runs-from', ...shardFolders(out, shards.count),
    ],
  }, { cpus: workers, partition: o.partition, time: o.time, dryRun: o.dryRun, checkRoom: shardsRoom(scenario, outDir, shards.count, false), ...scheduler });
}
