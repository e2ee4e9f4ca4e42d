import { readFileSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, expectInputError } from '../helpers/cli.ts';
import { OBSERVED_HEADER } from '../helpers/observedRows.ts';
import { writeScenarios } from '../scenario/tempScenarios.ts';

// An output folder is replaced as a whole: a command writing into a folder it reads (--runs-from, a merge's shards)
// deleted the runs it was made of. `calibrate s.yaml --runs-from out/s --out out/s` left a calibration and no
// trajectories.arrow; `merge a b --out a` turned shard a into the merge; shards run into sub-folders of --out went
// with the old output.
const dir = writeScenarios({
  's.yaml':
    'name: s\ncity: dalian\nyears: { start: 2013, end: 2016 }\n' +
    'parameters: { inflow: { dist: uniform, min: 10万, max: 30万 }, migrant_settle_rate: { dist: uniform, min: 2%, max: 8% } }\n' +
    'uncertainty: { hukou_conversion: none }\ntargets: []\nmonte_carlo: { runs: 20, seed: 3 }\n',
  'good.csv': `${OBSERVED_HEADER}\ndalian,registered_rate,2015,,,71.2,%,registered_unstated,,001:427,,\n`,
});
const scenario = join(dir, 's.yaml');
const observed = join(dir, 'good.csv');
const listing = (d: string) => readdirSync(d).sort();
const bytes = (d: string) => Object.fromEntries(listing(d).filter((f) => f.endsWith('.arrow')).map((f) => [f, readFileSync(join(d, f)).toString('base64')]));

beforeAll(async () => {
  for (const [args, out] of [
    [[], 'run'],
    [['--shard', '1/2'], 'shard1'],
    [['--shard', '2/2'], 'shard2'],
  ] as const) {
    const r = await cli(['run', scenario, ...args, '--out', join(dir, out)]);
    expect(r.code, r.err).toBe(0);
  }
  // merged/ holds an output of its own, and the two shards in sub-folders (put there by hand: urbsim writes no output
  // folder inside another; run at the same depth, the scenario file they record relative to them is found there too)
  const r = await cli(['merge', join(dir, 'shard1'), join(dir, 'shard2'), '--out', join(dir, 'merged')]);
  expect(r.code, r.err).toBe(0);
  for (const [args, out] of [[['--shard', '1/2'], 's1'], [['--shard', '2/2'], 's2']] as const) {
    expect((await cli(['run', scenario, ...args, '--out', join(dir, 'aside', out)])).code).toBe(0);
    renameSync(join(dir, 'aside', out), join(dir, 'merged', out));
  }
  for (const k of [1, 2]) {
    const s = await cli(['sensitivity', scenario, '--metric', 'registered_rate', '--year', '2016', '--runs', '20', '--bootstrap', '10', '--shard', `${k}/2`, '--out', join(dir, `sens${k}`)]);
    expect(s.code, s.err).toBe(0);
  }
}, 120_000);

describe('a command does not write over the folders it reads', () => {
  it.each([
    ['calibrate --runs-from a folder --out the same folder', () => ['calibrate', scenario, '--observed', observed, '--runs-from', join(dir, 'run'), '--out', join(dir, 'run')], 'run', 'is'],
    ['backtest --runs-from a folder --out the same folder', () => ['backtest', scenario, '--observed', observed, '--until', '2015', '--runs-from', join(dir, 'run'), '--out', join(dir, 'run')], 'run', 'is'],
    ['merge --out one of its shards', () => ['merge', join(dir, 'shard1'), join(dir, 'shard2'), '--out', join(dir, 'shard2')], 'shard2', 'is'],
    ['merge --out the folder holding its shards', () => ['merge', join(dir, 'merged/s1'), join(dir, 'merged/s2'), '--out', join(dir, 'merged')], 'merged', 'holds'],
    ['sensitivity --runs-from its shards --out one of them', () => ['sensitivity', scenario, '--metric', 'registered_rate', '--year', '2016', '--runs', '20', '--bootstrap', '10', '--runs-from', join(dir, 'sens1'), join(dir, 'sens2'), '--out', join(dir, 'sens1')], 'sens1', 'is'],
  ])('%s: exit 2 naming the folder, every file as it was', async (_, args, out, verb) => {
    const before = bytes(join(dir, out));
    const files = listing(join(dir, out));
    expect(Object.keys(before).length).toBeGreaterThan(0);
    const r = await cli(args());
    expectInputError(r, `--out ${join(dir, out)}: ${verb} `);
    expect(r.err).toContain('so writing there would delete the runs it is made of');
    expect(listing(join(dir, out))).toEqual(files);
    expect(bytes(join(dir, out))).toEqual(before);
  });

  it.each([
    ['merge --out a folder inside one of its shards', () => ['merge', join(dir, 'shard1'), join(dir, 'shard2'), '--out', join(dir, 'shard1', 'merged')], 'shard1'],
    ['calibrate --runs-from a folder --out a folder inside it', () => ['calibrate', scenario, '--observed', observed, '--runs-from', join(dir, 'run'), '--out', join(dir, 'run', 'a', 'cal')], 'run'],
  ])('%s: exit 2 naming both, nothing added to it (merge exited 0, and the shard held another output)', async (_, args, input) => {
    const files = listing(join(dir, input));
    const before = bytes(join(dir, input));
    const r = await cli(args());
    expectInputError(r, `: is inside ${join(dir, input)}, a folder `);
    expect(r.err).toContain('the output would be mixed into the runs it is made of: choose a folder outside it');
    expect(listing(join(dir, input))).toEqual(files);
    expect(bytes(join(dir, input))).toEqual(before);
  });

  it('the same path written another way (a trailing slash, ./) is the same folder', async () => {
    const r = await cli(['calibrate', scenario, '--observed', observed, '--runs-from', join(dir, 'run'), '--out', `${join(dir, '.', 'run')}/`]);
    expectInputError(r, 'a folder --runs-from reads');
    expect(listing(join(dir, 'run'))).toContain('trajectories.arrow');
  });

  it('a folder beside the runs is written as before, and the runs stay', async () => {
    const r = await cli(['calibrate', scenario, '--observed', observed, '--runs-from', join(dir, 'run'), '--out', join(dir, 'run-calibrated')]);
    expect(r.code, r.err).toBe(0);
    expect(listing(join(dir, 'run-calibrated'))).toContain('posterior.arrow');
    expect(listing(join(dir, 'run'))).toContain('trajectories.arrow');
  });

  it('shards in the folder\'s cluster/ (where --slurm puts them, kept when the folder is replaced) may be merged into it', async () => {
    const out = join(dir, 'job');
    for (const k of [1, 2]) expect((await cli(['run', scenario, '--shard', `${k}/2`, '--out', join(out, 'cluster', `shard-${k}`)])).code).toBe(0);
    const r = await cli(['merge', join(out, 'cluster', 'shard-1'), join(out, 'cluster', 'shard-2'), '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(listing(out)).toContain('trajectories.arrow');
    expect(listing(join(out, 'cluster'))).toEqual(['shard-1', 'shard-2']);
  });
});
