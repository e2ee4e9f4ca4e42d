import { join, resolve } from 'node:path';
import { checkDisk, fewerRuns, runFolderBytes, shardedThenMerged, sideBySide } from '../io/diskNeed.ts';
import { compileScenario } from '../montecarlo/compileScenario.ts';
import { shardRange } from '../montecarlo/runMonteCarlo.ts';
import { runsText } from '../report/batchMarks.ts';
import { scenarioHash } from '../scenario/hash.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { CLUSTER_DIR, type ClusterJob, type ShardSpec } from './clusterJob.ts';
import { type SlurmOptions, shardCount } from './slurmOptions.ts';
import { type Scheduler, type SubmitResult, submitJob } from './submitJob.ts';

/** Where shard k of n writes, relative to the job's output folder. */
export const shardDir = (k: number | '{k}', n: number): string => join(CLUSTER_DIR, 'shards', `${k}-of-${n}`);

/**
 * `urbsim run <scenario> --slurm`: a job array whose task k runs shard k/n of
 * the scenario's runs (`urbsim run --shard k/n`, the runs and seed fixed as
 * resolved now) into `OUT/cluster/shards/k-of-n/`, and a merge job
 * (`urbsim merge`) that writes OUT/ as a single run would, byte for byte.
 * Before anything is submitted, the disk under OUT ({@link checkDisk}): the shards still to run, side by side, which
 * stay in OUT/cluster/shards/, and the merged folder beside them — the runs about twice over; refused (an
 * InputError, nothing written) when it cannot hold them, said when over 1 GB.
 *
 * @example
 * runOnSlurm('scenarios/dalian.yaml', scenario, 'out/dalian', 2, { arraySize: 4, dryRun: false });
 */
export function runOnSlurm(file: string, scenario: ResolvedScenario, outDir: string, workers: number, o: SlurmOptions, scheduler?: Scheduler): SubmitResult {
  const out = resolve(outDir);
  const shards = runShards(file, scenario, out, workers, o.arraySize);
  const checkRoom = shardsRoom(scenario, outDir, shards.count, true);
  return submitJob(out, {
    ...shards,
    command: 'run',
    merge: { what: `merge into ${outDir}/`, parts: [{ dir: '.', hash: scenarioHash(scenario), runRange: [0, scenario.monteCarlo.runs] }] },
    mergeCommand: ['merge', ...shardFolders(out, shards.count), '--out', out],
  }, { cpus: workers, partition: o.partition, time: o.time, dryRun: o.dryRun, checkRoom, ...scheduler });
}

/**
 * The shards of a scenario's runs as a job array runs them — each `urbsim run
 * --shard k/n` into `OUT/cluster/shards/k-of-n/` — for `run` and for the
 * analyses that fit or score all runs of a scenario (calibrate, backtest).
 *
 * @example
 * runShards('scenarios/dalian.yaml', scenario, '/home/me/out/dalian', 1, 4).shards[1].what; // 'runs 250–499'
 */
export function runShards(
  file: string,
  scenario: ResolvedScenario,
  out: string,
  workers: number,
  arraySize: number | undefined,
): Pick<ClusterJob, 'name' | 'count' | 'cwd' | 'shards' | 'shardCommand'> {
  const { runs, seed } = scenario.monteCarlo;
  const n = shardCount(arraySize, runs, 1000, 'runs');
  const hash = scenarioHash(scenario);
  const shards: ShardSpec[] = Array.from({ length: n }, (_, i) => {
    const range = shardRange(runs, { index: i + 1, count: n });
    return { index: i + 1, what: `runs ${range[0]}–${range[1] - 1}`, parts: [{ dir: shardDir(i + 1, n), hash, runRange: range }] };
  });
  return {
    name: scenario.name,
    count: n,
    cwd: process.cwd(),
    shards,
    shardCommand: ['run', resolve(file), '--runs', `${runs}`, '--seed', `${seed}`, '--workers', `${workers}`, '--shard', `{k}/${n}`, '--out', join(out, shardDir('{k}', n))],
  };
}

/**
 * The check before a job array of a scenario's runs ({@link runShards}) is submitted ({@link submitJob}'s `checkRoom`):
 * the disk under OUT ({@link checkDisk}) against the shards still to run, side by side, which stay in
 * OUT/cluster/shards/, and with `merged` (run --slurm) the merged folder beside them; without (calibrate and
 * backtest, whose last job reads the shards and writes its small tables), the shards alone.
 *
 * @example
 * submitJob(out, job, { …, checkRoom: shardsRoom(scenario, 'out/dalian', 4, true) });
 */
export function shardsRoom(scenario: ResolvedScenario, outDir: string, count: number, merged: boolean): (toRun: readonly number[], note: (line: string) => void) => void {
  const { runs } = scenario.monteCarlo;
  const compiled = compileScenario(scenario);
  const folder = (n: number) => runFolderBytes({ runs: n, years: compiled.steps + 1, sampled: compiled.sampledNames.length });
  return (toRun, note) => {
    if (!merged && toRun.length === 0) return;
    const ranges = toRun.map((k) => shardRange(runs, { index: k, count }));
    const shards = ranges.map(([a, b]) => folder(b - a));
    const bytes = merged ? shardedThenMerged(shards, folder(runs)) : sideBySide(shards);
    const part = toRun.length === count ? `${count} shard${count === 1 ? '' : 's'}` : toRun.length ? `shard${toRun.length === 1 ? '' : 's'} ${toRun.join(', ')} of ${count}` : undefined;
    const shardsText = part ? `${part} (kept in ${join(CLUSTER_DIR, 'shards')}/)` : '';
    const what = `${scenario.name}: ${runsText(runs)} of ${compiled.steps + 1} years, ${merged ? `${shardsText ? `${shardsText} and ` : ''}the merged folder` : shardsText},`;
    checkDisk(what, outDir, bytes, (share) => `run at most about ${fewerRuns(share, runs)} (--runs)`, note);
  };
}

/** The n shard folders, absolute, in shard order. */
export function shardFolders(out: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => join(out, shardDir(i + 1, n)));
}
