import { join, resolve } from 'node:path';
import { shardRange } from '../montecarlo/runMonteCarlo.ts';
import { scenarioHash } from '../scenario/hash.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { CLUSTER_DIR, type ShardSpec } from './clusterJob.ts';
import { type SlurmOptions, shardCount } from './slurmOptions.ts';
import { type Scheduler, type SubmitResult, submitJob } from './submitJob.ts';

/** Where shard k of n writes, relative to the job's output folder. */
export const shardDir = (k: number | '{k}', n: number): string => join(CLUSTER_DIR, 'shards', `${k}-of-${n}`);

/**
 * `urbsim run <scenario> --slurm`: a job array whose task k runs shard k/n of
 * the scenario's runs (`urbsim run --shard k/n`, the runs and seed fixed as
 * resolved now) into `OUT/cluster/shards/k-of-n/`, and a merge job
 * (`urbsim merge`) that writes OUT/ as a single run would, byte for byte.
 *
 * @example
 * runOnSlurm('scenarios/dalian.yaml', scenario, 'out/dalian', 2, { arraySize: 4, dryRun: false });
 */
export function runOnSlurm(file: string, scenario: ResolvedScenario, outDir: string, workers: number, o: SlurmOptions, scheduler?: Scheduler): SubmitResult {
  const out = resolve(outDir);
  const { runs, seed } = scenario.monteCarlo;
  const n = shardCount(o.arraySize, runs, 1000, 'runs');
  const hash = scenarioHash(scenario);
  const shards: ShardSpec[] = Array.from({ length: n }, (_, i) => {
    const range = shardRange(runs, { index: i + 1, count: n });
    return { index: i + 1, what: `runs ${range[0]}–${range[1] - 1}`, parts: [{ dir: shardDir(i + 1, n), hash, runRange: range }] };
  });
  return submitJob(out, {
    command: 'run',
    name: scenario.name,
    count: n,
    cwd: process.cwd(),
    shards,
    merge: { what: `merge into ${outDir}/`, parts: [{ dir: '.', hash, runRange: [0, runs] }] },
    shardCommand: ['run', resolve(file), '--runs', `${runs}`, '--seed', `${seed}`, '--workers', `${workers}`, '--shard', `{k}/${n}`, '--out', join(out, shardDir('{k}', n))],
    mergeCommand: ['merge', ...shards.map((s) => join(out, s.parts[0].dir)), '--out', out],
  }, { cpus: workers, partition: o.partition, time: o.time, dryRun: o.dryRun, ...scheduler });
}
