import { spawnSync } from 'node:child_process';
import { InputError } from '../inputError.ts';

/** A job or array task as squeue lists it (`-r`: one line per array task, `1042_3`). */
export interface QueuedTask {
  readonly id: string;
  /** PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, … */
  readonly state: string;
  readonly name: string;
  readonly node: string;
  readonly elapsed: string;
  /** Why it waits (Dependency, Resources, …) or None. */
  readonly reason: string;
}

/** The queue as a function of job ids: the tasks squeue knows, or why it could not be asked. */
export type QueueReader = (jobIds: readonly string[]) => { tasks: Map<string, QueuedTask> } | { unavailable: string };

/**
 * Submit a batch script; returns the job id (`sbatch --parsable`). A missing
 * sbatch or a refusal (unknown partition, bad time limit) is an InputError
 * with sbatch's own message.
 *
 * @example
 * sbatch('out/dalian/cluster/array.sbatch'); // '1042'
 */
export function sbatch(script: string, args: readonly string[] = []): string {
  const r = spawnSync('sbatch', ['--parsable', ...args, script], { encoding: 'utf8' });
  if (r.error) {
    if ((r.error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new InputError('sbatch not found: --slurm submits with Slurm\'s sbatch, so run it where Slurm is installed (a login node), or add --dry-run to only write the scripts');
    throw new InputError(`sbatch ${script}: ${r.error.message}`);
  }
  if (r.status !== 0) throw new InputError(`sbatch refused ${script}: ${(r.stderr || r.stdout).trim().replace(/^sbatch: error: /gm, '')}`);
  const id = r.stdout.trim().split(';')[0]; // "id" or "id;cluster"
  if (!/^\d+$/.test(id)) throw new InputError(`sbatch ${script} printed "${r.stdout.trim()}", expected a job id`);
  return id;
}

/**
 * Ask squeue about these jobs, finished ones included while Slurm still
 * remembers them (`MinJobAge`, 5 minutes by default).
 *
 * @example
 * const q = squeue(['1042', '1043']);
 * if ('tasks' in q) q.tasks.get('1042_3')?.state; // 'RUNNING'
 */
export const squeue: QueueReader = (jobIds) => {
  if (jobIds.length === 0) return { tasks: new Map() };
  const r = spawnSync('squeue', ['-h', '-r', '-t', 'all', '-j', jobIds.join(','), '-o', '%i|%T|%j|%N|%M|%r'], { encoding: 'utf8' });
  if (r.error) return { unavailable: (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'squeue not found' : r.error.message };
  // Jobs Slurm has forgotten make squeue fail when none of the ids is known: nothing queued then.
  if (r.status !== 0) return /Invalid job id/i.test(r.stderr) ? { tasks: new Map() } : { unavailable: `squeue failed: ${r.stderr.trim()}` };
  const tasks = new Map<string, QueuedTask>();
  for (const line of r.stdout.split('\n')) {
    const [id, state, name, node, elapsed, reason] = line.split('|');
    if (id && state) tasks.set(id, { id, state, name, node, elapsed, reason });
  }
  return { tasks };
};

/** Cancel a job of ours (a merge whose shards will never all succeed); quiet when it has already ended. */
export function scancel(jobId: string): void {
  spawnSync('scancel', [jobId], { encoding: 'utf8' });
}
