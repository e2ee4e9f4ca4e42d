import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ClusterJob, readClusterJob } from '../../src/cluster/clusterJob.ts';
import { jobStatus } from '../../src/cluster/jobStatus.ts';
import { partProblem } from '../../src/cluster/partState.ts';
import { calibrateOnSlurm } from '../../src/cluster/calibrateOnSlurm.ts';
import { runOnSlurm } from '../../src/cluster/runOnSlurm.ts';
import { sensitivityOnSlurm } from '../../src/cluster/sensitivityOnCluster.ts';
import type { QueuedTask } from '../../src/cluster/slurmCommands.ts';
import { statusText } from '../../src/cluster/statusText.ts';
import type { Scheduler } from '../../src/cluster/submitJob.ts';
import { InputError } from '../../src/inputError.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import { withMonteCarlo } from '../../src/scenario/withMonteCarlo.ts';
import { cli } from '../helpers/cli.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

/**
 * Submission and resubmission decided from the shard folders and the queue,
 * without a Slurm: the queue, sbatch and scancel are a record the test keeps.
 * The shard folders are written by the very commands the job's tasks run
 * (job.json's shardCommand with the shard number put in).
 */
const dir = writeScenarios({ 's.yaml': `${MINIMAL}name: s\nparameters: { migrant_settle_rate: { dist: uniform, min: 2%, max: 8% } }\nmonte_carlo: { runs: 20, seed: 3 }\n` });
const file = join(dir, 's.yaml');

function fakeSlurm() {
  let next = 100;
  const submitted: { script: string; args: readonly string[]; id: string; text: string }[] = [];
  const queue = new Map<string, QueuedTask>();
  const cancelled: string[] = [];
  const scheduler: Scheduler = {
    queue: (ids) => ({ tasks: new Map([...queue].filter(([id]) => ids.includes(id.split('_')[0]))) }),
    submit: (script, args) => {
      const id = `${next++}`;
      submitted.push({ script, args, id, text: readFileSync(script, 'utf8') });
      return id;
    },
    cancel: (id) => void cancelled.push(id),
  };
  const set = (id: string, state: string, name = 'urbsim-s', reason = 'None') => queue.set(id, { id, state, name, node: 'n1', elapsed: '0:05', reason });
  return { submitted, queue, cancelled, scheduler, set };
}

const submit = (out: string, slurm: ReturnType<typeof fakeSlurm>, o: { runs?: number; seed?: number; arraySize?: number; dryRun?: boolean } = {}) =>
  runOnSlurm(file, withMonteCarlo(loadScenario(file), { runs: o.runs, seed: o.seed }), out, 1, { arraySize: o.arraySize ?? 4, dryRun: !!o.dryRun }, slurm.scheduler);

/** Run what array task k (or the merge) of the job runs. */
async function runTask(job: ClusterJob, k: number | 'merge'): Promise<void> {
  const args = k === 'merge' ? job.mergeCommand : job.shardCommand.map((w) => w.replaceAll('{k}', `${k}`));
  const r = await cli([...args]);
  expect(r.code, r.err).toBe(0);
}

describe('submitting, then submitting again', () => {
  const out = mkdtempSync(join(tmpdir(), 'urbsim-submit-'));
  const slurm = fakeSlurm();

  it('first: all shards as one array, the merge after it (killed if a shard fails)', () => {
    const r = submit(out, slurm);
    expect(slurm.submitted.map((s) => [s.script.split('/').at(-1), s.args])).toEqual([
      ['array.sbatch', []],
      ['merge.sbatch', ['--dependency=afterok:100', '--kill-on-invalid-dep=yes']],
    ]);
    expect(slurm.submitted[0].text).toContain('#SBATCH --array=1-4\n');
    expect(slurm.submitted[0].text).toContain('#SBATCH --job-name=urbsim-s\n');
    expect(slurm.submitted[1].text).toContain('#SBATCH --job-name=urbsim-s-merge\n');
    expect(r.text).toContain('submitted job 100: 4 shards as array 1-4');
    expect(r.text).toContain('submitted job 101: merge into');
    expect(readClusterJob(out)!.submissions.map((s) => [s.arrayJob, s.mergeJob, s.shards])).toEqual([['100', '101', [1, 2, 3, 4]]]);
  });

  it('status: done, failed (with the last line of its log), running, and the merge waiting', async () => {
    const job = readClusterJob(out)!;
    await runTask(job, 1);
    await runTask(job, 3);
    slurm.set('100_1', 'COMPLETED');
    slurm.set('100_2', 'FAILED');
    slurm.set('100_3', 'COMPLETED');
    slurm.set('100_4', 'RUNNING');
    slurm.set('101', 'PENDING', 'urbsim-s-merge', 'Dependency');
    writeFileSync(join(out, 'cluster/logs/shard-2.log'), 'urbsim: shard 2, job 100_2\nurbsim: internal error: out of memory\n\n');
    const { text, status } = statusText(out, slurm.scheduler.queue);
    expect(status.shards.map((s) => s.status.state)).toEqual(['done', 'failed', 'done', 'running']);
    // 20 runs in 4: runs 0–4, 5–9, 10–14, 15–19 (⌊(k−1)·20/4⌋ …).
    expect(text).toMatch(/2\/4 +runs 5–9 +failed \(job 100_2\): failed; log cluster\/logs\/shard-2.log: urbsim: internal error: out of memory/);
    expect(text).toMatch(/4\/4 +runs 15–19 +running \(job 100_4, on n1, 0:05\)/);
    expect(text).toMatch(/merge +merge into .* +pending \(job 101, waits: Dependency\)/);
    expect(text).toContain('2 of 4 shards done, 1 failed or missing: submit the same command again to re-run only those');
  });

  it('again: only the failed shard; the new merge also waits for the one still running, and replaces the old merge', () => {
    const r = submit(out, slurm);
    expect(slurm.submitted.slice(2).map((s) => [s.id, s.script.split('/').at(-1), s.args])).toEqual([
      ['102', 'array.sbatch', []],
      ['103', 'merge.sbatch', ['--dependency=afterok:102:100_4', '--kill-on-invalid-dep=yes']],
    ]);
    expect(slurm.submitted[2].text).toContain('#SBATCH --array=2\n');
    expect(slurm.cancelled).toEqual(['101']);
    expect(r.text).toContain('s: shards 1, 3 of 4 done; submitting 2');
    expect(r.text).toContain('submitted job 103: merge into');
    expect(r.text).toMatch(/after jobs 102, 100_4 succeed/);
  });

  it('nothing to submit while the merge waits; the merge alone once the shards are done and it is gone', async () => {
    const job = readClusterJob(out)!;
    await runTask(job, 2);
    await runTask(job, 4);
    slurm.queue.clear();
    slurm.set('103', 'PENDING', 'urbsim-s-merge', 'Dependency');
    const n = slurm.submitted.length;
    expect(submit(out, slurm).text).toMatch(/nothing to submit: merge job 103 waiting/);
    expect(slurm.submitted).toHaveLength(n);
    slurm.queue.clear(); // the merge was cancelled, and Slurm has forgotten it
    const r = submit(out, slurm);
    expect(slurm.submitted.slice(n).map((s) => [s.script.split('/').at(-1), s.args])).toEqual([['merge.sbatch', []]]);
    expect(r.text).toContain('s: shards 1-4 of 4 done');
  });

  it('up to date once merged: nothing submitted, status complete; the merge is a local run byte for byte', async () => {
    await runTask(readClusterJob(out)!, 'merge');
    const n = slurm.submitted.length;
    expect(submit(out, slurm).text).toContain('s: up to date, nothing to submit');
    expect(slurm.submitted).toHaveLength(n);
    expect(statusText(out, slurm.scheduler.queue).text).toContain('complete: merged into');
    const local = `${out}-local`;
    expect((await cli(['run', file, '--out', local])).code).toBe(0);
    for (const f of ['trajectories.arrow', 'summary.arrow', 'params.arrow', 'targets.arrow', 'pyramid.arrow'])
      expect(readFileSync(join(out, f)).equals(readFileSync(join(local, f))), f).toBe(true);
  });

  it('another seed makes every shard invalid (written for another scenario): all run again', () => {
    const s = jobStatus(out, readClusterJob(out)!, slurm.scheduler.queue);
    expect(s.merge.state).toBe('done');
    const n = slurm.submitted.length;
    submit(out, slurm, { seed: 4 });
    expect(slurm.submitted[n].text).toContain('#SBATCH --array=1-4\n');
    expect(slurm.submitted[n].text).toContain('--seed 4');
    const again = jobStatus(out, readClusterJob(out)!, () => ({ tasks: new Map() }));
    expect(again.shards[0].status).toEqual({ state: 'missing', why: expect.stringMatching(/^written for another scenario \(hash \w{12}, now \w{12}\): the scenario or its options changed since$/) });
  });

  it('a different --array-size while shards are still queued is refused', () => {
    const last = readClusterJob(out)!.submissions.at(-1)!;
    slurm.set(`${last.arrayJob}_1`, 'RUNNING');
    expect(() => submit(out, slurm, { seed: 4, arraySize: 2 })).toThrow(/still queued or running \(\d+_1\), cut another way/);
  });
});

describe('--dry-run', () => {
  it('writes the scripts and says how to submit them; submits nothing, records no job; the task script runs its shard', () => {
    const out = mkdtempSync(join(tmpdir(), 'urbsim-dry-'));
    const slurm = fakeSlurm();
    const r = submit(out, slurm, { dryRun: true });
    expect(slurm.submitted).toHaveLength(0);
    expect(existsSync(join(out, 'cluster/job.json'))).toBe(false);
    expect(r.text).toContain('dry run, nothing submitted');
    expect(r.text).toMatch(/sbatch --dependency=afterok:<array job id> --kill-on-invalid-dep=yes .*merge.sbatch/);
    // What one array task does, run by bash with the variables Slurm sets: shard 2 of 4 is written and valid.
    mkdirSync(join(out, 'cluster/logs'), { recursive: true });
    const t = spawnSync('bash', [join(out, 'cluster/array.sbatch')], { env: { ...process.env, SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_JOB_ID: '9' }, encoding: 'utf8', cwd: tmpdir() });
    expect(t.status, t.stderr).toBe(0);
    const hash = JSON.parse(readFileSync(join(out, 'cluster/shards/2-of-4/meta.json'), 'utf8')).hash;
    expect(partProblem(out, { dir: 'cluster/shards/2-of-4', hash, runRange: [5, 10] })).toBeUndefined();
  });
});

describe('--slurm on the command line: bad options are exit 2 before anything is written', () => {
  it.each([
    [['--array-size', '4'], '--array-size: only with --slurm'],
    [['--slurm', '--shard', '1/2'], '--shard with --slurm: --slurm cuts the runs into shards itself'],
    [['--slurm', '--array-size', '30'], '--array-size 30: more shards than runs (20)'],
    [['--slurm', '--array-size', '0'], '--array-size: expected a whole number of shards from 1 to 100000, found "0"'],
    [['--slurm', '--time', '1h'], '--time: expected a Slurm time limit'],
    [['--slurm', '--partition', 'a b'], '--partition: expected a Slurm partition name'],
  ])('run %j', async (args, message) => {
    const out = join(mkdtempSync(join(tmpdir(), 'urbsim-bad-')), 'out');
    const r = await cli(['run', file, ...args, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(existsSync(out)).toBe(false);
  });

  it('no sbatch on this machine: says so, and how to only write the scripts', async () => {
    const path = process.env.PATH;
    process.env.PATH = mkdtempSync(join(tmpdir(), 'urbsim-empty-path-'));
    try {
      const r = await cli(['run', file, '--slurm', '--array-size', '2', '--out', join(dir, 'no-sbatch', 'out')]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('sbatch not found: --slurm submits with Slurm\'s sbatch');
      expect(r.err).toContain('--dry-run');
      // nothing submitted, so nothing left: not the scripts, not the folders made for them
      expect(existsSync(join(dir, 'no-sbatch'))).toBe(false);
    } finally {
      process.env.PATH = path;
    }
  });

  it('sbatch refusing the first script leaves an existing --out folder as it was, without the scripts', () => {
    const out = mkdtempSync(join(tmpdir(), 'urbsim-refused-'));
    writeFileSync(join(out, 'mine.txt'), 'a file of the user\n');
    const refuse: Scheduler = {
      queue: () => ({ tasks: new Map() }),
      submit: () => {
        throw new InputError('sbatch refused array.sbatch: invalid partition specified: nope');
      },
    };
    expect(() => runOnSlurm(file, withMonteCarlo(loadScenario(file), {}), out, 1, { arraySize: 2, dryRun: false }, refuse)).toThrow(/invalid partition/);
    expect(readdirSync(out)).toEqual(['mine.txt']);
  });

  it('status of a folder without a job', async () => {
    const r = await cli(['status', dir]);
    expect(r.code).toBe(2);
    // The job file named under the folder as given: relative to the working directory, /tmp/x read ../../tmp/x/cluster/job.json.
    expect(r.err).toBe(`urbsim: ${dir} has no cluster job (no ${join(dir, 'cluster', 'job.json')}): submit one with --slurm (urbsim run, batch, calibrate …)\n`);
    // a folder that is not there (a typo in its name) is said to be missing, not to hold no job
    const gone = await cli(['status', join(dir, 'no-such-folder')]);
    expect(gone.code).toBe(2);
    expect(gone.err).toBe(`urbsim: ${join(dir, 'no-such-folder')} does not exist: give the --out folder a job was submitted for with --slurm\n`);
    // nor a file given in its place (the scenario): it said "… has no cluster job (no s.yaml/cluster/job.json)"
    const afile = await cli(['status', file]);
    expect(afile.code).toBe(2);
    expect(afile.err).toBe(`urbsim: ${file} is a file: give the --out folder a job was submitted for with --slurm\n`);
  });

  it('--shard env outside a job array names the variables it looks for', async () => {
    const r = await cli(['run', file, '--shard', 'env', '--out', join(dir, 'never')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--shard env: no shard in the environment: expected SLURM_ARRAY_TASK_ID');
  });
});

describe('batch --shard k/n', () => {
  it('runs the k-th slice of the scenarios and writes no report; the last shard\'s batch without --shard writes it', async () => {
    const d = writeScenarios(Object.fromEntries(['a', 'b', 'c'].map((n) => [`${n}.yaml`, `${MINIMAL}name: ${n}\nmonte_carlo: { runs: 5, seed: 1 }\n`])));
    const out = join(d, 'out');
    const r = await cli(['batch', d, '--shard', '2/2', '--out', out]);
    expect(r.code, r.err).toBe(0);
    // 3 scenarios in 2 shards: ⌊0·3/2⌋–⌊1·3/2⌋ = a; ⌊3/2⌋–3 = b, c.
    expect(['a', 'b', 'c'].map((n) => existsSync(join(out, n, 'meta.json')))).toEqual([false, true, true]);
    expect(existsSync(join(out, 'reachability.md'))).toBe(false);
    expect(r.out).toContain('shard 2/2 of a batch of 3 scenarios: 2 run, 0 skipped');
    const all = await cli(['batch', d, '--out', out]);
    expect(all.out).toContain('batch of 3 scenarios: 1 run, 2 skipped');
    expect(existsSync(join(out, 'reachability.md'))).toBe(true);
  });
});

describe('backtest --slurm', () => {
  it('the tasks run shards of the runs; the fit from them (--runs-from) writes what a single machine writes', async () => {
    const out = mkdtempSync(join(tmpdir(), 'urbsim-backtest-'));
    const slurm = fakeSlurm();
    const common = ['scenarios/shijiazhuang-backtest.yaml', '--observed', 'data/observed/observed.csv', '--until', '2014', '--runs', '300', '--accept', '20%'];
    const r = await cli(['backtest', ...common, '--slurm', '--array-size', '3', '--dry-run', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(out, 'cluster/merge.sbatch'), 'utf8')).toMatch(/ backtest \S+shijiazhuang-backtest.yaml --observed \S+observed.csv --until 2014 --accept 20% --runs 300 --seed \d+ --workers 1 --out \S+ --runs-from \S+1-of-3 \S+2-of-3 \S+3-of-3\n/);
    // What the array's tasks and then the merge job run, as job.json would record them.
    const scenario = withMonteCarlo(loadScenario('scenarios/shijiazhuang-backtest.yaml'), { runs: 300 });
    calibrateOnSlurm('backtest', 'scenarios/shijiazhuang-backtest.yaml', scenario, out, 1, { observed: 'data/observed/observed.csv', until: '2014', accept: '20%' }, { dryRun: false, arraySize: 3 }, slurm.scheduler);
    const job = readClusterJob(out)!;
    for (const k of [1, 2, 3]) await runTask(job, k);
    await runTask(job, 'merge');
    expect(jobStatus(out, job, slurm.scheduler.queue).merge.state).toBe('done');
    const local = `${out}-local`;
    expect((await cli(['backtest', ...common, '--out', local])).code).toBe(0);
    for (const f of ['backtest.arrow', 'posterior.arrow', 'calibration.arrow', 'points.arrow'])
      expect(readFileSync(join(out, f)).equals(readFileSync(join(local, f))), f).toBe(true);
    // Another --accept fits the same runs: the fit alone is submitted again, and stays to do until it has run.
    const n = slurm.submitted.length;
    calibrateOnSlurm('backtest', 'scenarios/shijiazhuang-backtest.yaml', scenario, out, 1, { observed: 'data/observed/observed.csv', until: '2014', accept: '10%' }, { dryRun: false, arraySize: 3 }, slurm.scheduler);
    expect(slurm.submitted.slice(n).map((x) => [x.script.split('/').at(-1), x.args])).toEqual([['merge.sbatch', []]]);
    expect(slurm.submitted.at(-1)!.text).toContain('--accept 10%');
    expect(jobStatus(out, readClusterJob(out)!, slurm.scheduler.queue).merge.state).toBe('missing');
  });

  it('--runs-from runs of another seed, or not all of them: exit 2, saying which', async () => {
    const d = mkdtempSync(join(tmpdir(), 'urbsim-runs-from-'));
    const common = ['scenarios/shijiazhuang-backtest.yaml', '--observed', 'data/observed/observed.csv', '--runs', '40'];
    expect((await cli(['run', 'scenarios/shijiazhuang-backtest.yaml', '--runs', '40', '--seed', '5', '--out', join(d, 'seed5')])).code).toBe(0);
    const seed = await cli(['calibrate', ...common, '--runs-from', join(d, 'seed5'), '--out', join(d, 'never')]);
    expect(seed.code).toBe(2);
    expect(seed.err).toMatch(/the runs given are of another scenario than shijiazhuang-2013 as calibrated \(shijiazhuang-2013, seed 5, 40 runs; calibrating seed \d+, 40 runs\)/);
    expect((await cli(['run', 'scenarios/shijiazhuang-backtest.yaml', '--runs', '40', '--shard', '1/2', '--out', join(d, 'half')])).code).toBe(0);
    const half = await cli(['calibrate', ...common, '--runs-from', join(d, 'half'), '--out', join(d, 'never')]);
    expect(half.code).toBe(2);
    expect(half.err).toContain('cannot merge: runs 20–39 are missing (shard 2/2?)');
    expect(existsSync(join(d, 'never'))).toBe(false);
  });
});

describe('sensitivity --slurm', () => {
  it('each task runs a slice of the plain runs and of the design; the analysis of their values is the one-machine result', async () => {
    const out = mkdtempSync(join(tmpdir(), 'urbsim-sens-'));
    const asked = ['scenarios/dalian.yaml', '--metric', 'registered_rate', '--year', '2016', '--runs', '40', '--bootstrap', '50'];
    const slurm = fakeSlurm();
    const r = sensitivityOnSlurm('scenarios/dalian.yaml', loadScenario('scenarios/dalian.yaml'), out, { metric: 'registered_rate', year: 2016, runs: 40, bootstrap: 50, workers: 1 }, { arraySize: 3, dryRun: false }, slurm.scheduler);
    expect(r.text).toContain('3 shards as array 1-3');
    const job = readClusterJob(out)!;
    // Dalian samples 12 inputs (its 7, the default hukou conversion and migrant newborns' stay, and the change of
    // count's year, b and v) and has shocks: (13 + 2) · 40 = 600 design rows, cut in three as runs are.
    expect(job.shards.map((s) => s.what)).toEqual(['runs 0–12, design rows 0–199', 'runs 13–25, design rows 200–399', 'runs 26–39, design rows 400–599']);
    for (const k of [1, 2, 3]) await runTask(job, k);
    await runTask(job, 'merge');
    expect(jobStatus(out, job, slurm.scheduler.queue).merge.state).toBe('done');
    const local = `${out}-local`;
    const l = await cli(['sensitivity', ...asked, '--out', local]);
    expect(l.code, l.err).toBe(0);
    expect(readFileSync(join(out, 'sensitivity.arrow')).equals(readFileSync(join(local, 'sensitivity.arrow')))).toBe(true);
    // Shards left out, or of another year, are refused by name.
    const two = await cli(['sensitivity', ...asked, '--out', `${out}-never`, '--runs-from', join(out, 'cluster/shards/1-of-3'), join(out, 'cluster/shards/3-of-3')]);
    expect(two.code).toBe(2);
    expect(two.err).toContain('cannot join the sensitivity shards: runs 13–25 are missing');
    const other = await cli(['sensitivity', ...asked.map((x) => (x === '2016' ? '2017' : x)), '--out', `${out}-never`, '--runs-from', join(out, 'cluster/shards/1-of-3')]);
    expect(other.code).toBe(2);
    expect(other.err).toContain('holds runs of another analysis');
  });
});
