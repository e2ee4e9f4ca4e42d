import { decimalWhole } from '../cli/decimalWhole.ts';
import { InputError } from '../inputError.ts';
import type { Shard } from '../montecarlo/runMonteCarlo.ts';

/**
 * The shard a task of a job array runs, from its environment:
 *
 * - Slurm (`sbatch --array=A-B`): shard `SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN + 1` of
 *   `SLURM_ARRAY_TASK_COUNT`, so `--array=0-3` and `--array=1-4` both give shards 1/4 … 4/4. The array must be
 *   a plain range: in `--array=1,3` task 3 would be shard 2 of 2, not what it was meant to run.
 * - Kubernetes Indexed Jobs: shard `JOB_COMPLETION_INDEX + 1` of `URBSIM_SHARD_COUNT` (the Job's `completions`;
 *   Kubernetes gives every pod its index but not the count, so the manifest sets it).
 *
 * Throws {@link InputError} naming the variables when neither is set or they do not make a shard.
 *
 * @example
 * shardFromEnv({ SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '3', SLURM_ARRAY_TASK_COUNT: '4' }); // { index: 3, count: 4 }
 * shardFromEnv({ JOB_COMPLETION_INDEX: '0', URBSIM_SHARD_COUNT: '4' }); // { index: 1, count: 4 }
 */
export function shardFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): Shard {
  if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    const id = whole(env, 'SLURM_ARRAY_TASK_ID');
    const min = whole(env, 'SLURM_ARRAY_TASK_MIN');
    const max = whole(env, 'SLURM_ARRAY_TASK_MAX');
    const count = whole(env, 'SLURM_ARRAY_TASK_COUNT');
    if (max - min + 1 !== count)
      throw new InputError(
        `--shard env: the Slurm array is not a plain range (tasks ${min}–${max}, ${count} of them), so a task's id does not say which shard it is; ` +
          'submit --array=1-N, or give the shard as --shard "$SLURM_ARRAY_TASK_ID/N"',
      );
    return { index: id - min + 1, count };
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    const index = whole(env, 'JOB_COMPLETION_INDEX');
    if (env.URBSIM_SHARD_COUNT === undefined)
      throw new InputError('--shard env: JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job) but URBSIM_SHARD_COUNT is not: set it to the Job\'s completions');
    const count = whole(env, 'URBSIM_SHARD_COUNT');
    if (count < 1 || index >= count) throw new InputError(`--shard env: JOB_COMPLETION_INDEX ${index} is not below URBSIM_SHARD_COUNT ${count}`);
    return { index: index + 1, count };
  }
  throw new InputError(
    '--shard env: no shard in the environment: expected SLURM_ARRAY_TASK_ID (a Slurm job array) or JOB_COMPLETION_INDEX with URBSIM_SHARD_COUNT (a Kubernetes Indexed Job)',
  );
}

function whole(env: Readonly<Record<string, string | undefined>>, name: string): number {
  const raw = env[name];
  const v = raw === undefined ? NaN : decimalWhole(raw);
  if (!(v >= 0)) throw new InputError(`--shard env: ${name} is ${raw === undefined ? 'not set' : `"${raw}"`}, expected a whole number`);
  return v;
}
