import { basename, join, resolve } from 'node:path';
import { batchFewer, batchFolderBytes } from '../batch/runBatch.ts';
import { checkDisk, sideBySide } from '../io/diskNeed.ts';
import { shardRange } from '../montecarlo/runMonteCarlo.ts';
import { runsText } from '../report/batchMarks.ts';
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
 * targets.arrow and the reachability report. Before anything is submitted, the disk under OUT: the scenarios of the
 * shards still to run, each shard writing its folders in turn ({@link inTurn}), the shards side by side
 * ({@link sideBySide}); refused when it cannot hold them, said when over 1 GB, as a batch run here is.
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
  const slices = Array.from({ length: n }, (_, i) => scenarios.slice(...shardRange(scenarios.length, { index: i + 1, count: n })));
  const shards: ShardSpec[] = slices.map((mine, i) => ({
    index: i + 1,
    what: mine.length === 1 ? mine[0].name : `${mine.length} scenarios: ${mine[0].name} … ${mine.at(-1)!.name}`,
    parts: mine.map((s) => ({ dir: s.name, hash: scenarioHash(s), runRange: [0, s.monteCarlo.runs] as const })),
  }));
  const checkRoom = (toRun: readonly number[], note: (line: string) => void) => {
    const mine = toRun.map((k) => slices[k - 1]);
    const bytes = sideBySide(mine.map((ss) => batchFolderBytes(ss, out)));
    const all = mine.flat();
    const runs = all.reduce((a, s) => a + s.monteCarlo.runs, 0);
    const what = `${all.length} scenario${all.length === 1 ? '' : 's'} to run in ${toRun.length} shard${toRun.length === 1 ? '' : 's'} side by side, ${runsText(runs)} in all,`;
    const fewer = batchFewer(run.runs);
    if (all.length) checkDisk(what, outDir, bytes, fewer, note);
  };
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
  }, { cpus: run.workers, partition: o.partition, time: o.time, dryRun: o.dryRun, checkRoom, ...scheduler });
}
