import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { leverEndOutside } from '../../src/montecarlo/leverBounds.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

// leverEndOutside on scenarios that draw each lever over its range themselves (as withLeverRanges writes it).
// MINIMAL projects 2013 → 2020 (t = 1 … 7).
const dir = writeScenarios({
  // The inflow reads g through a second variable: k = 2g.
  'chain.yaml': `${MINIMAL}name: chain\nvariables: { g: { dist: uniform, min: -150%, max: 5% }, k: "g * 2" }\nparameters: { inflow: "20万 * (1 + k) ^ t" }\n`,
  // The share adds a lognormal input of median 50 % (mean 50 % · e^0.5 = 82 %) to a from −60 % to 0 %.
  'median.yaml': `${MINIMAL}name: median\nvariables: { a: { dist: uniform, min: -60%, max: 0% }, m: { dist: lognormal, median: 50%, sigma: 1 } }\nparameters: { public_access_share: "m + a" }\n`,
  // The share reads h alone (at its median −5 %, out of bounds), not the lever g.
  'other.yaml': `${MINIMAL}name: other\nvariables: { g: { dist: uniform, min: -5%, max: 5% }, h: { dist: uniform, min: -10%, max: 0% } }\nparameters: { inflow: "20万 * (1 + g) ^ t", public_access_share: "h" }\n`,
  // Two levers: g keeps the inflow positive over its range, a takes the share below 0 at its low end.
  'two.yaml': `${MINIMAL}name: two\nvariables: { g: { dist: uniform, min: -5%, max: 5% }, a: { dist: uniform, min: -50%, max: 0% } }\nparameters: { inflow: "20万 * (1 + g) ^ t", public_access_share: "30% + a" }\n`,
  // |(|a| − 1/2)| − 1/10: 0.4 at both ends of −1..1, −0.1 at a = −1/2 and 1/2 alike (k = 4 and 12 of 16: exact in binary).
  'tie.yaml': `${MINIMAL}name: tie\nvariables: { a: { dist: uniform, min: -1, max: 1 } }\nparameters: { public_access_share: "abs(abs(a) - 0.5) - 0.1" }\n`,
  // Levers that are not drawn over a range: an expression, a normal law.
  'notRange.yaml': `${MINIMAL}name: notRange\nvariables: { g: { dist: normal, mean: 0%, sd: 2% }, k: "g * 2" }\nparameters: { inflow: "20万 * (1 + k) ^ t" }\n`,
});
const at = (file: string, levers: string[]) => leverEndOutside(loadScenario(join(dir, `${file}.yaml`)), levers);

describe('leverEndOutside', () => {
  it('follows the lever through a variable, and names the year furthest out: 20万 · (1 − 300 %)^7 = −2,560万 in 2020', () => {
    // k = −3 at g = −150 %: 20万 · (−2)^t is −40万 in 2014, −160万 in 2016, −640万 in 2018, −2,560万 in 2020.
    expect(at('chain', ['g'])).toMatchObject({ lever: 'g', end: 0, at: -1.5, parameter: 'inflow', year: 2020, value: -25_600_000 });
  });

  it('sets every other drawn input at its median, not its mean: 50 % − 60 % = −10 % (the mean would give 22 %)', () => {
    const o = at('median', ['a'])!;
    expect(o).toMatchObject({ lever: 'a', end: 0, at: -0.6, parameter: 'public_access_share', year: 2014 });
    expect(o.value).toBeCloseTo(-0.1, 12);
  });

  it('names only what the lever feeds: a share out of bounds by another input alone is not the lever\'s', () => {
    expect(at('other', ['g'])).toBeUndefined();
  });

  it('tries every lever given: the first in bounds, the second named', () => {
    expect(at('two', ['g', 'a'])).toMatchObject({ lever: 'a', end: 0, at: -0.5, parameter: 'public_access_share', year: 2014, value: -0.2 });
    expect(at('two', ['g'])).toBeUndefined();
  });

  it('of values inside equally far out, the first is named (a = −1/2, not 1/2)', () => {
    const o = at('tie', ['a'])!;
    expect(o).toMatchObject({ lever: 'a', at: -0.5, parameter: 'public_access_share', year: 2014, value: -0.1 });
    expect(o.end).toBeUndefined();
  });

  it('a lever not drawn over a range (an expression, a normal law, none of the scenario\'s) is a caller\'s error', () => {
    for (const lever of ['k', 'g', 'none']) expect(() => at('notRange', [lever])).toThrow(`leverEndOutside: ${lever} is not drawn over a range in the scenario given`);
  });
});
