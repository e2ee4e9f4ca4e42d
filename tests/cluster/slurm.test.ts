import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readClusterJob } from '../../src/cluster/clusterJob.ts';
import type { JobStatus } from '../../src/cluster/jobStatus.ts';
import { statusText } from '../../src/cluster/statusText.ts';
import { cli } from '../helpers/cli.ts';
import { type TestSlurm, inCi, stopTestSlurm, testSlurm } from '../helpers/slurm.ts';

/**
 * `--slurm` against a real Slurm: the single-node cluster of .ci/slurm
 * (started by .ci/run in CI; started and stopped here when this is root and
 * Slurm is installed). Skipped with the reason where none can be started,
 * except in CI (CI=true), where that fails.
 */
const slurm = testSlurm();
const skip = 'skip' in slurm ? slurm.skip : undefined;
if (skip && !inCi) console.warn(`tests/cluster/slurm.test.ts skipped: ${skip}; CI=true makes this a failure`);

const FILES = ['trajectories.arrow', 'summary.arrow', 'params.arrow', 'targets.arrow', 'pyramid.arrow'];
const work = mkdtempSync(join(tmpdir(), 'urbsim-slurm-test-'));
const S = (name: string) => join('scenarios', `${name}.yaml`);

/**
 * Poll the job's status until the merge is done or nothing of it is left queued. A queue that could not be read
 * (squeue timing out on a loaded machine) says nothing about what is queued: a running task would look failed.
 */
async function settle(out: string, timeoutMs = 240_000): Promise<JobStatus> {
  const t0 = Date.now();
  for (;;) {
    const job = readClusterJob(out);
    // The merge commits its output by moving the old folder aside and the new one in, then cluster/ across: polled in
    // between, OUT/cluster/job.json is not there for a moment (the run failed 'Cannot read properties of undefined').
    if (job === undefined) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`no ${out}/cluster/job.json for ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    // Read as `urbsim status` reads, never across the merge's swap: read between its renames, the shards' states came
    // from both folders ('failed' ×4 beside a merge 'done', one CI run on 4a04d30).
    const s = statusText(out).status;
    const queued = [...s.shards.map((x) => x.status), s.merge].some((t) => t.state === 'pending' || t.state === 'running');
    if (s.merge.state === 'done' || (!queued && !s.queueUnavailable)) return s;
    if (Date.now() - t0 > timeoutMs) throw new Error(`job in ${out} not settled after ${timeoutMs / 1000} s:\n${await described(out)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** What `urbsim status` says of the job and every log of its tasks: the message of a failed expectation. */
async function described(out: string): Promise<string> {
  const logs = join(out, 'cluster', 'logs');
  const texts = existsSync(logs) ? readdirSync(logs).map((f) => `--- ${f}\n${readFileSync(join(logs, f), 'utf8').slice(-2000)}`) : ['(no logs)'];
  return [(await cli(['status', out])).out, ...texts].join('\n');
}

const jobId = (printed: string): string => /submitted job (\d+)/.exec(printed)![1];

function sameBytes(a: string, b: string, files: readonly string[]): void {
  for (const f of files) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), `${f} differs between ${a} and ${b}`).toBe(true);
}

describe.skipIf(skip !== undefined && !inCi)('job arrays on a real Slurm', () => {
  let env: TestSlurm;
  beforeAll(() => {
    if ('skip' in slurm) throw new Error(`CI=true but no Slurm: ${slurm.skip}`);
    env = slurm;
    process.env.SLURM_CONF = env.conf;
  });
  afterAll(() => {
    if (env) stopTestSlurm(env);
  });

  it('a 4-task array of one scenario, merged, is byte for byte a local run', async () => {
    const out = join(work, 'array');
    const r = await cli(['run', S('dalian'), '--runs', '400', '--slurm', '--array-size', '4', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/submitted job \d+: 4 shards as array 1-4/);
    expect(r.out).toMatch(/submitted job \d+: merge into .* after job \d+ succeeds/);
    const s = await settle(out);
    expect(s.shards.map((x) => x.status.state), await described(out)).toEqual(['done', 'done', 'done', 'done']);
    expect(s.merge.state, await described(out)).toBe('done');
    const local = join(work, 'array-local');
    expect((await cli(['run', S('dalian'), '--runs', '400', '--out', local])).code).toBe(0);
    sameBytes(out, local, FILES);
    const st = await cli(['status', out]);
    expect(st.out).toContain('complete: merged into');
    // Submitting again finds the merged result valid and submits nothing.
    const again = await cli(['run', S('dalian'), '--runs', '400', '--slurm', '--array-size', '4', '--out', out]);
    expect(again.out).toContain('up to date, nothing to submit');
    expect(readClusterJob(out)!.submissions).toHaveLength(1);
  }, 300_000);

  it('a task cancelled with scancel shows as failed; submitting again re-runs that shard alone, to the same bytes', async () => {
    const out = join(work, 'cancel');
    const args = ['run', S('dalian'), '--runs', '400', '--seed', '7', '--slurm', '--array-size', '4', '--out', out];
    // Shard 2 is held, running, before its node starts until it is cancelled: caught RUNNING by polling the queue, a
    // shard of 100 runs once finished between two polls on a loaded machine and scancel found it done. Its node is a
    // script that waits while `hold` exists (URBSIM_NODE, which the job gets from the submitting environment).
    const hold = join(work, 'hold-shard-2');
    const holding = join(work, 'node-holding-shard-2');
    writeFileSync(hold, '');
    writeFileSync(holding, `#!/bin/bash\nif [ "\${SLURM_ARRAY_TASK_ID:-}" = 2 ]; then while [ -e '${hold}' ]; do sleep 0.2; done; fi\nexec '${process.execPath}' "$@"\n`, { mode: 0o755 });
    const given = process.env.URBSIM_NODE;
    process.env.URBSIM_NODE = holding;
    let queue = '';
    try {
      const first = await cli(args);
      expect(first.code, first.err).toBe(0);
      const array = jobId(first.out);
      // It cannot finish before the cancel, however long the queue takes to show it running.
      const deadline = Date.now() + 200_000;
      while (!queue.includes(`${array}_2 RUNNING`)) {
        if (Date.now() > deadline) throw new Error(`shard 2 not running 200 s after it was submitted; the queue:\n${queue}\n${await described(out)}`);
        await new Promise((r) => setTimeout(r, 200));
        queue = spawnSync('squeue', ['-h', '-r', '-j', array, '-o', '%i %T'], { encoding: 'utf8' }).stdout ?? '';
      }
      const cancel = spawnSync('scancel', [`${array}_2`], { encoding: 'utf8' });
      expect(cancel.status, `scancel ${array}_2: ${cancel.stderr}; the queue before it:\n${queue}`).toBe(0);
    } finally {
      // the shard submitted again runs node itself
      if (given === undefined) delete process.env.URBSIM_NODE;
      else process.env.URBSIM_NODE = given;
      rmSync(hold, { force: true });
    }
    const s = await settle(out);
    expect(s.shards.map((x) => x.status.state), `the queue when shard 2 was cancelled:\n${queue}\n${await described(out)}`).toEqual(['done', 'failed', 'done', 'done']);
    expect(s.merge.state).toBe('failed'); // killed: the shard it waited for will never succeed
    const st = await cli(['status', out]);
    expect(st.out).toMatch(/2\/4 +runs 100–199 +failed \(job \d+_2\): cancelled/);
    expect(st.out).toContain('3 of 4 shards done, 1 failed or missing: submit the same command again to re-run only those');

    const before = [1, 3, 4].map((k) => statSync(join(out, `cluster/shards/${k}-of-4/meta.json`)).mtimeMs);
    const again = await cli(args);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain('shards 1, 3-4 of 4 done; submitting 2');
    expect(again.out).toMatch(/submitted job \d+: shard 2 of 4 as array 2/);
    const s2 = await settle(out);
    expect(s2.merge.state, await described(out)).toBe('done');
    expect([1, 3, 4].map((k) => statSync(join(out, `cluster/shards/${k}-of-4/meta.json`)).mtimeMs)).toEqual(before); // not run again
    const local = join(work, 'cancel-local');
    expect((await cli(['run', S('dalian'), '--runs', '400', '--seed', '7', '--out', local])).code).toBe(0);
    sameBytes(out, local, FILES);
  }, 300_000);

  it('a batch of three scenarios in two tasks, then the report, as a local batch writes them', async () => {
    const out = join(work, 'batch');
    const files = [S('dalian'), S('qingdao'), S('dongguan')];
    const r = await cli(['batch', ...files, '--runs', '100', '--slurm', '--array-size', '2', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/submitted job \d+: 2 shards as array 1-2/);
    const s = await settle(out);
    expect(s.merge.state, await described(out)).toBe('done');
    const local = join(work, 'batch-local');
    expect((await cli(['batch', ...files, '--runs', '100', '--out', local])).code).toBe(0);
    sameBytes(out, local, ['targets.arrow', 'reachability.md', ...['dalian', 'qingdao', 'dongguan'].flatMap((n) => ['trajectories.arrow', 'summary.arrow', 'params.arrow', 'targets.arrow'].map((f) => join(n, f)))]);
  }, 300_000);
});
