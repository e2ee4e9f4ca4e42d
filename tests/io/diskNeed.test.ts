import { describe, expect, it } from 'vitest';
import { checkDisk, fewerRuns, inTurn, runFolderBytes, sizeText } from '../../src/io/diskNeed.ts';

// `urbsim run scenarios/dalian.yaml --runs 10000000` started at once and ran for hours towards ~80 GB of
// trajectories.arrow (and as much again of working file) with no word of it. The estimate, by hand: 41 metrics;
// a row of trajectories.arrow (a run and year) is 41 doubles (328 bytes), run and year as int32 (8), 41 validity
// bits (6 bytes): 342 bytes; params.arrow 8 bytes a sampled value and 4 for the run; the working metric file 41
// doubles a row (328 bytes).
describe('the disk a run folder takes', () => {
  it('1,000 runs of 23 years with 9 sampled values: 7,866,000 bytes of trajectories, 15,486,000 at most while written', () => {
    // 1000 · 23 · 342 = 7,866,000; + 1000 · (9 · 8 + 4) = 76,000 kept; + 1000 · 23 · 328 = 7,544,000 while written.
    expect(runFolderBytes({ runs: 1000, years: 23, sampled: 9 })).toEqual({ trajectories: 7_866_000, kept: 7_942_000, peak: 15_486_000 });
  });

  it('folders written one after another: all they keep, and the largest working file', () => {
    // 8 years: 1000 · 8 · 342 = 2,736,000, kept 2,812,000, working file 1000 · 8 · 328 = 2,624,000.
    expect(inTurn([runFolderBytes({ runs: 1000, years: 23, sampled: 9 }), runFolderBytes({ runs: 1000, years: 8, sampled: 9 })]))
      .toEqual({ trajectories: 10_602_000, kept: 10_754_000, peak: 10_754_000 + 7_544_000 });
  });

  it('more than the disk holds: refused, saying the need, what is free and how many runs would fit', () => {
    const bytes = runFolderBytes({ runs: 10_000_000, years: 23, sampled: 9 }); // 78.66 GB kept 79.42 GB, 154.86 GB at most
    const notes: string[] = [];
    expect(() => checkDisk('dalian: 10,000,000 runs of 23 years', 'out/dalian', bytes, (share) => `run at most about ${fewerRuns(share, 10_000_000)} (--runs)`, (l) => notes.push(l), 10e9)).toThrow(
      // 10e9 / 154.86e9 · 10,000,000 = 645,744.6; the working file 10,000,000 · 23 · 328 = 75.44 GB
      'dalian: 10,000,000 runs of 23 years need about 154.9 GB of disk (78.7 GB of trajectories.arrow and 75.4 GB of working file while they run), ' +
        'more than the 10.0 GB free under out/dalian; run at most about 645,744 runs (--runs), or write them to a disk with more room (--out)',
    );
    expect(notes).toEqual([]);
  });

  it('fits but is over 1 GB: a note before the runs; under 1 GB: nothing said', () => {
    const notes: string[] = [];
    const none = () => '';
    checkDisk('dalian: 10,000,000 runs of 23 years', 'out/dalian', runFolderBytes({ runs: 10_000_000, years: 23, sampled: 9 }), none, (l) => notes.push(l), 500e9);
    expect(notes).toEqual([
      'urbsim: note: dalian: 10,000,000 runs of 23 years will take about 154.9 GB of disk under out/dalian (78.7 GB of trajectories.arrow and 75.4 GB of working file while they run; 500.0 GB free)\n',
    ]);
    // 60,000 runs: 60,000 · 15,486 = 929,160,000 bytes, under 1 GB.
    checkDisk('dalian: 60,000 runs of 23 years', 'out/dalian', runFolderBytes({ runs: 60_000, years: 23, sampled: 9 }), none, (l) => notes.push(l), 500e9);
    expect(notes).toHaveLength(1);
  });
});

it('sizes as the messages say them: a small disk\'s few MB are not "0.0 GB"', () => {
  expect([154.86e9, 1e9, 327_680, 100_000, 65_536].map(sizeText)).toEqual(['154.9 GB', '1.0 GB', '0.3 MB', '0.1 MB', '65.5 kB']);
});
