import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastToLeave } from '../helpers/slurm.ts';

// The one test cluster (/tmp/urbsim-slurm) is shared by test runs in several worktrees at once: the run that started
// it stopped it when its own file ended, under another run's submissions ('Unable to contact slurm controller').
describe('the shared test Slurm is stopped by the last test run to leave', () => {
  const cluster = (users: number[], started: boolean) => {
    const at = mkdtempSync(join(tmpdir(), 'urbsim-slurm-users-'));
    mkdirSync(join(at, 'users'));
    for (const pid of [process.pid, ...users]) writeFileSync(join(at, 'users', String(pid)), '');
    if (started) writeFileSync(join(at, 'started-by-tests'), '1\n');
    return at;
  };
  const dead = spawnSync('true').pid!; // exited: no such process now

  it('not while another live run uses it', () => {
    const at = cluster([process.ppid], true);
    expect(lastToLeave(at)).toBe(false);
    expect(existsSync(join(at, 'users', String(process.pid)))).toBe(false);
    expect(existsSync(join(at, 'started-by-tests'))).toBe(true);
  });

  it('by the last one, runs killed without leaving not counted', () => {
    const at = cluster([dead], true);
    expect(lastToLeave(at)).toBe(true);
    expect(existsSync(join(at, 'started-by-tests'))).toBe(false);
  });

  it('never one the tests did not start (.ci/run, by hand)', () => {
    expect(lastToLeave(cluster([], false))).toBe(false);
  });
});
