import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { AGES, LifeTableFamily, SurvivalRatios, defaultLifeTables } from '../../src/model/index.ts';
import { standardMortality } from '../../src/model/standards.ts';

describe('Brass logit life tables on the WPP 2019 China standard', () => {
  const lt = defaultLifeTables();
  const s = new SurvivalRatios();

  it("reproduces the standard's e0 at α = 0", () => {
    // WPP 2019 China 2010–15 e0: M 73.07, F 77.45 (reference table wpp2019_e0). Our single-year
    // rebuild of the abridged table (constant hazard in each group, a0 = 0.1) lands within 0.15 year.
    lt.M.fillAlpha(0, s);
    expect(Math.abs(s.e0 - 73.07)).toBeLessThan(0.15);
    lt.F.fillAlpha(0, s);
    expect(Math.abs(s.e0 - 77.45)).toBeLessThan(0.15);
  });

  it.each([45, 60, 72.38, 77.37, 85, 92])('finds the member with e0 = %d', (e0) => {
    lt.F.fill(e0, s);
    expect(s.e0).toBeCloseTo(e0, 3);
  });

  it('gives survival ratios in (0, 1] that fall with age after childhood', () => {
    lt.M.fill(75, s);
    for (let x = 0; x < AGES; x++) {
      expect(s.ratio[x]).toBeGreaterThan(0);
      expect(s.ratio[x]).toBeLessThanOrEqual(1);
    }
    for (let x = 30; x < 98; x++) expect(s.ratio[x + 1]).toBeLessThanOrEqual(s.ratio[x]);
    // Higher e0 ⇒ every ratio at least as high.
    const hi = new SurvivalRatios();
    lt.M.fill(80, hi);
    for (let x = 0; x < AGES; x++) expect(hi.ratio[x]).toBeGreaterThanOrEqual(s.ratio[x]);
  });
});

/**
 * The life table written out from its formula (src/model/README.md §1) on the shipped WPP death rates read here
 * from the CSV: l_s(x+1) = l_s(x)·exp(−m(x)) with m constant in each abridged group; the member of level α has
 * logit l(x) = α + logit l_s(x), logit l = ½ ln((1 − l)/l); L(0) = l(1) + 0.1 (1 − l(1)) (a0 = 0.1);
 * L(x) = ½ (l(x) + l(x+1)); L(100+) = l(100) / m(100+), the standard's open rate scaled by q(99)/q_s(99).
 */
function handTable(sex: 'M' | 'F', alpha: number) {
  const m: number[] = new Array(101).fill(NaN);
  for (const line of readFileSync('data/demography/wpp2019_mx_2010_2015.csv', 'utf8').trim().split('\n').slice(1)) {
    const [s, group, mx] = line.split(',');
    if (s !== sex) continue;
    const [a, b] = group.replace('+', '').split('-').map(Number);
    for (let x = a; x <= (b ?? a); x++) m[x] = Number(mx);
  }
  const ls = [1];
  for (let x = 0; x <= 100; x++) ls.push(ls[x] * Math.exp(-m[x]));
  const logit = (v: number) => 0.5 * Math.log((1 - v) / v);
  const l = ls.map((v, x) => (x === 0 ? 1 : 1 / (1 + Math.exp(2 * (alpha + logit(v))))));
  const L: number[] = [l[1] + 0.1 * (1 - l[1])];
  for (let x = 1; x < 100; x++) L.push(0.5 * (l[x] + l[x + 1]));
  const q99 = 1 - l[100] / l[99];
  const q99s = 1 - ls[100] / ls[99];
  L.push(l[100] / (m[100] * (q99 / q99s)));
  const e0 = L.reduce((a, v) => a + v, 0);
  const ratio = L.slice(1, 100).map((v, x) => v / L[x]);
  const open = L[100] / (L[99] + L[100]);
  ratio.push(open, open);
  return { l, L, e0, ratio };
}

describe('the life table against its formula, computed by hand', () => {
  const s = new SurvivalRatios();
  it.each([
    ['M', 0], ['F', 0], ['M', -0.45], ['F', 0.7],
  ] as const)('%s at α = %d: l, L, e0, survival ratios and the newborns\' L(0)', (sex, alpha) => {
    // A family of its own, not the shared one: the standard's logits are computed here, under this test.
    new LifeTableFamily(standardMortality()[sex]).fillAlpha(alpha, s);
    const h = handTable(sex, alpha);
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    for (let x = 0; x <= 100; x++) {
      expect(rel(s.l[x], h.l[x]), `l(${x})`).toBeLessThan(1e-12);
      expect(rel(s.L[x], h.L[x]), `L(${x})`).toBeLessThan(1e-12);
      expect(rel(s.ratio[x], h.ratio[x]), `ratio(${x})`).toBeLessThan(1e-12);
    }
    expect(rel(s.e0, h.e0)).toBeLessThan(1e-12);
    expect(rel(s.birthSurvival, h.L[0])).toBeLessThan(1e-12);
  });

  it('fill(e0) picks a member of the family: logit l(x) − logit l_s(x) is one α at every age', () => {
    new LifeTableFamily(standardMortality().F).fill(81.3, s);
    const std = handTable('F', 0).l;
    const logit = (v: number) => 0.5 * Math.log((1 - v) / v);
    const alpha = logit(s.l[1]) - logit(std[1]);
    for (let x = 1; x <= 100; x++) expect(logit(s.l[x]) - logit(std[x])).toBeCloseTo(alpha, 9);
    expect(s.e0).toBeCloseTo(81.3, 3);
  });
});

describe('a standard without deaths at 99', () => {
  it('keeps the standard\'s open rate when its q(99) is 0 (no hazard ratio to scale it by)', () => {
    const mx = Float64Array.from(standardMortality().M);
    mx[99] = 0;
    const s = new SurvivalRatios();
    new LifeTableFamily(mx).fillAlpha(0.3, s);
    // L(100+) = l(100) / m(100+): the standard's open rate as it is.
    expect(s.L[100]).toBeCloseTo(s.l[100] / mx[100], 12);
    expect(Number.isFinite(s.e0)).toBe(true);
  });
});

describe('e0 outside what the family can express', () => {
  it('is held at the nearest member, never extrapolated', () => {
    const fam = defaultLifeTables().M;
    const [lo, hi] = fam.e0Range;
    const a = new SurvivalRatios();
    const b = new SurvivalRatios();
    fam.fill(hi + 10, a);
    fam.fillAlpha(-3, b);
    expect(a.e0).toBe(b.e0);
    expect(a.e0).toBe(hi);
    fam.fill(lo - 10, a);
    fam.fillAlpha(3, b);
    expect(a.e0).toBe(b.e0);
    expect(a.e0).toBe(lo);
    fam.fill(NaN, a); // data never throws: NaN e0 gives the highest member
    expect(a.e0).toBe(hi);
    expect(lo).toBeLessThan(30);
    expect(hi).toBeGreaterThan(90);
  });
});

describe('a family whose e0 grid is filled as searches need it', () => {
  it('gives every member to the bit whatever was asked before (fresh families, e0 asked in opposite orders)', () => {
    const mx = standardMortality();
    const e0s = [30, 55.5, 79.3, 79.45, 88.123, 120, 74.0001, 20, NaN, 81.9];
    const forward = new LifeTableFamily(mx.F);
    const backward = new LifeTableFamily(mx.F);
    const got = (fam: LifeTableFamily, e0: number) => {
      const lt = new SurvivalRatios();
      fam.fill(e0, lt);
      return [...lt.ratio, lt.birthSurvival, lt.e0];
    };
    const a = e0s.map((e0) => got(forward, e0));
    const b = [...e0s].reverse().map((e0) => got(backward, e0)).reverse();
    expect(b).toEqual(a);
    expect(new LifeTableFamily(mx.F).e0Range).toEqual(forward.e0Range);
  });

  it('is the member a search of the whole grid (6,001 levels from α = −3 to 3) interpolates', () => {
    const fam = new LifeTableFamily(standardMortality().M);
    const alpha = (i: number) => -3 + i * (6 / 6000);
    const grid = Array.from({ length: 6001 }, (_, i) => {
      const lt = new SurvivalRatios();
      fam.fillAlpha(alpha(i), lt);
      return lt.e0;
    });
    for (const e0 of [66.6, 73.07, 80.25, 91]) {
      let lo = 0;
      let hi = 6000;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (grid[mid] > e0) lo = mid;
        else hi = mid;
      }
      const expected = new SurvivalRatios();
      fam.fillAlpha(alpha(lo) + ((grid[lo] - e0) / (grid[lo] - grid[hi])) * (alpha(hi) - alpha(lo)), expected);
      const got = new SurvivalRatios();
      new LifeTableFamily(standardMortality().M).fill(e0, got);
      expect([...got.ratio, got.birthSurvival]).toEqual([...expected.ratio, expected.birthSurvival]);
      expect(got.e0).toBeCloseTo(e0, 4); // linear between grid points 0.001 apart in α
    }
  });
});
