import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../inputError.ts';
import { writeFileAtomic } from '../io/atomicWrite.ts';
import { readRegularFile } from '../io/regularFile.ts';
import { makeDirs } from '../io/makeDirs.ts';

/**
 * A folder one piece of work writes, relative to the job's output folder, and
 * what makes it valid: its meta.json (written last) records this scenario
 * hash and run range, and every file it lists exists. A merge's folder must
 * also be newer than the shards and than the last merge job submitted.
 */
export interface PartSpec {
  readonly dir: string;
  readonly hash?: string;
  readonly runRange?: readonly [number, number];
  /** Files that must exist besides those meta.json lists (a batch report has no meta.json of its own). */
  readonly files?: readonly string[];
}

/** One array task: shard `index` of the job, the folders it writes. */
export interface ShardSpec {
  readonly index: number;
  /** What it runs, for people: "runs 250–499", "3 scenarios: dalian, …". */
  readonly what: string;
  readonly parts: readonly PartSpec[];
}

/** One `sbatch` of an array (the shards listed) and of the merge that waits for it. */
export interface Submission {
  readonly at: string;
  readonly arrayJob?: string;
  readonly mergeJob?: string;
  readonly shards: readonly number[];
}

/**
 * What `--slurm` submitted for an output folder, kept in `OUT/cluster/job.json`:
 * the shards and the merge with the folders that show each is done, the
 * commands the tasks run (`{k}` is the shard number), and every submission's
 * job ids. `urbsim status OUT` and a second submission read it.
 */
export interface ClusterJob {
  readonly version: 1;
  /** The urbsim command split into shards: run, batch, calibrate, … */
  readonly command: string;
  /** Scenario (or batch) name; Slurm job names are `urbsim-<name>` and `urbsim-<name>-merge`. */
  readonly name: string;
  /** Shards of the job (array tasks 1 … count). */
  readonly count: number;
  /** The folder the user submitted from, where tasks run. */
  readonly cwd: string;
  readonly shards: readonly ShardSpec[];
  readonly merge: { readonly what: string; readonly parts: readonly PartSpec[] };
  readonly shardCommand: readonly string[];
  readonly mergeCommand: readonly string[];
  readonly submissions: readonly Submission[];
}

export const CLUSTER_DIR = 'cluster';
export const jobFile = (out: string): string => join(out, CLUSTER_DIR, 'job.json');

/**
 * The job submitted for `out`, or undefined when none was.
 *
 * @example
 * readClusterJob('out/dalian')?.submissions.at(-1)?.arrayJob; // '1042'
 */
export function readClusterJob(out: string): ClusterJob | undefined {
  const f = jobFile(out);
  if (!existsSync(f)) return undefined;
  try {
    const job = JSON.parse(readRegularFile(f, 'utf8')) as ClusterJob;
    if (job.version !== 1 || !Array.isArray(job.shards)) throw new Error('not a version 1 job description');
    return job;
  } catch (e) {
    throw new InputError(`${f} is not readable (${(e as Error).message}); it describes what --slurm submitted: submit again to rewrite it`);
  }
}

/** Write `OUT/cluster/job.json` atomically. */
export function writeClusterJob(out: string, job: ClusterJob): void {
  makeDirs(join(out, CLUSTER_DIR));
  writeFileAtomic(jobFile(out), `${JSON.stringify(job, null, 2)}\n`);
}
