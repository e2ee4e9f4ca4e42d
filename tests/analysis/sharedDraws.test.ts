import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareVariants, comparisonTable, drawsLine } from '../../src/analysis/compareVariants.ts';
import { drawnInputs, sharedDraws } from '../../src/analysis/sharedDraws.ts';
import { runMonteCarlo } from '../../src/montecarlo/runMonteCarlo.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';

// No city: nothing is drawn but what each file draws itself.
const dir = writeScenarios({
  'base.yaml': `${MINIMAL}name: base\nmonte_carlo: { runs: 6, seed: 5 }\nparameters:\n  migrant_settle_rate: { dist: uniform, min: 2%, max: 4% }\n  tfr_migrant: { dist: choice, values: [1.1, 1.3] }\n`,
  // The same draws, a constant changed (a lever).
  'lever.yaml': `${MINIMAL}name: lever\nmonte_carlo: { runs: 6, seed: 5 }\nparameters:\n  migrant_settle_rate: { dist: uniform, min: 2%, max: 4% }\n  tfr_migrant: { dist: choice, values: [1.1, 1.3] }\n  local_settle_rate: 3%\n`,
  // Another law for one input, one input not drawn, one drawn only here.
  'other.yaml': `${MINIMAL}name: other\nmonte_carlo: { runs: 6, seed: 5 }\nparameters:\n  migrant_settle_rate: { dist: uniform, min: 3%, max: 5% }\n  local_settle_rate: { dist: uniform, min: 1%, max: 2% }\n`,
});
const load = (f: string) => loadScenario(join(dir, f));

describe('what the variants of a comparison draw in common', () => {
  it('sorts the drawn inputs into alike, by another law, and in some variants only', () => {
    expect(sharedDraws([load('base.yaml'), load('lever.yaml')])).toEqual({ alike: ['migrant_settle_rate', 'tfr_migrant'], otherLaw: [], some: [] });
    expect(sharedDraws([load('base.yaml'), load('other.yaml')])).toEqual({ alike: [], otherLaw: ['migrant_settle_rate'], some: ['local_settle_rate', 'tfr_migrant'] });
    expect(sharedDraws([load('base.yaml'), load('lever.yaml'), load('other.yaml')])).toEqual({ alike: [], otherLaw: ['migrant_settle_rate'], some: ['local_settle_rate', 'tfr_migrant'] });
  });

  it('says it under the header, and run r draws the same quantile of each law (uniform 2–4 % and 3–5 %: 1 point apart in every run)', async () => {
    const [base, lever, other] = await Promise.all(['base.yaml', 'lever.yaml', 'other.yaml'].map((f) => runMonteCarlo(load(f))));
    const alike = comparisonTable(compareVariants([base, lever]), 'registered_rate', [2020]).split('\n');
    expect(alike.slice(0, 2)).toEqual([
      "2 variants, 6 runs each, seed 5: common random numbers, run r of every variant drawing each input from the same random numbers (keyed by seed, run and the input's name)",
      'every variant draws the same 2 inputs by the same laws: run r draws the same values in each',
    ]);
    const differ = comparisonTable(compareVariants([base, other]), 'registered_rate', [2020]).split('\n');
    expect(differ[1]).toBe(
      "no input is drawn alike in every variant; by laws that differ (the same quantile of each variant's law in run r): migrant_settle_rate; " +
        'by some variants only (nothing to pair with in the others): local_settle_rate, tfr_migrant',
    );
    const column = (r: typeof base) => r.sampledNames.indexOf('migrant_settle_rate');
    for (let run = 0; run < 6; run++) {
      const a = base.sampled[run * base.sampledNames.length + column(base)];
      const b = other.sampled[run * other.sampledNames.length + column(other)];
      expect(b - a).toBeCloseTo(0.01, 12);
    }
  }, 30_000);

  it('a single input and none', () => {
    expect(drawsLine({ alike: ['inflow'], otherLaw: [], some: [] })).toBe('every variant draws the same 1 input by the same law: run r draws the same values in each');
    expect(drawsLine({ alike: [], otherLaw: [], some: [] })).toBe('no variant draws anything at random');
    expect(drawsLine({ alike: ['a', 'b', 'c'], otherLaw: [], some: ['d'] })).toBe('drawn alike in every variant (the same value in run r): 3 inputs; by some variants only (nothing to pair with in the others): d');
  });
});

// Survivors of a targeted Stryker run (2026-12-04 19:07, pooledProposal.ts, sharedDraws.ts, drawsLine): drawnInputs
// was tested on parameters only, and drawsLine's branches on one name each.
describe('drawnInputs: every input a run draws, named as its stream is keyed', () => {
  const BREAK = { years: [2015, 2016], share: { min: 0.2, max: 0.4 }, villageShare: { min: 0.05, max: 0.1 } };
  it('besides parameters: shocks, year-to-year variation and base-year errors of sd > 0, the change of count', () => {
    const s = dalianResolved({
      shocks: { inflow: { type: 'ar1', phi: 0.5, sigma: 0.1 } },
      uncertainty: {
        process: { rural_to_town_rate: { sigma: 0.127, phi: 0.5, scale: 'logit' }, local_settle_rate: { sigma: 0, phi: 0.5, scale: 'logit' } },
        baseline: { resident_pop: { sd: 0.01 }, resident_rate: { sd: 0 } },
        registeredBreak: BREAK,
      },
    });
    const drawn = drawnInputs(s);
    // dalianResolved draws inflow (lognormal) and migrant_settle_rate (uniform); σ 0 and sd 0 draw nothing.
    expect([...drawn.keys()].sort()).toEqual([
      'inflow',
      'migrant_settle_rate',
      'shocks.inflow',
      'uncertainty.baseline.resident_pop',
      'uncertainty.process.rural_to_town_rate',
      'uncertainty.registered_break',
    ]);
    expect(JSON.parse(drawn.get('shocks.inflow')!)).toEqual({ type: 'ar1', phi: 0.5, sigma: 0.1 });
    expect(JSON.parse(drawn.get('uncertainty.process.rural_to_town_rate')!)).toEqual({ sigma: 0.127, phi: 0.5, scale: 'logit' });
    expect(JSON.parse(drawn.get('uncertainty.baseline.resident_pop')!)).toEqual({ sd: 0.01 });
    expect(JSON.parse(drawn.get('uncertainty.registered_break')!)).toEqual(BREAK);
  });

  it('without shocks or uncertainty: the parameters alone; a change of law in one of them is told apart', () => {
    const plain = dalianResolved({ shocks: {} });
    expect([...drawnInputs(plain).keys()].sort()).toEqual(['inflow', 'migrant_settle_rate']);
    const wider = dalianResolved({ shocks: {}, uncertainty: { process: {}, baseline: { resident_pop: { sd: 0.02 } } } });
    const narrower = dalianResolved({ shocks: {}, uncertainty: { process: {}, baseline: { resident_pop: { sd: 0.01 } } } });
    expect(sharedDraws([wider, narrower])).toEqual({ alike: ['inflow', 'migrant_settle_rate'], otherLaw: ['uncertainty.baseline.resident_pop'], some: [] });
    expect(sharedDraws([plain, narrower])).toEqual({ alike: ['inflow', 'migrant_settle_rate'], otherLaw: [], some: ['uncertainty.baseline.resident_pop'] });
  });
});

describe('drawsLine: each branch, with several names', () => {
  it('laws that differ and nothing drawn by some only; one input of each kind; names joined by commas', () => {
    expect(drawsLine({ alike: [], otherLaw: ['a', 'b'], some: [] })).toBe("no input is drawn alike in every variant; by laws that differ (the same quantile of each variant's law in run r): a, b");
    expect(drawsLine({ alike: ['a'], otherLaw: ['b'], some: [] })).toBe("drawn alike in every variant (the same value in run r): 1 input; by laws that differ (the same quantile of each variant's law in run r): b");
    expect(drawsLine({ alike: ['a'], otherLaw: [], some: ['c'] })).toBe('drawn alike in every variant (the same value in run r): 1 input; by some variants only (nothing to pair with in the others): c');
    expect(drawsLine({ alike: ['a'], otherLaw: [], some: ['c', 'd'] })).toBe('drawn alike in every variant (the same value in run r): 1 input; by some variants only (nothing to pair with in the others): c, d');
  });
});
