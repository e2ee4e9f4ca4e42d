import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conditionOnHistory } from '../../src/analysis/conditionOnHistory.ts';
import { checkPreBaseSpans, preBaseSpan, spanProblem } from '../../src/analysis/preBaseSpan.ts';
import { shippedPilotDefaults } from '../../src/batch/pilotDefaults.ts';
import { InputError } from '../../src/inputError.ts';
import { observedPoints } from '../helpers/observedRows.ts';

// Luoyang's 2013 figure (49.4 %, sample survey: 0.4 points; seed 004 L4215) after an earlier one in `year` at `value` %.
const luoyang = (year: number, value: number) =>
  observedPoints([`luoyang,resident_rate,${year},,,${value},%,resident_6month,,001:529,,`, 'luoyang,resident_rate,2013,,,49.4,%,resident_6month,,004:4215,,'], 'obs.csv');
const problem = (year: number, value: number) => spanProblem(preBaseSpan(luoyang(year, value), 'luoyang', 2013)!);

describe('spanProblem: a resident-rate gain before the base year no city makes', () => {
  it('accepts Luoyang as it is: 44.33 % (2010) → 49.4 % (2013), 1.69 points a year', () => {
    expect(problem(2010, 44.33)).toBeUndefined();
  });

  it('refuses 20 % (2012) → 49.4 % (2013), 29.4 points a year: what, where (file:line of both), what was expected', () => {
    const p = problem(2012, 20)!;
    expect(p.level).toBe('refused');
    expect(p.message).toBe(
      "luoyang's resident rate before its base year goes from 20 % in 2012 (obs.csv:2) to 49.4 % in 2013 (obs.csv:3): 29.40 points a year; " +
        'expected a gain within ±10.00 points a year (the largest in data/observed is 1.69; src/analysis/preBaseSpan.ts): ' +
        "if the count changed between them (a new boundary or definition), write yes in the later figure's break column; otherwise correct the figure or its year",
    );
  });

  it('refuses a fall as steep: 80 % (2012) → 49.4 %, −30.6 points a year; and just past 10: 39.35 % (2012), 10.05', () => {
    expect(problem(2012, 80)?.level).toBe('refused');
    expect(problem(2012, 39.35)?.level).toBe('refused');
  });

  it('warns from just past 4 points a year up to 10: 45.35 % (2012) → 49.4 %, 4.05; 39.45 %, 9.95', () => {
    expect(problem(2012, 45.35)?.level).toBe('warning');
    expect(problem(2012, 45.35)?.message).toMatch(/^luoyang's resident rate .*: 4\.05 points a year, more than 4\.00 points a year/);
    expect(problem(2012, 39.45)?.level).toBe('warning');
    expect(problem(2012, 45.45)).toBeUndefined(); // 3.95
  });

  it('warns of a fall beyond twice its figures\' error: 2010 census 0.2 points, 2013 sample 0.4 → sd √(0.2² + 0.4²) / 3 = 0.149 points a year', () => {
    // Twice that: 0.298 points a year, 0.894 over the 3 years. 49.4 + 0.92 = 50.32 % in 2010 falls 0.307 a year: warned; 50.25 %, 0.283: not.
    expect(problem(2010, 50.32)?.level).toBe('warning');
    expect(problem(2010, 50.32)?.message).toMatch(/\(obs\.csv:3\): -0\.31 points a year, a fall larger than twice its figures' error \(0\.15 points a year\)/);
    expect(problem(2010, 50.25)).toBeUndefined();
  });
});

describe('checkPreBaseSpans: every pilot\'s span, before anything runs', () => {
  it('throws an input error naming every refused span, and returns the warnings', () => {
    const rows = [
      'luoyang,resident_rate,2012,,,20,%,resident_6month,,001:529,,',
      'luoyang,resident_rate,2013,,,49.4,%,resident_6month,,004:4215,,',
      'huizhou,resident_rate,2012,,,96,%,resident_6month,,x,,',
      'huizhou,resident_rate,2013,,,66,%,resident_6month,,004:4933,,',
    ];
    expect(() => checkPreBaseSpans(observedPoints(rows, 'obs.csv'))).toThrow(InputError);
    expect(() => checkPreBaseSpans(observedPoints(rows, 'obs.csv'))).toThrow(/luoyang's .*obs\.csv:2.*29\.40 points a year.*\nhuizhou's .*obs\.csv:4.*: -30\.00 points a year/s);
    // Luoyang 5 points a year (34.4 % in 2010), Huizhou as seeded (64.6 % in 2010 is not in the data: no span): one warning.
    expect(checkPreBaseSpans(observedPoints(['luoyang,resident_rate,2010,,,34.4,%,resident_6month,,x,,', rows[1], rows[3]], 'obs.csv'))).toEqual([
      expect.stringMatching(/^luoyang's resident rate before its base year goes from 34\.4 % in 2010 \(obs\.csv:2\) to 49\.4 % in 2013 \(obs\.csv:3\): 5\.00 points a year, more than 4\.00/),
    ]);
  });

  it('an area without a generated pilot is not checked: no pilot is conditioned on its span', () => {
    // national (data/areas: no pilot group, base year 2010): 20 % in 2008 → 49.68 % in 2010 is 14.84 points a year, which
    // a pilot's span would have refused; Luoyang's 5 points a year beside it is still warned about.
    const rows = ['national,resident_rate,2008,,,20,%,resident_6month,,x,,', 'national,resident_rate,2010,,,49.68,%,resident_6month,,x,,'];
    expect(checkPreBaseSpans(observedPoints(rows, 'obs.csv'))).toEqual([]);
    expect(checkPreBaseSpans(observedPoints([...rows, 'luoyang,resident_rate,2010,,,34.4,%,resident_6month,,x,,', 'luoyang,resident_rate,2013,,,49.4,%,resident_6month,,x,,'], 'obs.csv'))).toEqual([
      expect.stringMatching(/^luoyang's resident rate .*: 5\.00 points a year, more than 4\.00/),
    ]);
  });

  it('data/observed as it is: nothing refused, nothing warned', async () => {
    const { readObserved } = await import('../../src/io/readObserved.ts');
    expect(checkPreBaseSpans(readObserved('data/observed/observed.csv'))).toEqual([]);
  });
});

describe('conditionOnHistory refuses a span no city makes, before running anything', () => {
  it('throws the input error for Luoyang 20 % (2012) → 49.4 % (2013)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-span-'));
    await expect(conditionOnHistory('luoyang', luoyang(2012, 20), shippedPilotDefaults('luoyang'), { runs: 10, seed: 1, dir })).rejects.toThrow(/29\.40 points a year; expected a gain within ±10\.00/);
  });
});
