import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitArea, fitPass } from '../../src/analysis/fitDefaults.ts';
import { readObserved } from '../../src/io/readObserved.ts';

// Jinjiang's fit (one figure after 2010, its 2015 resident rate) on a few runs, then one pass more from a mixture.
const logit = (p: number) => Math.log(p / (1 - p));
const proposal = {
  rural_to_town_rate: { center: -3.8, sd: 0.5, mix: { weights: [0.5, 0.5], centers: [-4, -3.6], sds: [0.4, 0.5] }, note: 'test' },
  local_settle_rate: { center: logit(0.05), sd: 1.5, note: 'test' },
  net_migration: { center: 0.002, sd: 0.01, note: 'test' },
  hukou_conversion_rate: { center: logit(0.02), sd: 1, note: 'test' },
};

describe('fitPass: one pass more of an area\'s fit', () => {
  it('adds a pass drawn from the proposal as written, the same runs on every call, weighed with the others', async () => {
    const observed = readObserved('data/observed/observed.csv');
    const o = { runs: 40, seed: 11, dir: mkdtempSync(join(tmpdir(), 'urbsim-fit-pass-')), process: { sigma: 0.127, phi: 0.5 } };
    const fit = (await fitArea('jinjiang', observed, o))!;
    const one = await fitPass(fit, observed, o, proposal);
    const two = await fitPass(fit, observed, o, proposal);
    expect(one.passes).toBe(fit.passes + 1);
    expect(one.drawn!.slice(0, fit.passes)).toEqual(fit.drawn);
    // The pass's density is the law as the scenario wrote it: medians of the logit-normals to three significant digits.
    const law = one.drawn!.at(-1)!.laws[0];
    expect(law.mix!.weights).toEqual([0.5, 0.5]);
    law.mix!.centers.forEach((c, j) => expect(Math.abs(c - [-4, -3.6][j])).toBeLessThan(0.01));
    expect(one.drawn!.at(-1)!.laws[2]).toMatchObject({ center: 0.002, sd: 0.01 });
    // Same seed, same runs; and its draws are not the first pass's over again (its own seed).
    expect(two.drawn!.at(-1)!.z).toEqual(one.drawn!.at(-1)!.z);
    expect(one.drawn!.at(-1)!.z[2]).not.toEqual(fit.drawn![0].z[2]);
    expect(one.sample!.z[0].length).toBe(40 * one.passes);
    expect(one.estimates.rural_to_town_rate?.ess ?? 0).toBeGreaterThan(0);
  }, 180_000);
});
