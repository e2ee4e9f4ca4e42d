import { chmodSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { displayPath } from '../io/displayPath.ts';
import { InputError } from '../inputError.ts';
import { writeFileAtomic } from '../io/atomicWrite.ts';
import { CLUSTER_DIR, type ClusterJob, type Submission, readClusterJob, writeClusterJob } from './clusterJob.ts';
import { MERGE_LOG, jobStatus } from './jobStatus.ts';
import { arraySpec, sbatchScript } from './sbatchScript.ts';
import { type QueueReader, sbatch, scancel, squeue } from './slurmCommands.ts';
import { makeDirs } from '../io/makeDirs.ts';
import { shellWord } from '../cli/shellWord.ts';

export interface SubmitOptions {
  readonly partition?: string;
  /** Slurm time limit per task (`--time`: minutes, `HH:MM:SS`, `D-HH`). */
  readonly time?: string;
  /** CPUs per task: the command's `--workers`. */
  readonly cpus: number;
  /** Write the scripts and say what would be submitted; submit nothing. */
  readonly dryRun?: boolean;
  /**
   * Before anything is written or submitted, once the shards still to run are known — those failed or missing and
   * those queued or running (their folders are not there yet), by shard number — and the merge is to be made: the
   * command's check that there is room for them (an {@link InputError} refuses the submission); `note` adds a line to
   * what is said.
   */
  readonly checkRoom?: (shards: readonly number[], note: (line: string) => void) => void;
}

/** How to read the queue, submit and cancel: squeue, sbatch and scancel unless given (tests give their own). */
export interface Scheduler {
  readonly queue?: QueueReader;
  readonly submit?: (script: string, args: readonly string[]) => string;
  readonly cancel?: (jobId: string) => void;
}

export interface SubmitResult {
  readonly text: string;
  /** What was submitted (undefined for a dry run or when nothing needed to be). */
  readonly submission?: Submission;
  readonly scripts: readonly string[];
}

/** node and the CLI entry of this checkout, which the tasks run. */
const CLI = fileURLToPath(new URL('../cli/urbsim.mjs', import.meta.url));

/**
 * Submit the shards of `job` that are neither done nor queued as a Slurm job
 * array (`OUT/cluster/array.sbatch`, task id = shard number), and a merge job
 * (`merge.sbatch`) that starts when they and any shards still queued from an
 * earlier submission have succeeded (`afterok`; killed if one fails). A
 * second submission of the same command re-runs only what is missing or
 * invalid; when everything is done it submits nothing. Records the job ids in
 * `OUT/cluster/job.json` for `urbsim status`.
 *
 * @example
 * const r = submitJob('out/dalian', runJob, { cpus: 1 });
 * r.submission?.arrayJob; // '1042'
 */
export function submitJob(outDir: string, spec: Omit<ClusterJob, 'submissions' | 'version'>, o: SubmitOptions & Scheduler): SubmitResult {
  const out = resolve(outDir);
  const queue = o.queue ?? squeue;
  const previous = readClusterJob(out);
  const sameLayout = previous !== undefined && previous.command === spec.command && previous.count === spec.count &&
    JSON.stringify(previous.shards.map((s) => s.parts.map((p) => p.dir))) === JSON.stringify(spec.shards.map((s) => s.parts.map((p) => p.dir)));
  if (previous && !sameLayout) {
    const queued = jobStatus(out, previous, queue).shards.filter((s) => s.status.state === 'pending' || s.status.state === 'running');
    if (queued.length)
      throw new InputError(
        `${outDir} has shards of an earlier submission still queued or running (${queued.map((s) => (s.status as { task: string }).task).join(', ')}), cut another way: ` +
          'wait for them or scancel them before submitting a different split',
      );
  }
  const job: ClusterJob = { version: 1, ...spec, submissions: sameLayout ? previous.submissions : [] };
  const found = jobStatus(out, job, queue);
  // A merge made by another command (calibrate --accept 0.05 after 0.1) is not this job's result, however valid its files.
  const otherMerge = sameLayout && found.merge.state === 'done' && JSON.stringify(previous.mergeCommand) !== JSON.stringify(spec.mergeCommand);
  const status = otherMerge ? { ...found, merge: { state: 'missing', why: 'made by another command' } as const } : found;
  const toRun = status.shards.filter((s) => s.status.state === 'failed' || s.status.state === 'missing').map((s) => s.shard.index);
  const queued = status.shards.filter((s) => s.status.state === 'pending' || s.status.state === 'running');
  const done = status.shards.filter((s) => s.status.state === 'done').map((s) => s.shard.index);
  const mergeQueued = status.merge.state === 'pending' || status.merge.state === 'running';
  const lines: string[] = [];
  const where = (f: string) => displayPath(join(out, f));
  if (status.queueUnavailable) lines.push(`note: cannot read the Slurm queue (${status.queueUnavailable}); shards without a finished folder are submitted again`);
  if (done.length && status.merge.state !== 'done')
    lines.push(`${job.name}: shard${done.length > 1 ? 's' : ''} ${list(done)} of ${job.count} done${toRun.length ? `; submitting ${list(toRun)}` : ''}`);

  // The merged result is what the shards were for: once it is there and valid, a damaged shard needs no re-run.
  if (status.merge.state === 'done') {
    lines.push(`${job.name}: up to date, nothing to submit (${where('.')}/ holds the merged result)`);
    return { text: `${lines.join('\n')}\n`, scripts: [] };
  }
  if (toRun.length === 0 && mergeQueued) {
    lines.push(`${job.name}: nothing to submit: ${queued.length ? `shards ${list(queued.map((s) => s.shard.index))} still queued, ` : ''}merge job ${(status.merge as { task: string }).task} waiting (urbsim status ${shellWord(where('.'))})`);
    return { text: `${lines.join('\n')}\n`, scripts: [] };
  }

  o.checkRoom?.([...toRun, ...queued.map((s) => s.shard.index)].sort((a, b) => a - b), (line) => lines.push(line.trimEnd()));

  // The first folder this call creates (undefined when OUT/cluster/logs was there): removed again if nothing gets submitted.
  const created = makeDirs(join(out, CLUSTER_DIR, 'logs'));
  const common = { cwd: process.cwd(), cpus: o.cpus, partition: o.partition, time: o.time, node: process.execPath, cli: CLI };
  const scripts: string[] = [];
  const arrayScript = join(out, CLUSTER_DIR, 'array.sbatch');
  if (toRun.length) {
    writeScript(arrayScript, sbatchScript({
      ...common,
      jobName: `urbsim-${job.name}`,
      log: join(out, CLUSTER_DIR, 'logs', 'shard-%a.log'),
      array: toRun,
      args: job.shardCommand,
      comment: `Shard $SLURM_ARRAY_TASK_ID of ${job.count} of \`urbsim ${job.command}\` for ${job.name} (array task id = shard number).`,
    }));
    scripts.push(arrayScript);
  }
  const mergeScript = join(out, CLUSTER_DIR, 'merge.sbatch');
  writeScript(mergeScript, sbatchScript({
    ...common,
    jobName: `urbsim-${job.name}-merge`,
    log: join(out, MERGE_LOG),
    args: job.mergeCommand,
    comment: `${job.merge.what}, once every shard has succeeded.`,
  }));
  scripts.push(mergeScript);

  const waitFor = queued.map((s) => (s.status as { task: string }).task);
  if (o.dryRun) {
    lines.push(`dry run, nothing submitted; wrote ${scripts.map(displayPath).join(' and ')}. To submit by hand:`);
    if (toRun.length) lines.push(`  sbatch ${shellWord(where('cluster/array.sbatch'))}`);
    const deps = [...(toRun.length ? ['<array job id>'] : []), ...waitFor];
    lines.push(`  sbatch ${deps.length ? `--dependency=afterok:${deps.join(':')} --kill-on-invalid-dep=yes ` : ''}${shellWord(where('cluster/merge.sbatch'))}`);
    return { text: `${lines.join('\n')}\n`, scripts };
  }

  const at = new Date().toISOString();
  let submission: Submission = { at, shards: toRun };
  // sbatch missing or refusing the first script submits nothing: the folders this call made for the scripts go (exit 2
  // leaves no half-made job behind), as with a bad option.
  const submit = (script: string, args: readonly string[]): string => {
    try {
      return (o.submit ?? sbatch)(script, args);
    } catch (e) {
      if (created !== undefined && !submission.arrayJob) rmSync(created, { recursive: true, force: true });
      throw e;
    }
  };
  if (toRun.length) {
    submission = { ...submission, arrayJob: submit(arrayScript, []) };
    writeClusterJob(out, { ...job, submissions: [...job.submissions, submission] }); // recorded before the merge is tried
    lines.push(`submitted job ${submission.arrayJob}: ${toRun.length === job.count ? `${job.count} shards` : `shard${toRun.length > 1 ? 's' : ''} ${list(toRun)} of ${job.count}`} as array ${arraySpec(toRun)} (logs in ${where('cluster/logs')}/)`);
  }
  // A merge still waiting on an earlier, failed array would never start: this one replaces it.
  if (status.merge.state === 'pending') (o.cancel ?? scancel)(status.merge.task);
  const deps = [...(submission.arrayJob ? [submission.arrayJob] : []), ...waitFor];
  const mergeJob = submit(mergeScript, deps.length ? [`--dependency=afterok:${deps.join(':')}`, '--kill-on-invalid-dep=yes'] : []);
  submission = { ...submission, mergeJob };
  writeClusterJob(out, { ...job, submissions: [...job.submissions, submission] });
  lines.push(`submitted job ${mergeJob}: ${job.merge.what}${deps.length ? ` after job${deps.length > 1 ? 's' : ''} ${deps.join(', ')} succeed${deps.length > 1 ? '' : 's'}` : ''}`);
  lines.push(`follow with: urbsim status ${shellWord(where('.'))}   (submit the same command again to re-run shards that failed)`);
  return { text: `${lines.join('\n')}\n`, submission, scripts };
}

function writeScript(path: string, text: string): void {
  writeFileAtomic(path, text);
  chmodSync(path, 0o755); // sbatch does not need it executable; people running it by hand do
}

/** Shard numbers for people, runs as ranges: 1-3, 5. */
function list(ks: readonly number[]): string {
  return arraySpec(ks).replaceAll(',', ', ');
}
