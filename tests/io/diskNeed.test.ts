import { describe, expect, it } from 'vitest';
import { linkSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DiskBytes, checkDisk, fewerRuns, inTurn, replacedBytes, runFolderBytes, shardedThenMerged, sizeText } from '../../src/io/diskNeed.ts';

// `urbsim run scenarios/dalian.yaml --runs 10000000` started at once and ran for hours towards ~80 GB of
// trajectories.arrow (and as much again of working file) with no word of it. The estimate, by hand: 41 metrics;
// a row of trajectories.arrow (a run and year) is 41 doubles (328 bytes), run and year as int32 (8), 41 validity
// bits (6 bytes): 342 bytes; params.arrow 8 bytes a sampled value and 8 for the run and its seed; Arrow's framing
// allowed for as 1 % of trajectories.arrow's rows and 65,536 bytes a file; the working metric file 41 doubles a row
// (328 bytes).
/**
 * What checkDisk says of `runs` runs of `years` years with 9 sampled values (a folder's bytes, as `bytes` lays such
 * folders out) on `free` bytes: 'fits', or the runs it advises ('633 runs').
 */
function advised(runs: number, free: number, bytes: (folder: DiskBytes) => DiskBytes, years: number): string {
  try {
    checkDisk('a', 'out/a', bytes(runFolderBytes({ runs, years, sampled: 9 })), (share) => fewerRuns(share, runs), () => {}, free);
    return 'fits';
  } catch (e) {
    return (e as Error).message.replace(/.*; (.*), or write .*/, '$1');
  }
}

describe('the disk a run folder takes', () => {
  it('1,000 runs of 23 years with 9 sampled values: 8,010,196 bytes of trajectories, 15,699,732 at most while written', () => {
    // 1000 · 23 · 342 = 7,866,000, · 1.01 = 7,944,660, + 65,536 = 8,010,196; + 1000 · (9 · 8 + 8) + 65,536 = 145,536
    // kept; + 1000 · 23 · 328 = 7,544,000 while written; of it, 2 · 65,536 = 131,072 whatever the runs.
    expect(runFolderBytes({ runs: 1000, years: 23, sampled: 9 })).toEqual({ trajectories: 8_010_196, kept: 8_155_732, peak: 15_699_732, fixed: 131_072 });
  });

  it('folders written one after another: at each one\'s turn, those before it kept, its own and its working file; the highest turn', () => {
    // 8 years: 1000 · 8 · 342 · 1.01 + 65,536 = 2,828,896, kept + 145,536 = 2,974,432, working file 1000 · 8 · 328 = 2,624,000.
    const long = runFolderBytes({ runs: 1000, years: 23, sampled: 9 });
    const short = runFolderBytes({ runs: 1000, years: 8, sampled: 9 });
    // The long one first: its turn, 8,155,732 + 7,544,000 = 15,699,732; the short one's, 8,155,732 + 2,974,432 +
    // 2,624,000 = 13,754,164.
    expect(inTurn([long, short])).toMatchObject({ trajectories: 8_010_196 + 2_828_896, kept: 8_155_732 + 2_974_432, peak: 15_699_732, fixed: 262_144 });
    // The long one last: 2,974,432 + 8,155,732 + 7,544,000 = 18,674,164.
    expect(inTurn([short, long])).toMatchObject({ kept: 8_155_732 + 2_974_432, peak: 18_674_164, turns: { working: 7_544_000, freed: 0 } });
  });

  it('folders that replace older ones: an old folder is free for the folders after its own, not for its own', () => {
    const long = runFolderBytes({ runs: 1000, years: 23, sampled: 9 });
    // Each replaces a folder of 8,000,000 bytes. First turn: 8,155,732 + 7,544,000 = 15,699,732 (nothing freed yet);
    // second: 2 · 8,155,732 + 7,544,000 − 8,000,000 = 15,855,464, the highest; with nothing replaced 23,855,464.
    expect(inTurn([long, long], [8e6, 8e6])).toMatchObject({ kept: 2 * 8_155_732, peak: 15_855_464, turns: { working: 7_544_000, freed: 8e6 } });
    expect(inTurn([long, long]).peak).toBe(23_855_464);
    const advice = (runs: number) => advised(runs, 10e6, (f) => inTurn([f, f], [8e6, 8e6]), 23);
    // 10,000,000 free: the first turn allows (10e6 − 131,072) / (15,699,732 − 131,072) = 0.6339 of the runs, the second
    // (10e6 + 7,737,856) / (15,855,464 + 7,737,856) = 0.7518 (its framing, 262,144, less the 8,000,000 freed): 633 runs.
    // By hand, 633 runs of 23 years: ⌈633 · 23 · 342 · 1.01⌉ + 65,536 + 633 · 80 + 65,536 + 633 · 23 · 328 = 9,986,034
    // bytes at the first turn, which fit; 634 runs 10,001,603.
    expect(advice(1000)).toBe('633 runs');
    expect(advice(633)).toBe('fits');
    expect(advice(634)).toBe('633 runs');
    const notes: string[] = [];
    expect(() => checkDisk('b', 'out/b', inTurn([long, long], [8e6, 8e6]), () => 'fewer', (l) => notes.push(l), 15e6)).toThrow(
      'b need about 15.9 MB of disk (16.0 MB of trajectories.arrow and 7.5 MB of working file while they run, less 8.0 MB of the folders they replace, freed as each is replaced), more than the 15.0 MB free under out/b; fewer, or write',
    );
  });

  it('shards side by side, then merged beside them: what they all keep, and the larger of the shards\' working files together and the merge', () => {
    // 500 runs of 23 years: 500 · 23 · 342 · 1.01 = 3,972,330, + 65,536 = 4,037,866 of trajectories, + 500 · 80 + 65,536
    // = 4,143,402 kept, 500 · 23 · 328 = 3,772,000 of working file; two of them: 7,544,000 of working file together, the
    // merge 8,155,732 + 7,544,000 = 15,699,732 while written, the larger.
    expect(shardedThenMerged([runFolderBytes({ runs: 500, years: 23, sampled: 9 }), runFolderBytes({ runs: 500, years: 23, sampled: 9 })], runFolderBytes({ runs: 1000, years: 23, sampled: 9 })))
      .toEqual({ trajectories: 2 * 4_037_866 + 8_010_196, kept: 2 * 4_143_402 + 8_155_732, peak: 2 * 4_143_402 + 15_699_732, fixed: 3 * 2 * 65_536 });
    // No shard left to run: the merge alone.
    expect(shardedThenMerged([], runFolderBytes({ runs: 1000, years: 23, sampled: 9 }))).toEqual({ trajectories: 8_010_196, kept: 8_155_732, peak: 15_699_732, fixed: 131_072 });
  });

  it('more than the disk holds: refused, saying the need, what is free and how many runs would fit', () => {
    const bytes = runFolderBytes({ runs: 10_000_000, years: 23, sampled: 9 }); // 79.45 GB, kept 80.25 GB, 155.69 GB at most
    const notes: string[] = [];
    expect(() => checkDisk('dalian: 10,000,000 runs of 23 years', 'out/dalian', bytes, (share) => `run at most about ${fewerRuns(share, 10_000_000)} (--runs)`, (l) => notes.push(l), 10e9)).toThrow(
      // peak 155,686,731,072; of what grows with the runs, (10e9 − 131,072) / (155,686,731,072 − 131,072) · 10,000,000
      // = 642,307.6; the working file 10,000,000 · 23 · 328 = 75.44 GB
      'dalian: 10,000,000 runs of 23 years need about 155.7 GB of disk (79.4 GB of trajectories.arrow and 75.4 GB of working file while they run), ' +
        'more than the 10.0 GB free under out/dalian; run at most about 642,307 runs (--runs), or write them to a disk with more room (--out)',
    );
    expect(notes).toEqual([]);
  });

  it('the runs it advises fit: the framing of each file stays whatever their number', () => {
    // 300 runs of 8 years on 250,000 bytes free: 300 · 8 · 342 · 1.01 = 829,008 (+ 65,536), + 300 · 80 (+ 65,536),
    // + 300 · 8 · 328 = 787,200: 1,771,280 bytes. A share of all of it, 250,000 / 1,771,280 · 300 = 42 runs, would need
    // 42 · 8 · 342 · 1.01 = 116,062 (rounded up) + 42 · 80 + 42 · 8 · 328 + 131,072 = 360,702 bytes: refused again.
    // Of what grows, (250,000 − 131,072) / (1,771,280 − 131,072) · 300 = 21.75: 21 runs, 21 · 8 · 342 · 1.01 = 58,031
    // (rounded up) + 21 · 80 + 21 · 8 · 328 + 131,072 = 245,887 bytes, which fit; 22 would take 251,354.
    const advice = (runs: number, free = 250_000) => advised(runs, free, (f) => f, 8);
    expect(advice(300)).toBe('21 runs');
    expect(advice(21)).toBe('fits');
    expect(advice(22)).toBe('21 runs');
    // No run at all (a shard of none: --shard 1/20 of 10 runs) on less than the two files' framing: nothing grows with
    // the runs, and none fit (it said 'NaN runs', 0 / 0).
    expect(advice(0, 100_000)).toBe('0 runs');
  });

  it('fits but is over 1 GB: a note before the runs; under 1 GB: nothing said', () => {
    const notes: string[] = [];
    const none = () => '';
    checkDisk('dalian: 10,000,000 runs of 23 years', 'out/dalian', runFolderBytes({ runs: 10_000_000, years: 23, sampled: 9 }), none, (l) => notes.push(l), 500e9);
    expect(notes).toEqual([
      'urbsim: note: dalian: 10,000,000 runs of 23 years will take about 155.7 GB of disk under out/dalian (79.4 GB of trajectories.arrow and 75.4 GB of working file while they run; 500.0 GB free)\n',
    ]);
    // 60,000 runs: 60,000 · 23 · 342 · 1.01 + 65,536 + 60,000 · 80 + 65,536 + 60,000 · 23 · 328 = 934,250,672 bytes, under 1 GB.
    checkDisk('dalian: 60,000 runs of 23 years', 'out/dalian', runFolderBytes({ runs: 60_000, years: 23, sampled: 9 }), none, (l) => notes.push(l), 500e9);
    expect(notes).toHaveLength(1);
  });
});

it('sizes as the messages say them: a small disk\'s few MB are not "0.0 GB"', () => {
  expect([154.86e9, 1e9, 327_680, 100_000, 65_536].map(sizeText)).toEqual(['154.9 GB', '1.0 GB', '0.3 MB', '0.1 MB', '65.5 kB']);
});

it('a replaced folder gives back its files\' blocks: not what the new folder keeps (cluster/), nor a file linked elsewhere too', () => {
  const dir = mkdtempSync(join(tmpdir(), 'urbsim-replaced-'));
  const old = join(dir, 'dalian');
  mkdirSync(join(old, 'report'), { recursive: true });
  mkdirSync(join(old, 'cluster'));
  writeFileSync(join(old, 'trajectories.arrow'), Buffer.alloc(100_000, 1));
  writeFileSync(join(old, 'report', 'index.html'), Buffer.alloc(5_000, 1));
  writeFileSync(join(old, 'cluster', 'job.json'), Buffer.alloc(50_000, 1));
  writeFileSync(join(dir, 'kept.arrow'), Buffer.alloc(70_000, 1));
  linkSync(join(dir, 'kept.arrow'), join(old, 'params.arrow'));
  // As the file system allocates them (st_blocks, 512 bytes each): at least their lengths.
  const blocks = (f: string) => statSync(f).blocks * 512;
  const expected = blocks(join(old, 'trajectories.arrow')) + blocks(join(old, 'report', 'index.html'));
  expect(expected).toBeGreaterThanOrEqual(105_000);
  expect(replacedBytes(old, ['cluster'])).toBe(expected);
  expect(replacedBytes(join(dir, 'gone'), ['cluster'])).toBe(0);
});
