import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisInputError } from '../../src/analysis/analysisInputError.ts';
import { LeverEndError, leverRange } from '../../src/analysis/leverRange.ts';
import { solveFrontier } from '../../src/analysis/solveFrontier.ts';
import { solveLever } from '../../src/analysis/solveLever.ts';
import { solveTargets } from '../../src/analysis/solveTargets.ts';
import { withLeverRanges } from '../../src/analysis/withLeverRanges.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

// The library refuses what the CLI's --lever / --range refuse (tests/cli/leverEnds.test.ts): a variable has no bounds
// of its own, what it feeds has. MINIMAL projects 2013 → 2020 (t = 1 … 7).
const dir = writeScenarios({
  // Dalian's migrant inflow: 20万 a year growing by g, plus h · 20万 (h a second lever).
  'growth.yaml': `${MINIMAL}name: growth\nvariables: { g: 0%, h: 0% }\nparameters: { inflow: "20万 * (1 + g) ^ t + 20万 * h", local_settle_rate: { dist: uniform, min: 3%, max: 9% } }\n`,
  // A share read through abs: not monotone in a.
  'dip.yaml': `${MINIMAL}name: dip\nvariables: { a: 10% }\nparameters: { public_access_share: "abs(a) - 5%" }\n`,
});
const growth = loadScenario(join(dir, 'growth.yaml'));
// t = 1 (2014): 200000 · (1 − 1.5) = −100000, h = 0: the year furthest out (t = 2: +50000, t = 3: −25000).
const REFUSED = 'range of g [-150%, 5%]: at -150%, g takes inflow to -100000 in 2014, outside its bounds (a number of persons from 0 to 20亿';

describe("the library refuses a lever's range at whose end what the lever feeds leaves its bounds", () => {
  it('leverRange and withLeverRanges: a typed error (an AnalysisInputError: exit 2 in the CLI) saying where', () => {
    for (const call of [() => leverRange(growth, 'g', [-1.5, 0.05]), () => withLeverRanges(growth, [{ lever: 'g', lo: -1.5, hi: 0.05 }])]) {
      let e: unknown;
      try {
        call();
      } catch (x) {
        e = x;
      }
      expect(e).toBeInstanceOf(LeverEndError);
      expect(e).toBeInstanceOf(AnalysisInputError);
      expect((e as Error).message).toContain(REFUSED);
      expect((e as LeverEndError).found).toMatchObject({ lever: 'g', end: 0, parameter: 'inflow', year: 2014, value: -100_000 });
    }
    // 200000 · 0.95^t > 0 for every t: a shrinking inflow is a scenario, not a slip.
    expect(leverRange(growth, 'g', [-0.05, 0.05])).toMatchObject({ lo: -0.05, hi: 0.05, from: 'option' });
    expect(withLeverRanges(growth, [{ lever: 'g', lo: -0.05, hi: 0.05 }]).variables.g).toEqual({ kind: 'dist', spec: { dist: 'uniform', min: -0.05, max: 0.05 } });
  });

  it('says the values computed to 12 significant figures, not with the float sum\'s last bits', () => {
    // 200000 · (1 − 1.2) computes to −39999.99999999999.
    expect(() => leverRange(growth, 'g', [-1.2, 0])).toThrow('range of g [-120%, 0%]: at -120%, g takes inflow to -40000 in 2014, outside its bounds');
  });

  it('withLeverRanges tries each end with the other levers over their ranges, leverRange with them as the scenario has them', () => {
    // g = −200 %: 200000 · (−1)^t = −200000 in odd years with h = 0 (the scenario's), 2014 first; + 200000 · 1.5 =
    // +300000 with h at the midpoint of 100 %..200 %: 100000 or 500000. h's ends with g at −100 %: 0 + 200000 · h ≥ 200000.
    expect(() => leverRange(growth, 'g', [-2, 0])).toThrow('range of g [-200%, 0%]: at -200%, g takes inflow to -200000 in 2014');
    const both = withLeverRanges(growth, [{ lever: 'g', lo: -2, hi: 0 }, { lever: 'h', lo: 1, hi: 2 }]);
    expect(both.variables.h).toEqual({ kind: 'dist', spec: { dist: 'uniform', min: 1, max: 2 } });
  });

  it('solveLever and solveFrontier refuse the range before anything runs', async () => {
    const targets = solveTargets(growth, 'registered_rate>=60%@2020');
    await expect(solveLever(growth, { lever: 'g', range: [-1.5, 0.05], targets, probability: 0.5, runs: 20 })).rejects.toThrow(REFUSED);
    await expect(
      solveFrontier(growth, { levers: [{ lever: 'g', range: [-1.5, 0.05] }, { lever: 'local_settle_rate', range: [0.03, 0.09] }], targets, probability: 0.5, runs: 20 }),
    ).rejects.toThrow(REFUSED);
  });

  it('tries values inside the range too: what the lever feeds may dip out of its bounds between two ends in bounds', () => {
    const dip = loadScenario(join(dir, 'dip.yaml'));
    // abs(±10 %) − 5 % = 5 % at both ends; inside, a = −10 % + 20 % · k/16: abs(a) − 5 % < 0 for k = 5 … 11, furthest
    // (−5 %) at k = 8, a = 0, in every year: 2014 named, the first.
    expect(() => leverRange(dip, 'a', [-0.1, 0.1])).toThrow('range of a [-10%, 10%]: at 0% (inside the range), a takes public_access_share to -5% in 2014, outside its bounds (a rate from 0% to 100%)');
    expect(() => withLeverRanges(dip, [{ lever: 'a', lo: -0.1, hi: 0.1 }])).toThrow(LeverEndError);
    // 5 %..10 %: abs(a) − 5 % from 0 % to 5 %, in bounds throughout.
    expect(leverRange(dip, 'a', [0.05, 0.1])).toMatchObject({ lo: 0.05, hi: 0.1 });
  });
});
