import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../inputError.ts';
import { swapUnderWay } from '../io/outputFolder.ts';
import { fileKind } from '../io/regularFile.ts';
import { readClusterJob } from './clusterJob.ts';
import { type JobStatus, type TaskStatus, jobStatus } from './jobStatus.ts';
import type { QueueReader } from './slurmCommands.ts';

/**
 * `urbsim status OUT`: the job submitted for OUT, shard by shard (done,
 * pending, running, failed with the reason and the last line of its log,
 * missing) and the merge, and what to do next.
 *
 * @example
 * statusText('out/dalian'); // 'out/dalian: urbsim run of dalian in 4 shards …'
 */
export function statusText(outDir: string, queue?: QueueReader): { text: string; status: JobStatus } {
  return steadily(outDir, () => statusOnce(outDir, queue));
}

/**
 * `read()` of OUT, not across a merge's commit: the merge swaps its new folder in for OUT (two renames) and then moves
 * cluster/ across from the folder replaced (swapUnderWay), so that for a moment OUT is missing, then has no
 * cluster/job.json — status said 'does not exist' or 'has no cluster job' — and its shards and merge read half from
 * each. Read while no swap is under way, and again if one began or a whole one passed meanwhile (OUT is another
 * folder then: its inode changed). A swap still under way after `waitMs` (a merge killed inside it, put right by the
 * next writer of OUT) is read as it is.
 */
function steadily<T>(outDir: string, read: () => T, waitMs = 5000): T {
  const t0 = Date.now();
  const inode = () => {
    try {
      return statSync(outDir).ino;
    } catch {
      return undefined;
    }
  };
  for (;;) {
    const late = Date.now() - t0 > waitMs;
    if (late || !swapUnderWay(outDir)) {
      const before = inode();
      let result: { value: T } | { error: unknown };
      try {
        result = { value: read() };
      } catch (error) {
        result = { error };
      }
      if (late || (!swapUnderWay(outDir) && inode() === before)) {
        if ('error' in result) throw result.error;
        return result.value;
      }
    }
    Atomics.wait(PAUSE, 0, 0, 20);
  }
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

function statusOnce(outDir: string, queue?: QueueReader): { text: string; status: JobStatus } {
  if (!existsSync(outDir)) throw new InputError(`${outDir} does not exist: give the --out folder a job was submitted for with --slurm`);
  // A file given (its scenario, a log): said as such, not as a folder without a job.
  if (!statSync(outDir).isDirectory()) throw new InputError(`${outDir} is ${fileKind(statSync(outDir))}: give the --out folder a job was submitted for with --slurm`);
  const job = readClusterJob(outDir);
  if (!job) throw new InputError(`${outDir} has no cluster job (no ${join(outDir, 'cluster', 'job.json')}): submit one with --slurm (urbsim run, batch, calibrate …)`);
  const s = jobStatus(outDir, job, queue);
  const last = job.submissions.at(-1);
  const head = `${outDir}: urbsim ${job.command} of ${job.name} in ${job.count} shard${job.count > 1 ? 's' : ''}` +
    (last ? `; submitted ${job.submissions.length === 1 ? 'once' : `${job.submissions.length} times`}, last at ${last.at.slice(0, 19).replace('T', ' ')} UTC (jobs ${[last.arrayJob, last.mergeJob].filter(Boolean).join(', ')})` : '');
  const rows = [['shard', 'what', 'state'], ...s.shards.map((x) => [`${x.shard.index}/${job.count}`, x.shard.what, stateText(x.status)]), ['merge', job.merge.what, stateText(s.merge)]];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  const table = rows.map((r) => `${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2]}`.trimEnd());
  const count = (st: TaskStatus['state']) => s.shards.filter((x) => x.status.state === st).length;
  const done = count('done');
  const again = count('failed') + count('missing');
  const next =
    s.merge.state === 'done' ? `complete: merged into ${outDir}/` :
    again ? `${done} of ${job.count} shards done, ${again} failed or missing: submit the same command again to re-run only those` :
    `${done} of ${job.count} shards done${count('running') ? `, ${count('running')} running` : ''}${count('pending') ? `, ${count('pending')} pending` : ''}` +
      (s.merge.state === 'pending' || s.merge.state === 'running' ? '; the merge follows' : '; submit the same command again to merge');
  const note = s.queueUnavailable ? [`note: the Slurm queue could not be read (${s.queueUnavailable}): running and pending tasks show as missing or failed`] : [];
  return { text: `${[head, '', ...table, '', next, ...note].join('\n')}\n`, status: s };
}

function stateText(t: TaskStatus): string {
  switch (t.state) {
    case 'done': return 'done';
    case 'pending': return `pending (job ${t.task}, ${t.detail})`;
    case 'running': return `running (job ${t.task}, ${t.detail})`;
    case 'failed': return `failed${t.task ? ` (job ${t.task})` : ''}: ${t.why}`;
    case 'missing': return `missing: ${t.why}`;
  }
}
