import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
  if (answers()) return { conf, started: false };
  if (!['slurmctld', 'slurmd', 'sbatch', 'munged'].every(onPath)) return { skip: 'Slurm is not installed here (bash .ci/slurm install: Debian packages slurm-wlm and munge)' };
  if (process.getuid?.() !== 0) return { skip: 'no Slurm running, and only root can start one (sudo bash .ci/slurm start)' };
  const r = spawnSync('bash', [script, 'start'], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0 || !answers()) return { skip: `bash .ci/slurm start failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}` };
  return { conf, started: true };
}

/** Stop the daemons, if these tests started them. */
export function stopTestSlurm(s: TestSlurm): void {
  if (s.started) spawnSync('bash', [script, 'stop'], { encoding: 'utf8', timeout: 30_000 });
}

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(':').concat('/usr/sbin', '/sbin').some((p) => existsSync(join(p, cmd)));
}
