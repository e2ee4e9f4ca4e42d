import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { workerCount } from '../../src/cli/workerCount.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

// Mistakes a user makes on the command line (found by a fresh-user test): each is exit code 2 with a message
// naming what was wrong and where, never "internal error", and nothing is written.
const dir = writeScenarios({
  'a.yaml': `name: a\n${MINIMAL}monte_carlo: { seed: 7 }\n`,
  'short.yaml': 'extends: a.yaml\nname: short\nyears: { start: 2013, end: 2017 }\n',
  'other-seed.yaml': 'extends: a.yaml\nname: other-seed\nmonte_carlo: { seed: 9 }\n',
  'twin/a.yaml': 'extends: ../a.yaml\nname: a\n',
  // 691.8万 residents, 591.4万 registered (seed 004 L887–889), 10万 away: migrants must be 110.4万, not 50万.
  'bad-baseline.yaml': 'extends: a.yaml\nname: bad-baseline\nbaseline: { migrant_pop: 50万, away_pop: 10万 }\n',
  'folder/one.yaml': `name: one\n${MINIMAL}`,
  'folder/two.yaml': `name: two\n${MINIMAL}`,
});
const f = (name: string) => join(dir, name);

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

describe('bad command-line input: exit 2, a clear message, nothing written', () => {
  it.each([
    ['compare of variants with different years', ['compare', f('a.yaml'), f('short.yaml'), '--runs', '4', '--out', f('out-years')],
      /short\.yaml projects 2013–2017 but .*a\.yaml 2013–2020: compared variants need the same years/, 'out-years'],
    ['compare --metric with a typo', ['compare', f('a.yaml'), f('other-seed.yaml'), '--metric', 'registred_rate', '--out', f('out-metric')],
      /unknown metric `registred_rate`, did you mean `registered_rate`\?/, 'out-metric'],
    ['batch of two scenarios with one name', ['batch', f('a.yaml'), f('twin/a.yaml'), '--runs', '4', '--out', f('out-twins')],
      /two scenarios are named "a": .*a\.yaml and .*twin\/a\.yaml; each writes the folder <out>\/a/, 'out-twins'],
    ['merge of a folder that does not exist', ['merge', f('nowhere'), '--out', f('out-merge')],
      /merge: .*nowhere is not a run folder \(no meta\.json\)/, 'out-merge'],
    ['a baseline that does not add up, named by file and key', ['run', f('bad-baseline.yaml'), '--runs', '4', '--out', f('out-baseline')],
      /bad-baseline\.yaml: inconsistent baseline \(keys under baseline:\):\n {2}- baseline\.resident_pop 691\.80万 must equal baseline\.registered_pop 591\.40万 − baseline\.away_pop 10\.00万 \+ baseline\.migrant_pop 50\.00万 = 631\.40万/, 'out-baseline'],
    ['calibrate --accept above 100 %', ['calibrate', f('a.yaml'), '--observed', f('none.csv'), '--accept', '150%', '--out', f('out-accept')],
      /--accept: expected the share of runs kept, a number in \(0, 1\] such as 0\.1 or 10%, found "150%"/, 'out-accept'],
  ])('%s', async (_, args, message, out) => {
    const r = await run(args);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/internal error/);
    expect(r.code).toBe(2);
    expect(existsSync(f(out))).toBe(false);
  });

  it('run --out naming an existing file: refused before running, the file untouched', async () => {
    writeFileSync(f('a-file'), 'keep me');
    const r = await run(['run', f('a.yaml'), '--runs', '4', '--out', f('a-file')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--out: .*a-file is a file; expected a folder/);
    expect(r.out).toBe('');
    expect(readFileSync(f('a-file'), 'utf8')).toBe('keep me');
  });

  it('merge of one shard given twice, or a shard missing, says which runs', async () => {
    for (const k of [1, 2]) expect((await run(['run', f('a.yaml'), '--runs', '10', '--shard', `${k}/2`, '--out', f(`shard${k}`)])).code).toBe(0);
    const twice = await run(['merge', f('shard1'), f('shard1'), f('shard2'), '--out', f('merged')]);
    expect(twice.code).toBe(2);
    expect(twice.err).toMatch(/runs 0–4 are in two shard folders/);
    const missing = await run(['merge', f('shard1'), '--out', f('merged')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/runs 5–9 of 10 are missing: the shards given cover runs 0–4/);
    expect(existsSync(f('merged'))).toBe(false);
  }, 20_000);
});

describe('inputs that are fine once understood', () => {
  it('validate accepts a folder and checks every scenario in it', async () => {
    const r = await run(['validate', f('folder')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`${join(f('folder'), 'one.yaml')}: ok`);
    expect(r.out).toContain(`${join(f('folder'), 'two.yaml')}: ok`);
  });

  it('schema --out creates the folders it needs', async () => {
    const target = f('deep/er/urbsim.schema.json');
    expect((await run(['schema', '--out', target])).code).toBe(0);
    expect(JSON.parse(readFileSync(target, 'utf8')).$schema).toBeTruthy();
  });

  it('compare says when it overrides a variant\'s own seed (common random numbers need one)', async () => {
    const r = await run(['compare', f('a.yaml'), f('other-seed.yaml'), '--runs', '4', '--out', f('out-seed')]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/compare runs every variant with seed 7 \(common random numbers\); overriding .*other-seed\.yaml's 9/);
    expect(r.out).toContain('a run where both are equal counts half');
    expect(readdirSync(f('out-seed')).sort()).toEqual(['a', 'compare.arrow', 'other-seed']);
  }, 20_000);

  it('--workers beyond the cores is capped with a note (results do not depend on it)', () => {
    let note = '';
    expect(workerCount('8', (s) => { note += s; }, 2)).toBe(2);
    expect(note).toMatch(/--workers 8 capped at 2/);
    expect(workerCount('2', () => { throw new Error('no note expected'); }, 2)).toBe(2);
  });
});
