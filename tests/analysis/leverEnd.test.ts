import { describe, expect, it } from 'vitest';
import type { LeverRange } from '../../src/analysis/leverRange.ts';
import { leverEnd, leverReach, leverText, missedTargetsText } from '../../src/analysis/solveLever.ts';
import { PARAMETERS } from '../../src/scenario/parameterKeys.ts';
import type { TargetSpec } from '../../src/scenario/resolved.ts';
import { RATE_RULE, VARIABLE_RULE, parameterRule } from '../../src/scenario/valueRule.ts';

const range = (lo: number, hi: number, from: LeverRange['from'], rule = RATE_RULE): LeverRange => ({ lo, hi, from, rule, integer: false, spec: { kind: 'number', value: lo } });
// settle_quota's rule: persons, 0 to 20亿, 20亿 meaning no ceiling.
const QUOTA = parameterRule(PARAMETERS.settle_quota);
/** Values as written here: v0.03, not a percentage (leverText is tested below on its own). */
const v = (x: number) => `v${x}`;

describe('leverReach: the end the search pushes a lever towards, whether it is the bound, and the bound', () => {
  it('a rate from 3 % to 9 %: the high end for min (bound 100 %), the low end for max (bound 0 %), neither the bound', () => {
    expect(leverReach(range(0.03, 0.09, 'option'), 'min')).toEqual({ end: 0.09, atBound: false, bound: 1 });
    expect(leverReach(range(0.03, 0.09, 'option'), 'max')).toEqual({ end: 0.03, atBound: false, bound: 0 });
  });
  it('a rate over 0 %..100 %: each end its bound', () => {
    expect(leverReach(range(0, 1, 'bounds'), 'min')).toEqual({ end: 1, atBound: true, bound: 1 });
    expect(leverReach(range(0, 1, 'bounds'), 'max')).toEqual({ end: 0, atBound: true, bound: 0 });
  });
  it('a quota: 20亿 is no ceiling (bound ∞); its floor 0 is one', () => {
    expect(leverReach(range(1000, 200_000, 'option', QUOTA), 'min')).toEqual({ end: 200_000, atBound: false, bound: Infinity });
    expect(leverReach(range(0, 200_000, 'option', QUOTA), 'max')).toEqual({ end: 0, atBound: true, bound: 0 });
  });
});

describe('leverEnd: where the search stopped, in words', () => {
  it('at its bound: no further', () => {
    expect(leverEnd('a', 'min', range(0.03, 1, 'option'), v)).toEqual({ atBound: true, end: 1, text: 'a at v1, its bound' });
  });
  it('at the end of the range given, for min: up to the bound, with --range or --lever', () => {
    expect(leverEnd('a', 'min', range(0.03, 0.09, 'option'), v)).toEqual({ atBound: false, end: 0.09, text: 'a at v0.09, the end of the range given (it may go to v1: try --range v0.03,v1)' });
    expect(leverEnd('a', 'min', range(0.03, 0.09, 'option'), v, { multi: true }).text).toBe('a at v0.09, the end of the range given (it may go to v1: try --lever a=v0.03..v1)');
  });
  it("at the end of the scenario's distribution, for max: down to the bound", () => {
    expect(leverEnd('a', 'max', range(0.03, 0.09, 'distribution'), v)).toEqual({
      atBound: false,
      end: 0.03,
      text: "a at v0.03, the end of the range of the scenario's distribution (it may go to v0: try --range v0,v0.09)",
    });
  });
  it('no bound that way: widen the range (--range, or --lever K=LO..HI)', () => {
    expect(leverEnd('settle_quota', 'min', range(0, 200_000, 'option', QUOTA), v).text).toBe('settle_quota at v200000, the end of the range given (it has no upper bound: widen --range)');
    expect(leverEnd('g', 'max', range(-0.05, 0.05, 'option', VARIABLE_RULE), v, { multi: true }).text).toBe('g at v-0.05, the end of the range given (it has no lower bound: widen --lever g=LO..HI)');
  });
});

describe('leverText: percent for a rate and for a variable written in percent', () => {
  it('a variable written in percent reads in percent; one not, as a number', () => {
    expect(leverText(0.0625, { rule: VARIABLE_RULE, integer: false, percent: true })).toBe('6.25%');
    expect(leverText(0.0625, { rule: VARIABLE_RULE, integer: false })).toBe('0.0625');
  });
});

describe('missedTargetsText: which of joint targets a point still misses', () => {
  const settled: TargetSpec = { id: 's', metric: 'settled', op: '>=', value: 50_000, year: 2030 };
  const migrants: TargetSpec = { id: 'm', metric: 'migrant_pop', op: '<=', value: 1_500_000, year: 2030 };
  it('those met in fewer runs than asked, in order; one met exactly as asked is not missed', () => {
    expect(missedTargetsText([settled, migrants], [0.8, 0.42], 0.8)).toBe('; there, migrant_pop ≤ 1,500,000 in 2030 is met in 42.0% of runs');
    expect(missedTargetsText([settled, migrants], [0.1, 0.42], 0.8)).toBe('; there, settled ≥ 50,000 in 2030 is met in 10.0% of runs, migrant_pop ≤ 1,500,000 in 2030 is met in 42.0% of runs');
  });
  it('nothing for a single target, or when none is missed', () => {
    expect(missedTargetsText([migrants], [0.42], 0.8)).toBe('');
    expect(missedTargetsText([settled, migrants], [0.9, 0.8], 0.8)).toBe('');
  });
});
