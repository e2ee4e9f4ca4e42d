import { basename, resolve } from 'node:path';
import { shardRange } from '../montecarlo/runMonteCarlo.ts';
import { scenarioHash } from '../scenario/hash.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import type { ShardSpec } from './clusterJob.ts';
import { type SlurmOptions, shardCount } from './slurmOptions.ts';
import { type Scheduler, type SubmitResult, submitJob } from './submitJob.ts';

/**
 * `urbsim batch <scenarios…> --slurm`: a job array whose task k runs the k-th
 * of n slices of the scenarios (`urbsim batch --shard k/n`, each scenario
 * whole, into OUT/<name>/ as a local batch does), and a merge job — the same
 * batch again, which finds every scenario done and writes the combined
 * targets.arrow and the reachability report.
 *
 * @example
 * batchOnSlurm(files, scenarios, 'out/pilots', { runs: 1000, workers: 1 }, { arraySize: 16, dryRun: false });
 */
export function batchOnSlurm(
  files: readonly string[],
  scenarios: readonly ResolvedScenario[],
  outDir: string,
  run: { readonly runs?: number; readonly workers: number },
  o: SlurmOptions,
  scheduler?: Scheduler,
): SubmitResult {
  const out = resolve(outDir);
  const n = shardCount(o.arraySize, scenarios.length, 1, 'scenarios');
  const shards: ShardSpec[] = Array.from({ length: n }, (_, i) => {
    const [a, b] = shardRange(scenarios.length, { index: i + 1, count: n });
    const mine = scenarios.slice(a, b);
    return {
      index: i + 1,
      what: mine.length === 1 ? mine[0].name : `${mine.length} scenarios: ${mine[0].name} … ${mine.at(-1)!.name}`,
      parts: mine.map((s) => ({ dir: s.name, hash: scenarioHash(s), runRange: [0, s.monteCarlo.runs] as const })),
    };
  });
  // The files as they are now: a file added to a folder later must not move scenarios between shards.
  const args = [...files.map((f) => resolve(f)), ...(run.runs ? ['--runs', `${run.runs}`] : []), '--workers', `${run.workers}`];
  return submitJob(out, {
    command: 'batch',
    name: basename(out),
    count: n,
    cwd: process.cwd(),
    shards,
    merge: { what: `targets.arrow and reachability report of ${outDir}/`, parts: [{ dir: '.', files: ['targets.arrow', 'reachability.md', 'reachability.html'] }] },
    shardCommand: ['batch', ...args, '--shard', `{k}/${n}`, '--out', out],
    mergeCommand: ['batch', ...args, '--out', out],
  }, { cpus: run.workers, partition: o.partition, time: o.time, dryRun: o.dryRun, ...scheduler });
}
