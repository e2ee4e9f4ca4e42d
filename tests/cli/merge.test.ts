import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { reseal } from '../helpers/reseal.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

const dir = writeScenarios({ 's.yaml': `${MINIMAL}name: s\nmonte_carlo: { runs: 20, seed: 3 }\n` });
const shard = (k: number, n: number) => join(dir, `shard-${k}of${n}`);

// 20 runs cut by shardRange (src/montecarlo/runMonteCarlo.ts, floor((k−1)·n/c)): 2 shards are runs 0–9 and 10–19;
// 4 shards are 0–4, 5–9, 10–14, 15–19.
beforeAll(async () => {
  for (const [k, n] of [[1, 2], [2, 2], [1, 4], [4, 4]]) {
    const r = await cli(['run', join(dir, 's.yaml'), '--shard', `${k}/${n}`, '--out', shard(k, n)]);
    expect(r.code, r.err).toBe(0);
  }
}, 60_000);

describe('a shard', () => {
  it('says in its table which shard and runs its figures cover', async () => {
    const r = await cli(['run', join(dir, 's.yaml'), '--shard', '2/2', '--out', join(dir, 'shard-again')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('s: 10 runs, shard 2/2: runs 10–19 of 20, seed 3'); // 20 runs cut in two (see above)
  });
});

describe('merge: shards that do not fit together', () => {
  it.each([
    ['the second of two shards left out', [shard(1, 2)], 'cannot merge: runs 10–19 are missing (shard 2/2?)'],
    ['the first of two shards left out', [shard(2, 2)], 'cannot merge: runs 0–9 are missing (shard 1/2?)'],
    ['the middle two of four left out', [shard(1, 4), shard(4, 4)], 'cannot merge: runs 5–14 are missing (shards 2/4, 3/4?)'],
    // It said 'shards cover runs 0–9 twice (x and x)', where compare says a file given twice so.
    ['one shard given twice', [shard(1, 2), shard(1, 2), shard(2, 2)], `cannot merge: ${shard(1, 2)} is given twice; give each shard once`],
    ['one shard given twice, spelled two ways', [shard(1, 2), shard(2, 2), `${dir}/./shard-1of2`], `cannot merge: ${shard(1, 2)} is given twice (again as ${dir}/./shard-1of2); give each shard once`],
  ])('%s: exit 2 with the runs, nothing written', async (_, dirs, message) => {
    const out = join(dir, 'merged-bad');
    const r = await cli(['merge', ...dirs, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).not.toMatch(/\.\.-?\d|internal error/);
    expect(existsSync(out)).toBe(false);
  });

  it('every problem at once', async () => {
    const r = await cli(['merge', shard(1, 4), shard(1, 4), '--out', join(dir, 'never')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`cannot merge, the shards do not cover runs 0–19 once each:\n  - ${shard(1, 4)} is given twice; give each shard once\n`);
    expect(r.err).toContain('runs 5–19 are missing (shards 2/4, 3/4, 4/4?)');
  });

  it('halves run with different seeds: names both seeds', async () => {
    const other = join(dir, 'shard-2of2-seed4');
    expect((await cli(['run', join(dir, 's.yaml'), '--shard', '2/2', '--seed', '4', '--out', other])).code).toBe(0);
    const r = await cli(['merge', shard(1, 2), other, '--out', join(dir, 'never')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`shards were run with different seeds: ${shard(1, 2)} with --seed 3, ${other} with --seed 4`);
  });

  it('halves of two scenarios: names both', async () => {
    const d2 = writeScenarios({ 't.yaml': `${MINIMAL}name: t\nmonte_carlo: { runs: 20, seed: 3 }\n` });
    const other = join(d2, 'shard-2of2');
    expect((await cli(['run', join(d2, 't.yaml'), '--shard', '2/2', '--out', other])).code).toBe(0);
    const r = await cli(['merge', shard(1, 2), other, '--out', join(dir, 'never')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`shards come from different scenarios: .* is s \\(hash \\w+\\), .* is t \\(hash \\w+\\)`));
  });

  it('whole runs of two scenarios with other run counts and seeds: the scenarios named first, not the run counts', async () => {
    // s: 20 runs, seed 3; u: 30 runs, seed 5. It said 'shards were cut from different run counts' of two cities' runs.
    const d3 = writeScenarios({ 'u.yaml': `${MINIMAL}name: u\nmonte_carlo: { runs: 30, seed: 5 }\n` });
    const other = join(d3, 'whole');
    expect((await cli(['run', join(d3, 'u.yaml'), '--out', other])).code).toBe(0);
    const r = await cli(['merge', shard(1, 2), other, '--out', join(dir, 'never')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`shards come from different scenarios: .* is s \\(hash \\w+\\), .* is u \\(hash \\w+\\)`));
  });

  it('the two halves merge, with the pyramid of the whole run (a shard has none)', async () => {
    const out = join(dir, 'merged');
    const r = await cli(['merge', shard(2, 2), shard(1, 2), '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(existsSync(join(out, 'meta.json'))).toBe(true);
    expect(existsSync(join(shard(1, 2), 'pyramid.arrow'))).toBe(false);
    const whole = join(dir, 'whole');
    expect((await cli(['run', join(dir, 's.yaml'), '--out', whole])).code).toBe(0);
    expect(readFileSync(join(out, 'pyramid.arrow')).equals(readFileSync(join(whole, 'pyramid.arrow')))).toBe(true);
    expect(r.out).toContain('targets, pyramid .arrow; meta.json');
    // meta.json, written last, lists every file of the folder, the pyramid included.
    const files = (d: string) => JSON.parse(readFileSync(join(d, 'meta.json'), 'utf8')).files;
    expect(files(out)).toEqual(['trajectories.arrow', 'summary.arrow', 'params.arrow', 'targets.arrow', 'pyramid.arrow', 'meta.json']);
    expect(files(whole)).toEqual(files(out));
    expect(files(shard(1, 2))).not.toContain('pyramid.arrow');
  });

  it('shards that no longer reproduce (engine or scenario changed since): merged, with a warning instead of a pyramid', async () => {
    // Both shards' meta.json say local_settle_rate is 0.9, which their stored rows were not run with.
    const edited = [1, 2].map((k) => {
      const d = join(dir, `edited-${k}of2`);
      cpSync(shard(k, 2), d, { recursive: true });
      const meta = JSON.parse(readFileSync(join(d, 'meta.json'), 'utf8'));
      meta.scenario.parameters.local_settle_rate = { kind: 'number', value: 0.9 };
      writeFileSync(join(d, 'meta.json'), JSON.stringify(meta));
      reseal(d); // as a folder written by that other version would be: consistent, and not reproducible
      return d;
    });
    const out = join(dir, 'merged-edited');
    const r = await cli(['merge', ...edited, '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('warning: run');
    expect(r.err).toContain('does not reproduce its stored indicators');
    expect(existsSync(join(out, 'trajectories.arrow'))).toBe(true);
    expect(existsSync(join(out, 'pyramid.arrow'))).toBe(false);
    expect(r.out).toContain('targets .arrow; meta.json');
    expect(JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')).files).not.toContain('pyramid.arrow');
  });
});

describe('merge: folders that are not run folders', () => {
  it('a folder that does not exist', async () => {
    const r = await cli(['merge', join(dir, 'nowhere'), '--out', join(dir, 'never')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${join(dir, 'nowhere')} does not exist: expected an urbsim run folder`);
  });

  it('a folder without meta.json', async () => {
    mkdirSync(join(dir, 'empty'), { recursive: true });
    const r = await cli(['merge', join(dir, 'empty'), '--out', join(dir, 'never')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${join(dir, 'empty')} is not an urbsim run folder (no meta.json)`);
  });

  it('a run folder missing trajectories.arrow', async () => {
    const r0 = await cli(['run', join(dir, 's.yaml'), '--shard', '1/2', '--out', join(dir, 'damaged')]);
    expect(r0.code).toBe(0);
    rmSync(join(dir, 'damaged', 'trajectories.arrow'));
    const r = await cli(['merge', join(dir, 'damaged'), shard(2, 2), '--out', join(dir, 'never')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('has meta.json but no trajectories.arrow');
  });

  it('a shard whose trajectories.arrow changed after it was written (same length, one byte): exit 2, nothing merged', async () => {
    const mixed = join(dir, 'mixed');
    expect((await cli(['run', join(dir, 's.yaml'), '--shard', '1/2', '--out', mixed])).code).toBe(0);
    const bytes = readFileSync(join(mixed, 'trajectories.arrow'));
    bytes[bytes.length >> 1] ^= 1;
    writeFileSync(join(mixed, 'trajectories.arrow'), bytes);
    const r = await cli(['merge', mixed, shard(2, 2), '--out', join(dir, 'never')]);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(`${mixed} is not the folder urbsim committed: trajectories.arrow does not have the content manifest.json records`);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});
