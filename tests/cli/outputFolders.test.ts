import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { verifyOutputFolder } from '../../src/io/outputManifest.ts';
import { cli } from '../helpers/cli.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

const dir = writeScenarios({
  'dalian.yaml': `${MINIMAL}name: dalian\nparameters: { inflow: { dist: uniform, min: 10万, max: 30万 } }\nmonte_carlo: { runs: 20, seed: 7 }\n`,
  'batch/a.yaml': `${MINIMAL}name: a\nparameters: { inflow: { dist: uniform, min: 10万, max: 30万 } }\n`,
  'batch/b.yaml': `${MINIMAL}name: b\nparameters: { inflow: { dist: uniform, min: 20万, max: 40万 } }\n`,
});
const urbsim = [process.execPath, '--import', 'tsx', 'src/cli/urbsim.ts'];
const shell = (script: string) => spawnSync('sh', ['-c', script], { encoding: 'utf8' });
const runsIn = (folder: string) => new Set(tableFromIPC(readFileSync(join(folder, 'trajectories.arrow'))).getChild('run')!.toArray()).size;

/** Whether this machine lets a test mount a small tmpfs of its own (a user and mount namespace: no root needed). */
const canMountTmpfs = process.platform === 'linux' && shell('unshare -rm sh -c "mount -t tmpfs -o size=64k tmpfs /tmp"').status === 0;

describe('a full disk or a file-size limit', () => {
  it.skipIf(!canMountTmpfs).each([1, 2])('a run that does not fit on the disk: "disk full writing …", exit 1, the earlier run untouched (%i workers: the metric file written by the threads that run)', (workers) => {
    // A 320 KB tmpfs: 3 runs (~130 KB of files) fit; 300 runs (~800 KB of trajectories) do not. The check before the
    // runs would refuse them (exit 2): the disk is to fill while they run (another process writing, an estimate short),
    // so statfs says a terabyte is free (tests/helpers/plentyOfDisk.mjs).
    const mnt = join(dir, 'mnt');
    const keep = join(dir, 'kept');
    const scenario = join(dir, 'dalian.yaml');
    const filling = [urbsim[0], '--import', resolve('tests/helpers/plentyOfDisk.mjs'), ...urbsim.slice(1)].join(' ');
    const r = shell(`mkdir -p ${mnt} ${keep} && unshare -rm sh -c '
      mount -t tmpfs -o size=320k tmpfs ${mnt} || exit 99
      ${urbsim.join(' ')} run ${scenario} --runs 3 --out ${mnt}/out > /dev/null || exit 98
      ${filling} run ${scenario} --runs 300 --workers ${workers} --out ${mnt}/out; echo "exit $?"
      cp -r ${mnt}/out ${keep}/out; ls -A ${mnt} > ${keep}/beside'`);
    expect(r.stdout, r.stderr).toContain('exit 1');
    // A table, or the folder itself for its working file of indicator rows (in .urbsim/, a name the user never gave).
    expect(r.stderr).toMatch(new RegExp(`urbsim: disk full writing ${mnt}/out(/\\w+\\.arrow)?; nothing was half-written`));
    expect(r.stderr).not.toContain('internal error');
    verifyOutputFolder(join(keep, 'out'), { content: true });
    expect(runsIn(join(keep, 'out'))).toBe(3);
    expect(readFileSync(join(keep, 'beside'), 'utf8')).toBe('out\n'); // no staging folder, no lock
  }, 60_000);

  it.skipIf(!canMountTmpfs)('the same runs, as the disk says it: refused before they run (exit 2, the need and what is free), the earlier run untouched', () => {
    const mnt = join(dir, 'mnt-check');
    const keep = join(dir, 'kept-check');
    const scenario = join(dir, 'dalian.yaml');
    const r = shell(`mkdir -p ${mnt} ${keep} && unshare -rm sh -c '
      mount -t tmpfs -o size=320k tmpfs ${mnt} || exit 99
      ${urbsim.join(' ')} run ${scenario} --runs 3 --out ${mnt}/out > /dev/null 2>&1 || exit 98
      ${urbsim.join(' ')} run ${scenario} --runs 300 --out ${mnt}/out; echo "exit $?"
      cp -r ${mnt}/out ${keep}/out; ls -A ${mnt} > ${keep}/beside'`);
    expect(r.stdout, r.stderr).toContain('exit 2');
    // 300 runs of 8 years (2013–2020): 300 · 8 · 358 · 1.01 + 65,536 (Arrow's framing) = 0.93 MB of trajectories,
    // 300 · 8 · 344 = 0.83 MB of working file;
    // of the 320 KB, the first run's files take some.
    expect(r.stderr).toMatch(new RegExp(`urbsim: dalian: 300 runs of 8 years need about 1\\.\\d MB of disk \\(0\\.9 MB of trajectories\\.arrow and 0\\.8 MB of working file while they run\\), more than the (0\\.\\d MB|\\d+\\.\\d kB) free under ${mnt}/out; run at most about \\d+ runs \\(--runs\\)`));
    expect(r.stderr).not.toMatch(/ runs \(\d+%\)/);
    verifyOutputFolder(join(keep, 'out'), { content: true });
    expect(runsIn(join(keep, 'out'))).toBe(3);
    expect(readFileSync(join(keep, 'beside'), 'utf8')).toBe('out\n');
  }, 60_000);

  it('a file-size limit (ulimit -f) that once left a truncated pyramid.arrow and exit 0: exit 1, no folder at all', () => {
    // 64 KB: smaller than pyramid.arrow of 3 runs (~79 KB), perhaps than other files too.
    const out = join(dir, 'limited');
    const r = shell(`ulimit -f 64 && ${urbsim.join(' ')} run ${join(dir, 'dalian.yaml')} --runs 3 --out ${out}`);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`urbsim: file too large for this system \\(a file-size limit: ulimit -f\\?\\) writing ${out}/\\w+\\.arrow; nothing was half-written`));
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).not.toContain('.urbsim');
  }, 60_000);
});

describe('two writers, or a killed one', () => {
  it('two runs into one --out at once: the second is refused with exit 2, the first completes', async () => {
    const out = join(dir, 'busy');
    const first = spawn(urbsim[0], [...urbsim.slice(1), 'run', join(dir, 'dalian.yaml'), '--runs', '1000', '--out', out], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => first.on('exit', resolve));
    // Wait for the first to hold the folder's lock (it takes it before running).
    const lock = join(dir, '.urbsim', 'busy.lock');
    for (let i = 0; i < 600 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(lock)).toBe(true);
    const second = await cli(['run', join(dir, 'dalian.yaml'), '--runs', '5', '--seed', '1', '--out', out]);
    expect(second.code, second.err).toBe(2);
    expect(second.err).toContain(`urbsim: ${out} is being written by another urbsim process (pid ${first.pid}, urbsim run, since `);
    expect(await exited).toBe(0);
    verifyOutputFolder(out, { content: true });
    expect(JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'))).toMatchObject({ runs: 1000, seed: 7 });
  }, 120_000);

  it('a run killed while it works leaves nothing in the folder\'s place; the next run cleans up after it', async () => {
    const out = join(dir, 'killed');
    expect((await cli(['run', join(dir, 'dalian.yaml'), '--runs', '4', '--out', out])).code).toBe(0);
    const before = readFileSync(join(out, 'trajectories.arrow'));
    const child = spawn(urbsim[0], [...urbsim.slice(1), 'run', join(dir, 'dalian.yaml'), '--runs', '3000', '--out', out], { stdio: 'ignore' });
    const staging = () => existsSync(join(dir, '.urbsim')) && readdirSync(join(dir, '.urbsim')).some((e) => e.startsWith('killed.new-'));
    for (let i = 0; i < 600 && !staging(); i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    expect(readFileSync(join(out, 'trajectories.arrow')).equals(before)).toBe(true);
    expect(readdirSync(join(dir, '.urbsim')).length).toBeGreaterThan(0); // its lock and staging folder
    expect((await cli(['run', join(dir, 'dalian.yaml'), '--runs', '6', '--out', out])).code).toBe(0);
    expect(runsIn(out)).toBe(6);
    expect(existsSync(join(dir, '.urbsim'))).toBe(false);
  }, 120_000);
});

describe('batch resume trusts only folders that are whole', () => {
  it('a scenario folder whose files do not match its manifest (another run\'s trajectories) is run again, not "up to date"', async () => {
    const out = join(dir, 'batch-out');
    const args = ['batch', join(dir, 'batch'), '--out', out];
    expect((await cli([...args, '--runs', '6'])).code).toBe(0);
    const other = join(dir, 'other');
    expect((await cli(['run', join(dir, 'batch', 'a.yaml'), '--runs', '12', '--out', other])).code).toBe(0);
    copyFileSync(join(other, 'trajectories.arrow'), join(out, 'a', 'trajectories.arrow')); // 12 runs under a 6-run meta.json
    rmSync(join(out, 'b', 'manifest.json')); // as written by an urbsim without manifests, or interrupted
    const r = await cli([...args, '--runs', '6']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('up to date');
    expect(r.out).toContain('2 run, 0 skipped');
    expect(runsIn(join(out, 'a'))).toBe(6);
    for (const f of ['a', 'b']) verifyOutputFolder(join(out, f), { content: true });
    verifyOutputFolder(out, { content: true });
    expect((await cli([...args, '--runs', '6'])).out).toContain('0 run, 2 skipped');
  }, 120_000);

  it('a second batch into the same --out while one runs is refused', async () => {
    const out = join(dir, 'batch-busy');
    const first = spawn(urbsim[0], [...urbsim.slice(1), 'batch', join(dir, 'batch'), '--runs', '1000', '--out', out], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => first.on('exit', resolve));
    const lock = join(dir, '.urbsim', 'batch-busy.lock');
    for (let i = 0; i < 600 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 50));
    const second = await cli(['batch', join(dir, 'batch'), '--runs', '5', '--out', out]);
    expect(second.code, second.err).toBe(2);
    expect(second.err).toContain('is being written by another urbsim process');
    expect(await exited).toBe(0);
  }, 120_000);
});
