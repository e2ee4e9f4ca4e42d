import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, expectInputError } from '../helpers/cli.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

// A variable has no bounds of its own; what it feeds has (parameterKeys.ts). MINIMAL projects 2013 → 2020 (t = 1 … 7);
// a sensitivity analysis needs a second input drawn, which feeds none of the parameters checked.
const DRAWN = 'local_settle_rate: { dist: uniform, min: 3%, max: 9% }';
const files = () =>
  writeScenarios({
    // Dalian's migrant inflow: 20万 a year growing by g (a growth may be negative).
    'growth.yaml': `${MINIMAL}name: growth\nvariables: { g: 0% }\nparameters: { inflow: "20万 * (1 + g) ^ t", ${DRAWN} }\n`,
    // Changshu's access to public school, widened by a a year, never past 100 %.
    'access.yaml': `${MINIMAL}name: access\nvariables: { a: 2% }\nparameters: { public_access_share: "min(70% + a * t, 100%)", ${DRAWN} }\n`,
    // A share read through abs: 5 % at a = ±10 %, −5 % at a = 0.
    'dip.yaml': `${MINIMAL}name: dip\nvariables: { a: 10% }\nparameters: { public_access_share: "abs(a) - 5%", ${DRAWN} }\n`,
  });
const sensitivity = (file: string, lever: string, out: string) =>
  cli(['sensitivity', file, '--metric', 'registered_rate', '--year', '2020', '--runs', '20', '--bootstrap', '10', '--lever', lever, '--out', out]);

describe("a lever's range given on the command line, at whose end what the lever feeds leaves its bounds, is refused", () => {
  it('sensitivity: inflow_growth at −150 % makes the inflow negative; −5 %..5 % (negative growth) is accepted', async () => {
    const dir = files();
    const out = join(dir, 'out');
    // t = 1 (2014): 200000 · (1 − 1.5) = −100000; t = 2: +50000; t = 3: −25000: furthest out in 2014.
    const r = await sensitivity(join(dir, 'growth.yaml'), 'g=-150%..5%', out);
    expectInputError(r, '--lever g=-150%..5%: at -150%, g takes inflow to -100000 in 2014, outside its bounds (a number of persons from 0 to 20亿');
    expect(r.err).toContain('every other input at its median: give g a range over which what it feeds keeps its bounds');
    expect(existsSync(out)).toBe(false);
    // 200000 · 0.95^t > 0 for every t: a shrinking inflow is a scenario, not a slip.
    const ok = await sensitivity(join(dir, 'growth.yaml'), 'g=-5%..5%', out);
    expect(ok.code, ok.err).toBe(0);
  }, 60_000);

  it('the year named is the one furthest out, and the high end is checked as the low one', async () => {
    const dir = files();
    // a = −12 %: 70 % − 12 % · 6 = −2 % in 2019, 70 % − 12 % · 7 = −14 % in 2020.
    expectInputError(await sensitivity(join(dir, 'access.yaml'), 'a=-12%..3%', join(dir, 'o1')), 'at -12%, a takes public_access_share to -14% in 2020, outside its bounds (a rate from 0% to 100%)');
    // min(…, 100 %) keeps any high end in bounds; a low end of 0 % too.
    expect((await sensitivity(join(dir, 'access.yaml'), 'a=0%..50%', join(dir, 'o2'))).code).toBe(0);
    // A high end refused: 200000 · 4^7 = 3276800000 in 2020, past 20亿 (2019: 200000 · 4^6 = 819200000, within).
    expectInputError(await sensitivity(join(dir, 'growth.yaml'), 'g=-5%..300%', join(dir, 'o3')), '--lever g=-5%..300%: at 300%, g takes inflow to 3276800000 in 2020, outside its bounds');
  }, 60_000);

  it('a value inside the range is tried too: abs(a) − 5 % is in bounds at both ends of −10 %..10 %, not at 0 %', async () => {
    const dir = files();
    const out = join(dir, 'out');
    expectInputError(await sensitivity(join(dir, 'dip.yaml'), 'a=-10%..10%', out), '--lever a=-10%..10%: at 0% (inside the range), a takes public_access_share to -5% in 2014, outside its bounds (a rate from 0% to 100%)');
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('solve: --range and --lever K=LO..HI are refused alike, before the output folder is made', async () => {
    const dir = files();
    const out = join(dir, 'solve');
    const solve = (...lever: string[]) => cli(['solve', join(dir, 'growth.yaml'), ...lever, '--target', 'registered_rate@2020', '--probability', '50%', '--runs', '20', '--out', out]);
    expectInputError(await solve('--lever', 'g', '--range', '-150%,5%'), '--range -150%,5%: at -150%, g takes inflow to -100000 in 2014');
    expectInputError(await solve('--lever', 'g=-150%..5%'), '--lever g=-150%..5%: at -150%, g takes inflow to -100000 in 2014');
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
