import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The single-node Slurm of `.ci/slurm` for the cluster tests: the one running
 * already (started by `.ci/run`, or by hand), else one these tests start as
 * root and stop afterwards. Only that cluster is used, never one SLURM_CONF
 * points at: the tests write to this machine's /tmp, which a real cluster's
 * nodes do not share.
 */
export interface TestSlurm {
  /** SLURM_CONF for sbatch, squeue and scancel. */
  readonly conf: string;
  /** Whether these tests started the daemons (and so stop them). */
  readonly started: boolean;
}

const script = resolve(import.meta.dirname, '../../.ci/slurm');
const dir = process.env.URBSIM_SLURM_DIR ?? '/tmp/urbsim-slurm';
export const inCi = ['true', '1'].includes(String(process.env.CI).toLowerCase());

/**
 * A running cluster, or why there can be none here (no Slurm installed, not
 * root, daemons that would not start).
 *
 * @example
 * const s = testSlurm();
 * if ('skip' in s) console.warn(s.skip); else process.env.SLURM_CONF = s.conf;
 */
export function testSlurm(): TestSlurm | { skip: string } {
  const conf = join(dir, 'slurm.conf');
  const answers = () => existsSync(conf) && spawnSync('scontrol', ['ping'], { env: { ...process.env, SLURM_CONF: conf }, encoding: 'utf8' }).stdout?.includes('is UP');
  if (answers()) {
    join_(dir);
    return { conf, started: false };
  }
  if (!['slurmctld', 'slurmd', 'sbatch', 'munged'].every(onPath)) return { skip: 'Slurm is not installed here (bash .ci/slurm install: Debian packages slurm-wlm and munge)' };
  if (process.getuid?.() !== 0) return { skip: 'no Slurm running, and only root can start one (sudo bash .ci/slurm start)' };
  const r = spawnSync('bash', [script, 'start'], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0 || !answers()) return { skip: `bash .ci/slurm start failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}` };
  writeFileSync(join(dir, STARTED), `${process.pid}\n`);
  join_(dir);
  return { conf, started: true };
}

/**
 * Stop the daemons if test runs started them and no other test run still uses them: runs in several worktrees at
 * once share the one cluster, and the run that had started it stopped it under the others ('Unable to contact slurm
 * controller', their submissions refused mid-file). The last run to leave stops it.
 */
export function stopTestSlurm(_s: TestSlurm): void {
  if (lastToLeave(dir)) spawnSync('bash', [script, 'stop'], { encoding: 'utf8', timeout: 30_000 });
}

/** Marks the cluster as started by test runs (not by .ci/run or by hand, which is left running). */
const STARTED = 'started-by-tests';

/** Record this process as a user of the cluster in `at`. */
function join_(at: string): void {
  mkdirSync(join(at, 'users'), { recursive: true });
  writeFileSync(join(at, 'users', String(process.pid)), '');
}

/**
 * Leave the cluster in `at`: whether it is to be stopped now — test runs started it, and no other process that
 * recorded itself as a user is still alive (a run killed without leaving does not keep it up).
 *
 * @example
 * lastToLeave('/tmp/urbsim-slurm'); // false while another worktree's cluster tests run
 */
export function lastToLeave(at: string): boolean {
  rmSync(join(at, 'users', String(process.pid)), { force: true });
  if (!existsSync(join(at, STARTED))) return false;
  const others = existsSync(join(at, 'users')) ? readdirSync(join(at, 'users')).filter((p) => alive(Number(p))) : [];
  if (others.length) return false;
  rmSync(join(at, STARTED), { force: true });
  return true;
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(':').concat('/usr/sbin', '/sbin').some((p) => existsSync(join(p, cmd)));
}
