import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import { runFolderBytes } from '../../src/io/diskNeed.ts';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cli, expectInputError } from '../helpers/cli.ts';
import { availableMemory } from '../../src/montecarlo/memoryNeed.ts';
import { writeScenarios } from '../scenario/tempScenarios.ts';
import { calibrateOnSlurm } from '../../src/cluster/calibrateOnSlurm.ts';
import { InputError } from '../../src/inputError.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import { withMonteCarlo } from '../../src/scenario/withMonteCarlo.ts';

// The disk free under the output folder, as the file system would say it: set by each test (statfs injected, so
// that no test depends on the disk of the machine it runs on).
// `blocks`, when set, is the file system's size in blocks (0: /proc's, /sys's).
const disk = vi.hoisted(() => ({ free: 1e12, blocks: undefined as number | undefined }));
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  return {
    ...fs,
    statfsSync: (...args: Parameters<typeof fs.statfsSync>) => {
      const s = fs.statfsSync(...args);
      return { ...s, bavail: disk.free, bsize: 1, blocks: disk.blocks ?? s.blocks };
    },
  };
});

// `urbsim run scenarios/dalian.yaml --runs 10000000` started at once, without a word, and ran for hours towards
// ~80 GB of trajectories.arrow and as much again of working file. By hand, a run of 4 years (2013–2016): 4 rows of
// trajectories.arrow of 358 bytes (43 doubles, run and year, 43 validity bits: 6 bytes), 4 rows of 344 bytes of working file.
const body = (name: string) =>
  `name: ${name}\ncity: dalian\nyears: { start: 2013, end: 2016 }\n` +
  'parameters: { inflow: { dist: uniform, min: 10万, max: 30万 }, migrant_settle_rate: { dist: uniform, min: 2%, max: 8% } }\n' +
  'uncertainty: { hukou_conversion: none }\ntargets: []\nmonte_carlo: { runs: 20, seed: 3 }\n';

describe('runs the disk cannot hold: refused before anything runs (exit 2), nothing written', () => {
  it('run --runs 10000000 with 1 GB free: the need, what is free, how many runs would do', async () => {
    const dir = writeScenarios({ 'a.yaml': body('a') });
    const out = join(dir, 'out');
    disk.free = 1e9;
    const r = await cli(['run', join(dir, 'a.yaml'), '--runs', '10000000', '--out', out]);
    // 10,000,000 · 4 · 358 · 1.01 (Arrow's framing) = 14.46 GB of trajectories; 10,000,000 · 4 · 344 = 13.76 GB of working file.
    expectInputError(r, `urbsim: a: 10,000,000 runs of 4 years need about `);
    expect(r.err).toContain(` of disk (14.5 GB of trajectories.arrow and 13.8 GB of working file while they run), more than the 1.0 GB free under ${out}; run at most about `);
    expect(r.err).toMatch(/run at most about 3\d\d,\d\d\d runs \(--runs\), or write them to a disk with more room \(--out\)\n$/);
    expect(r.err).not.toMatch(/ runs \(\d+%\)/); // no progress: nothing ran
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).not.toContain('.urbsim');
  }, 60_000);

  it('batch: the scenarios still to run, not those whose folder already holds their runs', async () => {
    const dir = writeScenarios({ 'a.yaml': body('a'), 'b.yaml': body('b') });
    const out = join(dir, 'batch');
    disk.free = 1e9;
    // 1,000,000 runs each: what a batch holds in memory (every run, about 1.4 GB) fits any machine that runs the tests.
    const r = await cli(['batch', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--runs', '1000000', '--out', out]);
    // Two folders of 1,000,000 · 4 · 358 · 1.01 = 1.446 GB of trajectories; one working file at a time, 1,000,000 · 4 · 344.
    expectInputError(r, 'urbsim: 2 scenarios to run, 2,000,000 runs in all, need about ');
    expect(r.err).toContain(` of disk (2.9 GB of trajectories.arrow and 1.4 GB of working file while they run), more than the 1.0 GB free under ${out}; run at most about `);
    expect(r.err).toContain(' runs a scenario (--runs), or write them to a disk with more room (--out)\n');
    expect(existsSync(out)).toBe(false);
    // 20 runs each fit; run again with no room at all, both are kept and nothing is refused.
    disk.free = 1e12;
    expect((await cli(['batch', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--out', out])).code).toBe(0);
    disk.free = 0;
    const again = await cli(['batch', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--out', out]);
    expect(again.code, again.err).toBe(0);
    expect(again.err).toContain('[2/2] b: up to date, skipped');
  }, 60_000);

  it('batch: the folder a scenario replaces is free for the scenarios after it, once its new one is committed', async () => {
    const dir = writeScenarios({ 'a.yaml': body('a'), 'b.yaml': body('b').replace('end: 2016', 'end: 2020') });
    const out = join(dir, 'batch');
    const files = [join(dir, 'a.yaml'), join(dir, 'b.yaml')];
    disk.free = 1e12;
    expect((await cli(['batch', ...files, '--runs', '2000', '--out', out])).code).toBe(0);
    // --runs 2001 runs both again, each replacing its folder of 2,000 runs. By hand, 6 sampled values: a (4 years)
    // keeps ⌈2001 · 4 · 358 · 1.01⌉ + 65,536 = 2,959,623 bytes of trajectories and 2001 · 56 + 65,536 = 177,592 of
    // params, 3,137,215, through 2001 · 4 · 344 = 2,753,376 of working file; b (8 years) 5,853,709 + 177,592 =
    // 6,031,301 through 5,506,752. a's turn: 5,890,591; b's: 3,137,215 + 6,031,301 + 5,506,752 = 14,675,268, less a's
    // old folder, removed once a's new one is in (about 3 MB: its 2,000 runs' files as written) — about 11.7 MB.
    disk.free = 12.5e6;
    const r = await cli(['batch', ...files, '--runs', '2001', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('[2/2] b: ');
    // Less free than b's turn needs: refused, saying what the replaced folder gives back.
    expect((await cli(['batch', ...files, '--runs', '2000', '--out', out])).code).toBe(0); // back to 2,000 runs
    disk.free = 10e6;
    const refused = await cli(['batch', ...files, '--runs', '2001', '--out', out]);
    expectInputError(refused, /urbsim: 2 scenarios to run, 4,002 runs in all, need about 11\.\d MB of disk \(8\.8 MB of trajectories\.arrow and 5\.5 MB of working file while they run, less [23]\.\d MB of the folders they replace, freed as each is replaced\), more than the 10\.0 MB free under /);
  }, 60_000);

  it.runIf(availableMemory() < 90e9)('batch: a scenario memory cannot hold is refused before the first scenario runs (it ran those before it, then stopped)', async () => {
    // 10,000,000 runs of 23 years held whole: 10,000,000 · 23 · 43 · 8 bytes = 79.1 GB at least.
    const big = body('big').replace('end: 2016', 'end: 2035').replace('runs: 20', 'runs: 10000000');
    const dir = writeScenarios({ 'a.yaml': body('a'), 'big.yaml': big });
    const out = join(dir, 'batch');
    disk.free = 1e15;
    const r = await cli(['batch', join(dir, 'a.yaml'), join(dir, 'big.yaml'), '--out', out]);
    expectInputError(r, /urbsim: big: 10,000,000 runs of 23 years need about 7\d\.\d GB of memory/);
    expect(r.err).not.toContain('[1/2] a:');
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('merge: the whole run\'s folder, as much as a run of all the shards\' runs', async () => {
    const dir = writeScenarios({ 'a.yaml': body('a') });
    disk.free = 1e12;
    for (const k of [1, 2]) expect((await cli(['run', join(dir, 'a.yaml'), '--shard', `${k}/2`, '--out', join(dir, `s${k}`)])).code).toBe(0);
    disk.free = 40_000;
    const out = join(dir, 'merged');
    const r = await cli(['merge', join(dir, 's1'), join(dir, 's2'), '--out', out]);
    // 20 runs of 4 years: ⌈20 · 4 · 358 · 1.01⌉ + 65,536 = 94,463 bytes of trajectories, 20 · 4 · 344 = 27,520 of working file.
    expectInputError(r, 'urbsim: a: 20 runs of 4 years need about ');
    expect(r.err).toContain(` of disk (94.5 kB of trajectories.arrow and 27.5 kB of working file while they run), more than the 40.0 kB free under ${out}; free some space there, or write them to a disk with more room (--out)\n`);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('compare: every variant\'s run folder, written one after another', async () => {
    const dir = writeScenarios({ 'a.yaml': body('a'), 'b.yaml': body('b') });
    const out = join(dir, 'cmp');
    disk.free = 1e6;
    const r = await cli(['compare', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--runs', '1000', '--out', out]);
    // By hand, 6 sampled values each: a variant of 1,000 runs of 4 years keeps ⌈1000 · 4 · 358 · 1.01⌉ + 65,536 =
    // 1,511,856 bytes of trajectories and 1000 · 56 + 65,536 = 121,536 of params, and writes them through a working
    // file of 1000 · 4 · 344 = 1,376,000: two kept, 3,266,784, and one working file at a time, 4,642,784 at most; of it
    // 2 · 2 · 65,536 = 262,144 of framing: (1e6 − 262,144) / (4,642,784 − 262,144) of 1,000 runs = 168.
    expectInputError(r, 'urbsim: compare: 2 variants of 1,000 runs of 4 years need about 4.6 MB of disk (3.0 MB of trajectories.arrow and 1.4 MB of working file ' +
      `while they run), more than the 1.0 MB free under ${out}; run at most about 168 runs (--runs), or write them to a disk with more room (--out)\n`);
    expect(r.err).not.toMatch(/ runs \(\d+%\)/); // no progress: nothing ran
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).not.toContain('.urbsim');
    // The runs advised fit.
    disk.free = 1e6;
    const fits = await cli(['compare', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--runs', '168', '--out', out]);
    expect(fits.code, fits.err).toBe(0);
    expect(fits.err).not.toContain('note:');
  }, 60_000);

  it('run --slurm: the shards, which stay in cluster/shards/, and the merged folder beside them: the runs twice over', async () => {
    const dir = writeScenarios({ 'a.yaml': body('a') });
    const out = join(dir, 'out');
    disk.free = 1e9;
    const args = ['run', join(dir, 'a.yaml'), '--runs', '10000000', '--slurm', '--array-size', '2', '--dry-run', '--out', out];
    const r = await cli(args);
    // By hand, 6 sampled values (inflow, migrant_settle_rate, migrant_newborn_stay and registered_break's three): a
    // shard of 5,000,000 runs of 4 years keeps 5e6 · 4 · 358 · 1.01 + 65,536 = 7,231,665,536 bytes of trajectories
    // and 5e6 · (6 · 8 + 8) + 65,536 = 280,065,536 of params; the merged folder of 1e7 runs 14,463,265,536 and
    // 560,065,536, and its working file 1e7 · 4 · 344 = 13.76e9 (the shards' two together as much). Trajectories:
    // 2 · 7,231,665,536 + 14,463,265,536 = 28.9 GB; at most 2 · 7,511,731,072 (the shards kept) + 15,023,331,072 +
    // 13.76e9 (the merge written) = 43,806,793,216 bytes; of it, 3 folders · 2 files · 65,536 = 393,216 bytes of framing
    // that fewer runs do not save: (1e9 − 393,216) / (43,806,793,216 − 393,216) of 1e7 runs = 228,187.
    expectInputError(r, 'urbsim: a: 10,000,000 runs of 4 years, 2 shards (kept in cluster/shards/) and the merged folder, need about 43.8 GB of disk ' +
      `(28.9 GB of trajectories.arrow and 13.8 GB of working file while they run), more than the 1.0 GB free under ${out}; run at most about 228,187 runs (--runs), or write them to a disk with more room (--out)\n`);
    expect(existsSync(out)).toBe(false); // no scripts written
    disk.free = 50e9;
    const fits = await cli(args);
    expect(fits.code, fits.err).toBe(0);
    expect(fits.out).toContain(`urbsim: note: a: 10,000,000 runs of 4 years, 2 shards (kept in cluster/shards/) and the merged folder, will take about 43.8 GB of disk under ${out} (28.9 GB of trajectories.arrow and 13.8 GB of working file while they run; 50.0 GB free)\n`);
    expect(fits.out).toContain('dry run, nothing submitted');
  }, 60_000);

  it('run --slurm again: the shards done are on the disk already, not counted again', async () => {
    const dir = writeScenarios({ 'a.yaml': body('a') });
    const out = join(dir, 'out');
    // 20 runs of 4 years, by hand: a shard of 10 runs keeps ⌈10 · 4 · 358 · 1.01⌉ + 65,536 = 80,000 bytes of
    // trajectories and 10 · 56 + 65,536 of params, 146,096 in all; the merged folder 94,463 + 1,120 + 65,536 =
    // 161,119, and 20 · 4 · 344 = 27,520 of working file while written. Both shards and the merge: 2 · 146,096 +
    // 188,639 = 480,831 bytes; shard 2 alone and the merge: 146,096 + 188,639 = 334,735 (trajectories 80,000 + 94,463).
    disk.free = 400_000;
    const args = ['run', join(dir, 'a.yaml'), '--slurm', '--array-size', '2', '--dry-run', '--out', out];
    expectInputError(await cli(args), 'urbsim: a: 20 runs of 4 years, 2 shards (kept in cluster/shards/) and the merged folder, need about 0.5 MB of disk');
    disk.free = 1e12;
    // Shard 1 as its array task runs it.
    expect((await cli(['run', join(dir, 'a.yaml'), '--runs', '20', '--seed', '3', '--shard', '1/2', '--out', join(out, 'cluster/shards/1-of-2')])).code).toBe(0);
    disk.free = 400_000;
    const r = await cli(args);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('a: shard 1 of 2 done; submitting 2');
    disk.free = 300_000;
    expectInputError(await cli(args), `urbsim: a: 20 runs of 4 years, shard 2 of 2 (kept in cluster/shards/) and the merged folder, need about 0.3 MB of disk (0.2 MB of trajectories.arrow and 27.5 kB of working file while they run), more than the 0.3 MB free under ${out}`);
  }, 60_000);

  it('batch, calibrate and sensitivity --slurm: their shards against the disk before anything is submitted, as run --slurm', async () => {
    // They submitted whatever the disk: a job array that would fill it hours later, or (--out /proc/x) fail in every task.
    const dir = writeScenarios({ 'a.yaml': body('a'), 'b.yaml': body('b') });
    const out = join(dir, 'out');
    disk.free = 1e9;
    const batch = ['batch', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--runs', '1000000', '--slurm', '--array-size', '2', '--dry-run', '--out', out];
    // By hand, a shard a scenario, each 1,000,000 runs of 4 years, 6 sampled values: ⌈1e6 · 4 · 358 · 1.01⌉ + 65,536 =
    // 1,446,385,536 bytes of trajectories, + 1e6 · 56 + 65,536 of params = 1,502,451,072 kept, + 1e6 · 4 · 344 =
    // 1.376e9 of working file while written: 2,878,451,072 a shard, both side by side 5,756,902,144. Fewer runs save
    // all but the framing, 4 · 65,536 = 262,144: (1e9 − 262,144) / (5,756,902,144 − 262,144) of 1e6 = 173,666 runs.
    expectInputError(await cli(batch), 'urbsim: 2 scenarios to run in 2 shards side by side, 2,000,000 runs in all, need about 5.8 GB of disk ' +
      `(2.9 GB of trajectories.arrow and 2.8 GB of working file while they run), more than the 1.0 GB free under ${out}; run at most about 173,666 runs a scenario (--runs), or write them to a disk with more room (--out)\n`);
    expect(existsSync(out)).toBe(false);
    disk.free = 50e9;
    const fits = await cli(batch);
    expect(fits.code, fits.err).toBe(0);
    expect(fits.out).toContain(`urbsim: note: 2 scenarios to run in 2 shards side by side, 2,000,000 runs in all, will take about 5.8 GB of disk under ${out}`);

    // calibrate: the shards alone, 5,000,000 runs each (the fit after them reads them, writing a few tables): kept
    // 2 · (7,231,665,536 + 5e6 · 56 + 65,536) = 15,023,462,144, both working files 2 · 5e6 · 4 · 344 = 13.76e9, 28.8 GB;
    // (1e9 − 262,144) / (28,783,462,144 − 262,144) of 1e7 = 347,333 runs.
    disk.free = 1e9;
    const scenario = withMonteCarlo(loadScenario(join(dir, 'a.yaml')), { runs: 10_000_000 });
    expect(() => calibrateOnSlurm('calibrate', join(dir, 'a.yaml'), scenario, join(dir, 'cal'), 1, { observed: 'observed.csv' }, { arraySize: 2, dryRun: true })).toThrow(
      new InputError(`a: 10,000,000 runs of 4 years, 2 shards (kept in cluster/shards/), need about 28.8 GB of disk (14.5 GB of trajectories.arrow and 13.8 GB of working file while they run), ` +
        `more than the 1.0 GB free under ${join(dir, 'cal')}; run at most about 347,333 runs (--runs), or write them to a disk with more room (--out)`),
    );
    expect(existsSync(join(dir, 'cal'))).toBe(false);

    // sensitivity: 40 base rows' runs.arrow and design.arrow, about 0.3 MB with their framing, against 1 kB free; on a
    // file system without disk space, said so.
    disk.free = 1000;
    const sensitivity = ['sensitivity', join(dir, 'a.yaml'), '--metric', 'registered_rate', '--year', '2016', '--runs', '40', '--slurm', '--array-size', '2', '--dry-run', '--out', join(dir, 's')];
    expectInputError(await cli(sensitivity), `urbsim: a: 2 shards of 40 base rows need about 0.3 MB of disk for their runs.arrow and design.arrow, more than the 1.0 kB free under ${join(dir, 's')}: write them to a disk with more room (--out)\n`);
    disk.free = 0;
    disk.blocks = 0;
    try {
      for (const args of [batch, sensitivity]) expectInputError(await cli(args), `is on a file system without disk space (0 blocks in all`);
    } finally {
      disk.blocks = undefined;
    }
    expect(existsSync(join(dir, 's'))).toBe(false);
  }, 60_000);

  it("the estimate is not under what a run writes: Dalian's 200 runs of 23 years (Arrow's framing counted)", async () => {
    // 200 · 23 · 342 = 1,573,200 bytes of rows (41 indicators then); the file was 1,600,330 (1.7 % more) and params.arrow 26,194 against
    // 200 · (12 · 8 + 4) = 20,000 counted, when neither the framing nor the seed column was.
    disk.free = 1e12;
    const out = join(writeScenarios({}), 'dalian');
    const r = await cli(['run', 'scenarios/dalian.yaml', '--runs', '200', '--out', out]);
    expect(r.code, r.err).toBe(0);
    const sampled = tableFromIPC(readFileSync(join(out, 'params.arrow'))).schema.fields.length - 2; // but run and seed
    const bytes = runFolderBytes({ runs: 200, years: 23, sampled });
    const trajectories = statSync(join(out, 'trajectories.arrow')).size;
    expect(bytes.trajectories).toBeGreaterThanOrEqual(trajectories);
    expect(bytes.kept).toBeGreaterThanOrEqual(trajectories + statSync(join(out, 'params.arrow')).size);
  }, 60_000);

  it('a folder on a file system without disk space (/proc, /sys): cannot be written, not "0.0 kB free"', async () => {
    // `urbsim batch … --out /proc/x` said its runs need more than "the 0.0 kB free under /proc/x"; `urbsim run` said
    // "cannot write /proc/.urbsim: no such file", naming its work folder. Both refused with --out's other checks now.
    const dir = writeScenarios({ 'a.yaml': body('a') });
    const out = join(dir, 'out');
    disk.free = 0;
    disk.blocks = 0;
    try {
      const said = `urbsim: --out ${out}: cannot be written: ${dir} is on a file system without disk space (0 blocks in all: a virtual one, as /proc and /sys are); write to a folder on a disk\n`;
      expectInputError(await cli(['batch', join(dir, 'a.yaml'), '--out', out]), said);
      expectInputError(await cli(['run', join(dir, 'a.yaml'), '--out', out]), said);
      expectInputError(await cli(['run', join(dir, 'a.yaml'), '--slurm', '--array-size', '2', '--dry-run', '--out', out]), said);
      expect(existsSync(out)).toBe(false);
    } finally {
      disk.blocks = undefined;
    }
  }, 60_000);

  it('a run that fits, under 1 GB: nothing said', async () => {
    const dir = writeScenarios({ 'a.yaml': body('a') });
    disk.free = 1e12;
    const r = await cli(['run', join(dir, 'a.yaml'), '--out', join(dir, 'out')]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('note:');
  }, 60_000);
});
