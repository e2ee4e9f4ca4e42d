import { describe, expect, it } from 'vitest';
import { type FoldFits, foldsFewRuns } from '../../src/analysis/crossValidate.ts';
import type { AreaFit } from '../../src/analysis/fitDefaults.ts';

/** An area's fit with one pace estimated on `ess` effective runs in `passes` passes of 2,000 runs. */
const fit = (area: string, ess: number, passes: number): AreaFit => ({
  area, baseYear: 2013, figures: [], runs: 2000, passes, likelihoods: {},
  estimates: { net_migration: { median: 0, lower80: -1, upper80: 1, ess } },
});

describe("the cross-validation's warning of a pace on few effective runs", () => {
  // Two folds fit the areas under different year-to-year variations, so their fits of luoyang differ: 385 effective runs
  // in 4 passes under the first fold's (that of the full set), 3 in 5 passes under the second's. The warning used to
  // take the first count from the full set's fit and the pooled one from the fold's, naming a fold whose own fit had 3.
  const folds: FoldFits[] = [
    { fold: 'dalian', fits: [fit('dalian', 400, 3), fit('luoyang', 385, 4)], ess: new Map([['luoyang', { net_migration: 300 }]]) },
    { fold: 'huizhou', fits: [fit('huizhou', 400, 3), fit('luoyang', 3, 5)], ess: new Map([['luoyang', { net_migration: 15 }]]) },
  ];

  it('takes both counts and the passes from the one fold whose fit rests on the fewest runs', () => {
    // The second fold: 3 under the reference prior, 15 as pooled, 5 passes of 2,000 = 10,000 runs; 1 of the 2 folds
    // pooling luoyang is under 50 (15; the other 300). Dalian and huizhou (400 runs) are not named.
    expect(foldsFewRuns(folds, 2000)).toEqual([
      'luoyang net_migration: in the fold without huizhou, 3 effective runs under the reference prior and 15 as pooled (1 of 2 folds under 50 as pooled), of 10,000 runs in 5 passes; under 50: raise --fit-runs',
    ]);
  });

  it('writes its counts of runs with a thousands separator, as the project\'s other counts', () => {
    // Luoyang's fit rests on 1234.4 effective runs under the reference prior (rounded: 1,234) but on 15 as pooled;
    // 6 passes of 2,000 runs weighed = 12,000. It printed "1234 effective runs" and "of 12000 runs".
    const wide: FoldFits[] = [{ fold: 'dalian', fits: [fit('dalian', 400, 3), fit('luoyang', 1234.4, 6)], ess: new Map([['luoyang', { net_migration: 15 }]]) }];
    expect(foldsFewRuns(wide, 2000)).toEqual([
      'luoyang net_migration: in the fold without dalian, 1,234 effective runs under the reference prior and 15 as pooled (1 of 1 folds under 50 as pooled), of 12,000 runs in 6 passes; under 50: raise --fit-runs',
    ]);
    // And the other way round: 3 under the reference prior, 1,500 as pooled.
    const pooled: FoldFits[] = [{ fold: 'dalian', fits: [fit('dalian', 400, 3), fit('luoyang', 3, 1)], ess: new Map([['luoyang', { net_migration: 1500 }]]) }];
    expect(foldsFewRuns(pooled, 2000)).toEqual([
      'luoyang net_migration: in the fold without dalian, 3 effective runs under the reference prior and 1,500 as pooled (0 of 1 folds under 50 as pooled), of 2,000 runs in 1 pass; under 50: raise --fit-runs',
    ]);
  });

  it("a fold's own area is not pooled there: its fit in that fold, however thin, is not warned about", () => {
    const own: FoldFits[] = [{ fold: 'luoyang', fits: [fit('luoyang', 3, 5), fit('dalian', 400, 3)], ess: new Map([['dalian', { net_migration: 300 }]]) }];
    expect(foldsFewRuns(own, 2000)).toEqual([]);
  });

  it('a fold that does not pool the pace: the count under the reference prior alone, of that fold', () => {
    const unpooled: FoldFits[] = [{ fold: 'dalian', fits: [fit('dalian', 400, 3), fit('luoyang', 12, 2)], ess: new Map() }];
    expect(foldsFewRuns(unpooled, 2000)).toEqual([
      'luoyang net_migration: in the fold without dalian, 12 effective runs under the reference prior, of 4,000 runs in 2 passes; under 50: raise --fit-runs',
    ]);
  });
});
