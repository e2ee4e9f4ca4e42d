import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TAKE_UP_GRID, fitMigrantTakeUp, gridEndReached } from '../../src/analysis/migrantTakeUp.ts';
import { shippedPilotDefaults } from '../../src/batch/pilotDefaults.ts';
import { readObserved } from '../../src/io/readObserved.ts';

// Dongguan's own count of migrants settled in 2015 (observed.csv:66, 17,865) edited into one its pilot cannot give: a
// count of 0 put the take-up below every take-up the pilot was run at (a median of 0.010 %, the prior's tail where
// the likelihood is held flat), one of 99,999,999 (more than the city's migrants) at 71 %; fit-defaults printed both
// as fits, without a word.
function observedWith2015(count: string) {
  const dir = mkdtempSync(join(tmpdir(), 'urbsim-counts-'));
  const csv = readFileSync('data/observed/observed.csv', 'utf8').replace(/^(dongguan,settled_migrants,2015,2015,,)17865,/m, (_, head: string) => `${head}${count},`);
  expect(csv).toContain(`dongguan,settled_migrants,2015,2015,,${count},`);
  writeFileSync(join(dir, 'observed.csv'), csv);
  return { dir, observed: readObserved(join(dir, 'observed.csv')) };
}

async function warningsFor(count: string): Promise<string[]> {
  const { dir, observed } = observedWith2015(count);
  const warnings: string[] = [];
  const t = await fitMigrantTakeUp('dongguan', observed, shippedPilotDefaults('dongguan'), { runs: 20, seed: 2014, dir, onWarning: (w) => warnings.push(w) });
  expect(t?.key).toBe('settle_willingness');
  return warnings;
}

describe('fit-defaults says when an area\'s own counts of migrants settled do not fit its pilot', () => {
  it('the shipped count (17,865) fits: no warning', async () => {
    expect(await warningsFor('17865')).toEqual([]);
  }, 60_000);

  it('a count of 0: fewer than any run settles, and the likelihood highest at the lowest take-up run (logit 5 % − 6)', async () => {
    const [w, ...more] = await warningsFor('0');
    expect(more).toEqual([]);
    expect(w).toMatch(/^dongguan: its own counts of migrants settled do not fit its pilot: 0人 in 2015 is fewer than any run settles at any take-up \([\d,]+–[\d,]+\); /);
    // logit⁻¹(logit 0.05 − 6) = 0.05 / (0.05 + 0.95 e⁶) = 0.0130 %
    expect(100 / (1 + Math.exp(-TAKE_UP_GRID[0]))).toBeCloseTo(0.013049, 5);
    expect(w).toContain('the likelihood is highest at the lowest take-up the pilot was run at (0.013 %) and flat beyond');
    expect(w).toContain('not on a fit: check the counts');
  }, 60_000);

  it('a count larger than the city\'s migrants: more than any run settles', async () => {
    const [w, ...more] = await warningsFor('99999999');
    expect(more).toEqual([]);
    expect(w).toMatch(/^dongguan: its own counts of migrants settled do not fit its pilot: 99999999人 in 2015 is more than any run settles at any take-up \([\d,]+–[\d,]+\); its migrants' take-up \(median [\d.]+ %\) rests on where the counts push the prior/);
  }, 60_000);
});

describe('gridEndReached: where a take-up likelihood is highest', () => {
  const grid = (weights: number[], lo: number, step: number) => ({ lo, step, weights: Float64Array.from(weights) });
  const g0 = TAKE_UP_GRID[0];
  const gN = TAKE_UP_GRID.at(-1)!;
  it.each([
    ['highest at and below the lowest take-up run', grid([1, 1, 1, 0.5, 0.1], g0 - 2, 1), 'low'],
    ['highest at and above the highest', grid([0.1, 0.5, 1, 1], gN - 2, 1), 'high'],
    ['highest inside the grid', grid([0.1, 0.5, 1, 0.5, 0.1], g0, 1), undefined],
    ['flat from end to end (the counts say nothing)', grid([1, 1, 1], g0 - 1, gN - g0 + 1), undefined],
  ])('%s', (_, lik, end) => expect(gridEndReached(lik)).toBe(end));
});
