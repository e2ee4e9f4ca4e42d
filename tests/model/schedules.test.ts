import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  AGES, migrantAgeProfile, rogersCastro, splitChildren, standardFertilitySchedule, standardPyramid,
} from '../../src/model/index.ts';
import { standardMortality } from '../../src/model/standards.ts';

/** A shipped CSV as rows of cells, read here rather than through the engine's reader. */
const csv = (name: string): string[][] =>
  readFileSync(`data/demography/${name}`, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
/** "0-4" → [0, 4]; "100+" → [100, 100]. */
const span = (group: string): [number, number] => {
  const [a, b] = group.replace('+', '').split('-').map(Number);
  return [a, b ?? a];
};

describe('shipped standards, from the CSVs by hand', () => {
  it('the census pyramid: each five-year group spread evenly over its ages, shares of both sexes summing to 1', () => {
    const rows = csv('census2010_pyramid.csv');
    const total = rows.reduce((a, r) => a + Number(r[2]), 0);
    const pyr = standardPyramid();
    for (const [sex, group, persons] of rows) {
      const [lo, hi] = span(group);
      for (let a = lo; a <= hi; a++) expect(pyr[(sex === 'M' ? 0 : 1) * AGES + a]).toBeCloseTo(Number(persons) / (hi - lo + 1) / total, 15);
    }
  });

  it('the fertility schedule: percent of TFR spread over each group, summing to 1, none outside 15–49', () => {
    const rows = csv('wpp2019_pasfr_2010_2015.csv');
    const total = rows.reduce((a, r) => a + Number(r[1]), 0);
    const f = standardFertilitySchedule();
    for (const [group, pct] of rows) {
      const [lo, hi] = span(group);
      for (let a = lo; a <= hi; a++) expect(f[a]).toBeCloseTo(Number(pct) / (hi - lo + 1) / total, 15);
    }
    expect(f[14]).toBe(0);
    expect(f[50]).toBe(0);
    expect(f.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 12);
  });

  it('the death rates: each group\'s rate at every one of its ages, men\'s to M and women\'s to F', () => {
    const mx = standardMortality();
    for (const [sex, group, rate] of csv('wpp2019_mx_2010_2015.csv')) {
      const [lo, hi] = span(group);
      for (let a = lo; a <= hi; a++) expect(mx[sex as 'M' | 'F'][a]).toBe(Number(rate));
    }
    // wpp2019_mx_2010_2015.csv lines 17 and 39: men aged 70–74 die at 0.0522 a year, women at 0.03316
    expect([mx.M[72], mx.F[72]]).toEqual([0.0522, 0.03316]);
  });
});

describe('migration age schedules', () => {
  it('Rogers–Castro labour curve exp(−α(x−μ) − exp(−λ(x−μ))) scaled to peak 1', () => {
    const raw = (x: number, a: number, l: number, m: number) => Math.exp(-a * (x - m) - Math.exp(-l * (x - m)));
    // the curve peaks where its derivative is 0: x = μ − ln(α/λ)/λ = 17 + ln 4 / 0.4 ≈ 20.47, between 20 and 21
    const peak = Math.max(raw(20, 0.1, 0.4, 17), raw(21, 0.1, 0.4, 17));
    const rc = rogersCastro();
    for (const x of [0, 10, 19, 20, 21, 40, 100]) expect(rc[x]).toBeCloseTo(raw(x, 0.1, 0.4, 17) / peak, 14);
    const other = rogersCastro(0.2, 0.5, 25);
    const otherPeak = Math.max(...Array.from({ length: AGES }, (_, x) => raw(x, 0.2, 0.5, 25)));
    expect(other[40]).toBeCloseTo(raw(40, 0.2, 0.5, 25) / otherPeak, 14);
  });

  it('the migrant profile: 10.7 % children (census), 86.5 % of working age weighted by the labour curve, 2.8 % aged 60+ (CMDS)', () => {
    const pyr = standardPyramid();
    const rc = rogersCastro();
    const m = migrantAgeProfile();
    const band = (v: Float64Array, lo: number, hi: number) => {
      let s = 0;
      for (let x = 0; x < 2; x++) for (let a = lo; a <= hi; a++) s += v[x * AGES + a];
      return s;
    };
    // children: the census's co-resident 981万 (0–5) + 1,472万 (6–14) over 2.30亿 migrants = 0.10665, to three digits
    expect(Math.round(((981 + 1472) / 23_000) * 1000) / 1000).toBe(0.107);
    expect(band(m, 0, 14)).toBeCloseTo(0.107, 12);
    expect(band(m, 15, 59)).toBeCloseTo(1 - 0.107 - 0.028, 12); // 0.865
    expect(band(m, 60, 100)).toBeCloseTo(0.028, 12);
    // inside a band, the census shape (times the labour curve at working ages)
    let work = 0;
    for (let x = 0; x < 2; x++) for (let a = 15; a <= 59; a++) work += pyr[x * AGES + a] * rc[a];
    expect(m[AGES + 30]).toBeCloseTo((0.865 * pyr[AGES + 30] * rc[30]) / work, 14);
    expect(m[5] / m[AGES + 5]).toBeCloseTo(pyr[5] / pyr[AGES + 5], 12);
    expect(m[70] / m[80]).toBeCloseTo(pyr[70] / pyr[80], 12);
    const custom = migrantAgeProfile({ child: 0.1, work: 0.85, old: 0.05 });
    expect(band(custom, 0, 14)).toBeCloseTo(0.1, 12);
    expect(band(custom, 60, 100)).toBeCloseTo(0.05, 12);
  });

  it('splitChildren: ages 0–14 and 15+, each rescaled to sum to 1', () => {
    const v = new Float64Array(2 * AGES);
    v[3] = 1;
    v[AGES + 14] = 3;
    v[15] = 2;
    v[AGES + 40] = 6;
    const { adult, child } = splitChildren(v);
    expect(child[3]).toBeCloseTo(0.25, 15);
    expect(child[AGES + 14]).toBeCloseTo(0.75, 15);
    expect(adult[15]).toBeCloseTo(0.25, 15);
    expect(adult[AGES + 40]).toBeCloseTo(0.75, 15);
    expect(child[15] + adult[3]).toBe(0);
    // another cut: children up to 17
    const cut = splitChildren(v, 17);
    expect(cut.child[15]).toBeCloseTo(2 / 6, 15);
    // no children at all: zeros, not NaN
    const none = splitChildren(Float64Array.from(v, (x, i) => (i % AGES < 15 ? 0 : x)));
    expect(none.child.every((x) => x === 0)).toBe(true);
    // no adults at all: zeros too
    const young = splitChildren(Float64Array.from(v, (x, i) => (i % AGES < 15 ? x : 0)));
    expect(young.adult.every((x) => x === 0)).toBe(true);
    expect(young.child[3]).toBeCloseTo(0.25, 15);
  });
});
