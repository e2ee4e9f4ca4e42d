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
    if (job?.version !== 1 || !Array.isArray(job.shards)) throw new Error('not a version 1 job description');
    const wrong = jobShapeProblem(job);
    if (wrong) throw new Error(wrong);
    return job;
  } catch (e) {
    throw new InputError(`${f} is not readable (${(e as Error).message}); it describes what --slurm submitted: submit again to rewrite it`);
  }
}

/**
 * Where a job description parsed from JSON is not of the shape {@link ClusterJob} says (edited by hand, cut short at a
 * brace, written by another version): the field and what it holds, or undefined. Status and a second submission read
 * every field; one missing stopped them with an internal error ('Cannot read properties of undefined').
 *
 * @example
 * jobShapeProblem({ ...job, submissions: 'x' }); // 'submissions: expected a list of submissions, found "x"'
 */
function jobShapeProblem(j: ClusterJob): string | undefined {
  const str = (x: unknown) => typeof x === 'string';
  const whole = (x: unknown) => Number.isInteger(x) && (x as number) > 0;
  const list = (x: unknown, item: (y: unknown) => boolean) => Array.isArray(x) && x.every(item);
  const obj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  const part = (p: unknown) =>
    obj(p) && str(p.dir) && (p.hash === undefined || str(p.hash)) && (p.files === undefined || list(p.files, str)) &&
    (p.runRange === undefined || (list(p.runRange, Number.isInteger) && (p.runRange as unknown[]).length === 2));
  const checks: [keyof ClusterJob, (x: unknown) => boolean, string][] = [
    ['command', str, 'the command'],
    ['name', str, 'a name'],
    ['count', whole, 'a number of shards'],
    ['cwd', str, 'a folder'],
    ['shards', (x) => list(x, (y) => obj(y) && whole(y.index) && str(y.what) && list(y.parts, part)), 'a list of shards (index, what, parts)'],
    ['merge', (x) => obj(x) && str(x.what) && list(x.parts, part), 'the merge (what, parts)'],
    ['shardCommand', (x) => list(x, str), 'a list of words'],
    ['mergeCommand', (x) => list(x, str), 'a list of words'],
    ['submissions', (x) => list(x, (y) => obj(y) && str(y.at) && list(y.shards, whole) && (y.arrayJob === undefined || str(y.arrayJob)) && (y.mergeJob === undefined || str(y.mergeJob))), 'a list of submissions'],
  ];
  for (const [key, ok, expected] of checks) {
    const v = (j as unknown as Record<string, unknown>)[key];
    if (!ok(v)) return `${key}: expected ${expected}, found ${v === undefined ? 'nothing' : JSON.stringify(v).slice(0, 60)}`;
  }
  return undefined;
}

/** Write `OUT/cluster/job.json` atomically. */
export function writeClusterJob(out: string, job: ClusterJob): void {
  makeDirs(join(out, CLUSTER_DIR));
  writeFileAtomic(jobFile(out), `${JSON.stringify(job, null, 2)}\n`);
}
