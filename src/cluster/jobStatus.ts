import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER_DIR, type ClusterJob, type PartSpec, type ShardSpec } from './clusterJob.ts';
import { partProblem, partWritten } from './partState.ts';
import { type QueueReader, type QueuedTask, squeue } from './slurmCommands.ts';
import { readRegularFile } from '../io/regularFile.ts';

/** Where a shard or the merge stands. */
export type TaskStatus =
  | { readonly state: 'done' }
  | { readonly state: 'pending' | 'running'; readonly task: string; readonly detail: string }
  | { readonly state: 'failed'; readonly task?: string; readonly why: string }
  | { readonly state: 'missing'; readonly why: string };

export interface JobStatus {
  readonly job: ClusterJob;
  readonly shards: readonly { readonly shard: ShardSpec; readonly status: TaskStatus }[];
  readonly merge: TaskStatus;
  /** Why the queue could not be read (then queued tasks look missing or failed). */
  readonly queueUnavailable?: string;
}

const PENDING = new Set(['PENDING', 'CONFIGURING', 'REQUEUED', 'REQUEUE_FED', 'REQUEUE_HOLD', 'RESIZING']);
const RUNNING = new Set(['RUNNING', 'COMPLETING', 'SIGNALING', 'STAGE_OUT', 'SUSPENDED', 'STOPPED']);

export const shardLog = (k: number): string => join(CLUSTER_DIR, 'logs', `shard-${k}.log`);
export const MERGE_LOG = join(CLUSTER_DIR, 'logs', 'merge.log');

/**
 * Which shards of the job in `out` are done (their folders complete and of
 * the scenario submitted), pending or running (squeue), failed (the task
 * ended without a valid folder: cancelled, timed out, an error — with the
 * last line of its log) or missing (never submitted, or written for another
 * scenario); and the same for the merge.
 *
 * @example
 * const s = jobStatus('out/dalian', readClusterJob('out/dalian')!);
 * s.shards.filter((x) => x.status.state !== 'done').map((x) => x.shard.index); // [3]
 */
export function jobStatus(out: string, job: ClusterJob, queue: QueueReader = squeue): JobStatus {
  const ids = [...new Set(job.submissions.flatMap((s) => [s.arrayJob, s.mergeJob].filter((x): x is string => !!x)))];
  const q = queue(ids);
  const tasks = 'tasks' in q ? q.tasks : new Map<string, QueuedTask>();
  const find = (id: string | undefined, name: string): QueuedTask | undefined => {
    const t = id === undefined ? undefined : tasks.get(id);
    return t && t.name === name ? t : undefined; // an id a restarted Slurm gave to someone else's job is not ours
  };
  const shards = job.shards.map((shard) => {
    const sub = [...job.submissions].reverse().find((s) => s.arrayJob && s.shards.includes(shard.index));
    const id = sub && `${sub.arrayJob}_${shard.index}`;
    return { shard, status: taskStatus(out, shard.parts, 0, id, find(id, `urbsim-${job.name}`), shardLog(shard.index)) };
  });
  const mergeSub = [...job.submissions].reverse().find((s) => s.mergeJob);
  const mergeId = mergeSub?.mergeJob;
  // A merge is made from the shards, and a merge job submitted is to remake it: older than either, it is stale.
  const notBefore = Math.max(0, mergeSub ? Date.parse(mergeSub.at) : 0, ...job.shards.flatMap((s) => s.parts.map((p) => partWritten(out, p))));
  const merge = taskStatus(out, job.merge.parts, notBefore, mergeId, find(mergeId, `urbsim-${job.name}-merge`), MERGE_LOG);
  return { job, shards, merge, ...('unavailable' in q && { queueUnavailable: q.unavailable }) };
}

function taskStatus(out: string, parts: readonly PartSpec[], notBefore: number, id: string | undefined, t: QueuedTask | undefined, log: string): TaskStatus {
  const problem = parts.map((p) => partProblem(out, p, notBefore)).find((x) => x !== undefined);
  if (!problem) return { state: 'done' };
  if (t && PENDING.has(t.state)) return { state: 'pending', task: t.id, detail: t.reason === 'None' ? 'queued' : `waits: ${t.reason}` };
  if (t && RUNNING.has(t.state)) return { state: 'running', task: t.id, detail: `${t.state === 'RUNNING' ? '' : `${t.state.toLowerCase()}, `}on ${t.node}, ${t.elapsed}` };
  const last = lastLine(join(out, log));
  const said = last ? `; log ${log}: ${last}` : '';
  const reason = t && t.reason !== 'None' && t.reason ? ` (${t.reason})` : '';
  if (t) return { state: 'failed', task: t.id, why: t.state === 'COMPLETED' ? `ended, but ${problem}${said}` : `${t.state.toLowerCase()}${reason}${said}` };
  if (id && last) return { state: 'failed', task: id, why: `ended without finishing (${problem})${said}` };
  return { state: 'missing', why: problem };
}

/** The last non-empty line of a log, at most 200 characters; undefined without one. */
function lastLine(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const line = readRegularFile(file, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean).at(-1);
  return line && (line.length > 200 ? `${line.slice(0, 200)}…` : line);
}
