import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, expectInputError } from '../helpers/cli.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

const dir = writeScenarios({
  'ok.yaml': `${MINIMAL}name: ok\n`,
  'inflow-1e400.yaml': `${MINIMAL}parameters: { inflow: 1e400 }\n`,
  'inflow-1e400-text.yaml': `${MINIMAL}parameters: { inflow: "1e400" }\n`,
  'dist-1e400.yaml': `${MINIMAL}parameters: { inflow: { dist: uniform, min: 0, max: 1e400 } }\n`,
  'baseline-inf.yaml': MINIMAL.replace('resident_pop: 691.8万', 'resident_pop: .inf'),
  'quota-inf.yaml': `${MINIMAL}parameters: { settle_quota: .inf, school_places: "year < 2016 ? 50万 : Infinity" }\n`,
  // lognormal with a median of 1e300 and sigma 10: some draws overflow to Infinity
  'drawn-inf.yaml': `${MINIMAL}variables: { g: { dist: lognormal, median: 1e300, sigma: 10 } }\nparameters: { inflow: 5 }\n`,
  // g·1e308 overflows whenever g > 1.8
  'computed-inf.yaml': `${MINIMAL}variables: { g: { dist: uniform, min: 1, max: 3 } }\nparameters: { inflow: "g * 1e308" }\n`,
  'year-far.yaml': MINIMAL.replace('start: 2013', 'start: -1000000000000'),
  'year-end-far.yaml': MINIMAL.replace('end: 2020', 'end: 1000000000000'),
  'batch/a.yaml': `${MINIMAL}name: a\n`,
  'batch/targets.yaml': `${MINIMAL}name: targets.arrow\n`,
  'lever.yaml': `${MINIMAL}parameters: { inflow: { dist: lognormal, median: 20万, sigma: 0.3 }, settle_quota: 5万, migrant_settle_rate: 5% }\n`,
  // g·10亿 is above 20亿 exactly when g > 2: half of the runs (uniform on 1–3), every year of them
  'drawn-big.yaml': `${MINIMAL}variables: { g: { dist: uniform, min: 1, max: 3 } }\nparameters: { inflow: "g * 10亿" }\n`,
  'flat-sum.yaml': `${MINIMAL}parameters:\n  inflow: "${Array.from({ length: 200_000 }, () => '1').join(' + ')}"\n`,
});

describe('sizes a scenario may not exceed', () => {
  it.each([
    ['year-far.yaml', '1:17 years.start: expected a year from 1949 to 2100, found -1000000000000'],
    ['year-end-far.yaml', '1:28 years.end: expected a year from 1949 to 2100, found 1000000000000'],
  ])('%s: exit 2 with the allowed range (it was "internal error: Invalid typed array length")', async (file, message) => {
    expectInputError(await cli(['validate', join(dir, file)]), `${join(dir, file)}:${message}`);
  });

  it('a flat sum of 200,000 terms: exit 2 with its size and the limits (it overflowed the stack, exit 1)', async () => {
    const r = await cli(['validate', join(dir, 'flat-sum.yaml')]);
    expectInputError(r, `${join(dir, 'flat-sum.yaml')}:4:11 parameters.inflow: the expression is too large: 399,999 parts, 199,999 operations deep; expected at most 10,000 parts and 1,000 deep`);
    expect(r.err.length).toBeLessThan(1000); // the expression is quoted by its start only
  });
});

describe('--seed and --runs are whole numbers in decimal digits only', () => {
  const ok = join(dir, 'ok.yaml');
  // Number() reads "" and " 5" as 0 and 5, 0x10 as 16, 1e3 as 1000: each used to run with a seed or count not typed.
  it.each(['', '0x10', '1e3', ' 5', '5 ', '+5', '-1', '5.0', '4294967296'])('run --seed "%s": exit 2, nothing run', async (raw) => {
    const r = await cli(['run', ok, '--seed', raw, '--runs', '2', '--out', join(dir, 'never')]);
    expectInputError(r, `--seed: expected a whole number from 0 to 4294967295 in decimal digits, found "${raw}"`);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it.each(['', '0x10', '1e3', ' 5', '0', '5.5'])('run --runs "%s": exit 2', async (raw) => {
    expectInputError(await cli(['run', ok, '--runs', raw, '--out', join(dir, 'never')]), `--runs: expected a whole number from 1 to`);
  });

  it.each([
    ['batch', ['batch', ok, '--out', join(dir, 'never')]],
    ['compare', ['compare', ok, ok, '--out', join(dir, 'never')]],
    ['sensitivity', ['sensitivity', ok, '--metric', 'registered_rate', '--year', '2020', '--out', join(dir, 'never')]],
    ['calibrate', ['calibrate', ok, '--observed', 'data/observed/observed.csv', '--out', join(dir, 'never')]],
  ])('%s --runs 0x10: exit 2', async (_, args) => {
    expectInputError(await cli([...args, '--runs', '0x10']), '--runs: expected a whole number from 1 to');
  });

  it('a count typed with thousands separators or full-width digits says what to write', async () => {
    // It said only 'expected a whole number … in decimal digits, found "10,000"'.
    expectInputError(await cli(['run', ok, '--runs', '10,000', '--out', join(dir, 'never')]),
      'urbsim: --runs: expected a whole number from 1 to 10,000,000 in decimal digits, found "10,000" (written with thousands separators: write 10000)\n');
    expectInputError(await cli(['run', ok, '--runs', '１００', '--out', join(dir, 'never')]),
      'urbsim: --runs: expected a whole number from 1 to 10,000,000 in decimal digits, found "１００" (full-width digits, as a Chinese input method types them: write 100)\n');
    expectInputError(await cli(['run', ok, '--seed', '20，140，101', '--out', join(dir, 'never')]),
      'urbsim: --seed: expected a whole number from 0 to 4294967295 in decimal digits, found "20，140，101" (written with full-width characters and thousands separators: write 20140101)\n');
  });

  it('a year typed in full-width digits says what to write (sensitivity, solve, calibrate --until, compare --year)', async () => {
    // They said only 'expected a year such as 2020, found "２０２０"', as --runs had before.
    const wide = ' (full-width digits, as a Chinese input method types them: write 2020)\n';
    expectInputError(await cli(['sensitivity', ok, '--metric', 'registered_rate', '--year', '２０２０', '--out', join(dir, 'never')]), `urbsim: --year: expected a year such as 2020, found "２０２０"${wide}`);
    expectInputError(await cli(['solve', ok, '--lever', 'migrant_settle_rate', '--target', 'registered_rate>=60%', '--metric', 'registered_rate', '--year', '２０２０', '--probability', '80%', '--out', join(dir, 'never')]), `urbsim: --year: expected a year such as 2020, found "２０２０"${wide}`);
    expectInputError(await cli(['calibrate', ok, '--observed', 'data/observed/observed.csv', '--until', '２０１５', '--out', join(dir, 'never')]),
      'urbsim: --until: expected a year such as 2014, found "２０１５" (full-width digits, as a Chinese input method types them: write 2015)\n');
    const other = join(dir, 'other.yaml');
    writeFileSync(other, `${MINIMAL}name: other\n`);
    expectInputError(await cli(['compare', ok, other, '--year', '２０１７，２０２０', '--out', join(dir, 'never')]),
      'urbsim: --year: expected years from 2013 to 2020 separated by commas (e.g. 2014,2020), found "２０１７，２０２０" (full-width characters, as a Chinese input method types them: write 2017,2020)\n');
  });

  it('sensitivity --year "" and --year 2e3: exit 2', async () => {
    for (const y of ['', '2e3'])
      expectInputError(await cli(['sensitivity', ok, '--metric', 'registered_rate', '--year', y, '--out', join(dir, 'never')]), `--year: expected a year such as 2020, found "${y}"`);
  });

  it('decimal digits are read as they are, leading zeros too', async () => {
    const r = await cli(['run', ok, '--seed', '0042', '--runs', '03', '--out', join(dir, 'seeded')]);
    expect(r.code, r.err).toBe(0);
    const meta = JSON.parse(readFileSync(join(dir, 'seeded', 'meta.json'), 'utf8'));
    expect([meta.seed ?? meta.scenario?.monte_carlo?.seed, meta.runs]).toEqual([42, 3]);
  });
});

describe('numbers that must be finite', () => {
  it.each([
    ['inflow-1e400.yaml', '3:23 parameters.inflow: expected a number of persons from 0 to 20亿 (more people than China has), found Infinity (written .inf, or as a number beyond about 1.8e308)'],
    ['inflow-1e400-text.yaml', '3:23 parameters.inflow: expected a number of persons from 0 to 20亿 (more people than China has), found 1e400 (beyond about 1.8e308, so infinite)'],
    ['dist-1e400.yaml', '3:53 parameters.inflow.max: expected a number of persons from 0 to 20亿 (more people than China has), found Infinity'],
    ['baseline-inf.yaml', 'baseline.resident_pop: expected a number of persons from 1 to 20亿 (more people than China has), found Infinity (written .inf, or as a number beyond about 1.8e308)'],
  ])('%s: exit 2 naming the key (every run used to be NaN, exit 0)', async (file, message) => {
    const r = await cli(['run', join(dir, file), '--runs', '2', '--out', join(dir, 'never')]);
    expectInputError(r, file.startsWith('baseline') ? message : `${join(dir, file)}:${message}`);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('.inf where it means no limit (a quota, school places) is still allowed, in an expression too', async () => {
    const r = await cli(['run', join(dir, 'quota-inf.yaml'), '--runs', '2', '--out', join(dir, 'quota')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toContain('warning: school_places');
  });

  it.each([1, 2])('a distribution drawn as Infinity stops the run: exit 2 naming the variable and the run, nothing written (%i workers)', async (workers) => {
    const out = join(dir, `drawn-${workers}`);
    const r = await cli(['run', join(dir, 'drawn-inf.yaml'), '--runs', '200', '--workers', String(workers), '--out', out]);
    expectInputError(r, /drawn-inf: run \d+ drew g = Infinity; every drawn value must be finite: narrow or truncate its distribution/);
    expect(existsSync(out)).toBe(false);
  });

  it.each([1, 2])('an expression of drawn values that overflows stops the run: exit 2 naming the parameter, the run and the year (%i workers)', async (workers) => {
    const r = await cli(['run', join(dir, 'computed-inf.yaml'), '--runs', '200', '--workers', String(workers), '--out', join(dir, 'never')]);
    expectInputError(r, /computed-inf: run \d+: inflow \(expression\) is not finite in 2014 with g = [\d.]+ drawn; every value of inflow must be finite/);
    // the run named is the first that overflows: g > 1.8 there and in no run before it
    const run = Number(/run (\d+):/.exec(r.err)![1]);
    expect(Number(/g = ([\d.]+)/.exec(r.err)![1])).toBeGreaterThan(1.79);
    expect(run).toBeLessThan(200);
  });

  it('an existing output folder is left as it was when a run stops on a non-finite value', async () => {
    // One file edited between its two runs (another file's run into the folder is refused before it starts).
    const out = join(dir, 'kept');
    const edited = join(dir, 'edited.yaml');
    writeFileSync(edited, readFileSync(join(dir, 'ok.yaml'), 'utf8'));
    expect((await cli(['run', edited, '--runs', '3', '--out', out])).code).toBe(0);
    const before = readFileSync(join(out, 'meta.json'), 'utf8');
    writeFileSync(edited, readFileSync(join(dir, 'drawn-inf.yaml'), 'utf8'));
    expectInputError(await cli(['run', edited, '--runs', '200', '--out', out]), 'drew g = Infinity');
    expect(readFileSync(join(out, 'meta.json'), 'utf8')).toBe(before);
  });
});

describe('counts other than the base year\'s are bounded at 20亿 too (1e308 ran, and a rate printed 0.0 %)', () => {
  const lever = join(dir, 'lever.yaml');
  it.each([
    ['solve', ['solve', lever, '--lever', 'inflow=0..1e308', '--target', 'resident_rate>=70%@2020', '--probability', '80%'], 'range of inflow [0, 1e+308] leaves its bounds: inflow is a number of persons from 0 to 20亿 (more people than China has)'],
    ['solve', ['solve', lever, '--lever', 'settle_quota=0..3e9', '--target', 'registered_rate>=70%@2020', '--probability', '80%'], 'range of settle_quota [0, 3000000000] leaves its bounds: settle_quota is a number of persons from 0 to 20亿 (more people than China has)'],
    ['solve', ['solve', lever, '--lever', 'settle_quota=0..20万', '--target', 'resident_pop>=1e308@2020', '--probability', '80%'], 'target value of resident_pop: expected a number of persons from 0 to 20亿 (more people than China has), found 1e308'],
    ['sensitivity', ['sensitivity', lever, '--metric', 'registered_rate', '--year', '2020', '--lever', 'inflow=0..1e308'], '--lever: range of inflow [0, 1e+308] leaves its bounds'],
  ])('%s %j: exit 2, nothing written', async (_, args, message) => {
    const out = join(dir, 'never');
    expectInputError(await cli([...args, '--runs', '20', '--out', out]), message);
    expect(existsSync(out)).toBe(false);
  });

  it('a reversed range is said in the lever\'s units (it was "found 0.5, 0.1")', async () => {
    const r = await cli(['solve', lever, '--lever', 'migrant_settle_rate=50%..10%', '--target', 'registered_rate>=70%@2020', '--probability', '80%', '--runs', '20', '--out', join(dir, 'never')]);
    expectInputError(r, 'range of migrant_settle_rate: expected two finite numbers, low < high, found 50%, 10%');
  });

  it('a count without a range to search still says so, not "search 0 to 20亿"', async () => {
    const r = await cli(['solve', lever, '--lever', 'settle_quota', '--target', 'registered_rate>=70%@2020', '--probability', '80%', '--runs', '20', '--out', join(dir, 'never')]);
    expectInputError(r, 'settle_quota has no finite range to search (a number of persons ≥ 0, and');
  });

  it('an expression of drawn values above 20亿 is warned about in the runs where it is, said as not clamped', async () => {
    const r = await cli(['run', join(dir, 'drawn-big.yaml'), '--runs', '100', '--out', join(dir, 'big')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out + r.err).toContain(
      'warning: inflow (expression) gave values below 0 or above 20亿 (more people than China has) or not finite in 50 of 100 runs, 350 run-years (negatives clamped to 0, more than 20亿 used as computed; a non-finite value makes the run NaN)',
    );
  });
});

describe('batch', () => {
  it('a scenario named like one of the batch\'s own files is refused before anything runs', async () => {
    const out = join(dir, 'batch-out');
    const r = await cli(['batch', join(dir, 'batch'), '--runs', '2', '--out', out]);
    expectInputError(r, `${join(dir, 'batch', 'targets.yaml')}: the scenario is named "targets.arrow", but the batch itself writes ${join(out, 'targets.arrow')}; give the scenario another \`name:\``);
    expect(r.err).not.toMatch(/runs \(/); // no progress: nothing ran
    expect(existsSync(out)).toBe(false);
  });
});
