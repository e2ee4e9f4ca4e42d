import { describe, expect, it } from 'vitest';
import { shardFromEnv } from '../../src/cluster/shardFromEnv.ts';

const slurm = (id: number, min: number, max: number, count = max - min + 1) => ({
  SLURM_ARRAY_TASK_ID: `${id}`, SLURM_ARRAY_TASK_MIN: `${min}`, SLURM_ARRAY_TASK_MAX: `${max}`, SLURM_ARRAY_TASK_COUNT: `${count}`,
});

describe('the shard of a job-array task, from its environment', () => {
  it('Slurm arrays numbered from 0 or from 1 give shards 1/n … n/n', () => {
    expect([0, 1, 2, 3].map((id) => shardFromEnv(slurm(id, 0, 3)))).toEqual([1, 2, 3, 4].map((index) => ({ index, count: 4 })));
    expect([1, 2, 3, 4].map((id) => shardFromEnv(slurm(id, 1, 4)))).toEqual([1, 2, 3, 4].map((index) => ({ index, count: 4 })));
    expect(shardFromEnv(slurm(17, 10, 19))).toEqual({ index: 8, count: 10 });
  });

  it('a Slurm array with gaps is refused: a task id no longer says which shard it is', () => {
    // --array=1,3: two tasks, ids 1 and 3; id 3 would be shard 3 of 2.
    expect(() => shardFromEnv(slurm(3, 1, 3, 2))).toThrow('the Slurm array is not a plain range (tasks 1–3, 2 of them)');
  });

  it('Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX (from 0) with URBSIM_SHARD_COUNT', () => {
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '0', URBSIM_SHARD_COUNT: '4' })).toEqual({ index: 1, count: 4 });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '3', URBSIM_SHARD_COUNT: '4' })).toEqual({ index: 4, count: 4 });
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '4', URBSIM_SHARD_COUNT: '4' })).toThrow('JOB_COMPLETION_INDEX 4 is not below URBSIM_SHARD_COUNT 4');
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '1' })).toThrow('URBSIM_SHARD_COUNT is not');
  });

  it('Slurm wins when both are set (a Slurm job inside a pod is still a Slurm task)', () => {
    expect(shardFromEnv({ ...slurm(2, 1, 2), JOB_COMPLETION_INDEX: '0', URBSIM_SHARD_COUNT: '5' })).toEqual({ index: 2, count: 2 });
  });

  it('says which variables it needs when none is set, or one is not a whole number', () => {
    expect(() => shardFromEnv({})).toThrow(/expected SLURM_ARRAY_TASK_ID .* or JOB_COMPLETION_INDEX with URBSIM_SHARD_COUNT/);
    expect(() => shardFromEnv({ ...slurm(1, 1, 2), SLURM_ARRAY_TASK_COUNT: 'x' })).toThrow('SLURM_ARRAY_TASK_COUNT is "x", expected a whole number');
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: '1' })).toThrow('SLURM_ARRAY_TASK_MIN is not set');
  });
});
