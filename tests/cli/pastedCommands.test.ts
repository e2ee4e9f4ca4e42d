import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOnSlurm } from '../../src/cluster/runOnSlurm.ts';
import type { Scheduler } from '../../src/cluster/submitJob.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import { withMonteCarlo } from '../../src/scenario/withMonteCarlo.ts';
import { cli } from '../helpers/cli.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

// A command a message tells to run names the user's path as one shell word (quoted where it has a space), to be
// pasted as it is — as init's 'then urbsim validate …' and run's batch note did already.
const dir = writeScenarios({ 'my s.yaml': `${MINIMAL}name: s\nmonte_carlo: { runs: 4, seed: 1 }\n` });
const file = join(dir, 'my s.yaml');

describe('commands suggested in messages quote a path with a space', () => {
  it('report of a scenario file, of a folder holding run folders, a folder inside a run', async () => {
    const r1 = await cli(['report', file]);
    expect(r1.code).toBe(2);
    expect(r1.err).toContain(`(a scenario: urbsim run '${file}' writes its folder`);
    const runs = join(dir, 'my out');
    mkdirSync(runs);
    expect((await cli(['run', file, '--out', join(runs, 'a')])).code).toBe(0);
    const r2 = await cli(['report', runs]);
    expect(r2.code).toBe(2);
    expect(r2.err).toContain(`report one of them (urbsim report '${join(runs, 'a')}')`);
    const r3 = await cli(['run', file, '--out', join(runs, 'a', 'report')]);
    expect(r3.code).toBe(2);
    expect(r3.err).toContain(`'s own report goes: urbsim report '${join(runs, 'a')}')`);
  });

  it('--slurm: follow with urbsim status OUT', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'urbsim-paste-')), 'my job');
    let next = 100;
    const scheduler: Scheduler = { queue: () => ({ tasks: new Map() }), submit: () => `${next++}`, cancel: () => {} };
    const r = runOnSlurm(file, withMonteCarlo(loadScenario(file), {}), out, 1, { arraySize: 2, dryRun: false }, scheduler);
    expect(r.text).toContain(`follow with: urbsim status '${out}'   (`);
    expect(readFileSync(join(out, 'cluster', 'job.json'), 'utf8')).toContain('"arrayJob": "100"');
  });

  it('--slurm --dry-run: the sbatch lines to submit by hand', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'urbsim-paste-')), 'my job');
    const scheduler: Scheduler = { queue: () => ({ tasks: new Map() }), submit: () => '1', cancel: () => {} };
    const r = runOnSlurm(file, withMonteCarlo(loadScenario(file), {}), out, 1, { arraySize: 2, dryRun: true }, scheduler);
    expect(r.text).toContain(`\n  sbatch '${join(out, 'cluster', 'array.sbatch')}'\n`);
    expect(r.text).toContain(`\n  sbatch --dependency=afterok:<array job id> --kill-on-invalid-dep=yes '${join(out, 'cluster', 'merge.sbatch')}'\n`);
  });
});
