import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arraySpec, sbatchScript } from '../../src/cluster/sbatchScript.ts';

describe('sbatch scripts', () => {
  it('array lists: consecutive shard numbers as ranges', () => {
    expect(arraySpec([1, 2, 3, 4])).toBe('1-4');
    expect(arraySpec([5, 1, 2, 3, 7, 8])).toBe('1-3,5,7-8');
    expect(arraySpec([2])).toBe('2');
  });

  it('run by bash as Slurm would, the task gets its shard number in place of {k} and every other word intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-sbatch-'));
    // A stand-in for node that prints each argument on its own line.
    const node = join(dir, 'fake node');
    writeFileSync(node, '#!/bin/sh\nfor a in "$@"; do echo "[$a]"; done\n');
    chmodSync(node, 0o755);
    const script = sbatchScript({
      jobName: 'urbsim-x', cwd: dir, log: join(dir, 'logs/shard-%a.log'), array: [1, 3], cpus: 2, partition: 'short', time: '1:00:00',
      node, cli: '/opt/urb sim/src/cli/urbsim.mjs',
      args: ['run', "/data/it's here.yaml", '--shard', '{k}/4', '--out', '/out/$HOME/{k}-of-4'], comment: 'test',
    });
    expect(script).toContain('#SBATCH --array=1,3\n');
    expect(script).toContain('#SBATCH --cpus-per-task=2\n#SBATCH --output=');
    expect(script).toContain('#SBATCH --partition=short\n#SBATCH --time=1:00:00\n');
    const r = spawnSync('bash', ['-c', script], { env: { PATH: process.env.PATH, SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_JOB_ID: '77' }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('['))).toEqual([
      '[/opt/urb sim/src/cli/urbsim.mjs]', '[run]', "[/data/it's here.yaml]", '[--shard]', '[3/4]', '[--out]', '[/out/$HOME/3-of-4]',
    ]);
    expect(r.stdout).toMatch(/^urbsim: shard 3, job 77_3 on /);
  });

  it('URBSIM_NODE replaces the node of the submitting machine', () => {
    const script = sbatchScript({ jobName: 'j', cwd: '/', log: '/l', cpus: 1, node: '/nonexistent/node', cli: 'cli.mjs', args: ['status', 'x'], comment: 'c' });
    const r = spawnSync('bash', ['-c', script], { env: { PATH: process.env.PATH, URBSIM_NODE: 'echo', SLURM_JOB_ID: '5' }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('cli.mjs status x');
  });
});
