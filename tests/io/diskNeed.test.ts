import { describe, expect, it } from 'vitest';
import { linkSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DiskBytes, checkDisk, fewerRuns, inTurn, replacedBytes, runFolderBytes, shardedThenMerged, sizeText } from '../../src/io/diskNeed.ts';

// `urbsim run scenarios/dalian.yaml --runs 10000000` started at once and ran for hours towards ~80 GB of
// trajectories.arrow (and as much again of working file) with no word of it. The estimate, by hand: 43 metrics (41
// before converted_in_place and relabelled); a row of trajectories.arrow (a run and year) is 43 doubles (344 bytes), run
// and year as int32 (8), 43 validity bits (6 bytes): 358 bytes; params.arrow 8 bytes a sampled value and 8 for the run
// and its seed; Arrow's framing allowed for as 1 % of trajectories.arrow's rows and 65,536 bytes a file; the working
// metric file 43 doubles a row (344 bytes).
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
  it('1,000 runs of 23 years with 9 sampled values: 8,381,876 bytes of trajectories, 16,439,412 at most while written', () => {
    // 1000 · 23 · 358 = 8,234,000, · 1.01 = 8,316,340, + 65,536 = 8,381,876; + 1000 · (9 · 8 + 8) + 65,536 = 145,536
    // kept; + 1000 · 23 · 344 = 7,912,000 while written; of it, 2 · 65,536 = 131,072 whatever the runs.
    expect(runFolderBytes({ runs: 1000, years: 23, sampled: 9 })).toEqual({ trajectories: 8_381_876, kept: 8_527_412, peak: 16_439_412, fixed: 131_072 });
  });

  it('folders written one after another: at each one\'s turn, those before it kept, its own and its working file; the highest turn', () => {
    // 8 years: 1000 · 8 · 358 · 1.01 + 65,536 = 2,958,176, kept + 145,536 = 3,103,712, working file 1000 · 8 · 344 = 2,752,000.
    const long = runFolderBytes({ runs: 1000, years: 23, sampled: 9 });
    const short = runFolderBytes({ runs: 1000, years: 8, sampled: 9 });
    // The long one first: its turn, 8,527,412 + 7,912,000 = 16,439,412; the short one's, 8,527,412 + 3,103,712 +
    // 2,752,000 = 14,383,124.
    expect(inTurn([long, short])).toMatchObject({ trajectories: 8_381_876 + 2_958_176, kept: 8_527_412 + 3_103_712, peak: 16_439_412, fixed: 262_144 });
    // The long one last: 3,103,712 + 8,527,412 + 7,912,000 = 19,543,124.
    expect(inTurn([short, long])).toMatchObject({ kept: 8_527_412 + 3_103_712, peak: 19_543_124, turns: { working: 7_912_000, freed: 0 } });
  });

  it('folders that replace older ones: an old folder is free for the folders after its own, not for its own', () => {
    const long = runFolderBytes({ runs: 1000, years: 23, sampled: 9 });
    // Each replaces a folder of 8,000,000 bytes. First turn: 8,527,412 + 7,912,000 = 16,439,412 (nothing freed yet);
    // second: 2 · 8,527,412 + 7,912,000 − 8,000,000 = 16,966,824, the highest; with nothing replaced 24,966,824.
    expect(inTurn([long, long], [8e6, 8e6])).toMatchObject({ kept: 2 * 8_527_412, peak: 16_966_824, turns: { working: 7_912_000, freed: 8e6 } });
    expect(inTurn([long, long]).peak).toBe(24_966_824);
    const advice = (runs: number) => advised(runs, 10e6, (f) => inTurn([f, f], [8e6, 8e6]), 23);
    // 10,000,000 free: the first turn allows (10e6 − 131,072) / (16,439,412 − 131,072) = 0.6052 of the runs, the second
    // (10e6 + 7,737,856) / (16,966,824 + 7,737,856) = 0.7180 (its framing, 262,144, less the 8,000,000 freed): 605 runs.
    // By hand, 605 runs of 23 years: ⌈605 · 23 · 358 · 1.01⌉ + 65,536 + 605 · 80 + 65,536 + 605 · 23 · 344 = 9,997,618
    // bytes at the first turn, which fit; 606 runs 10,013,927.
    expect(advice(1000)).toBe('605 runs');
    expect(advice(605)).toBe('fits');
    expect(advice(606)).toBe('605 runs');
    const notes: string[] = [];
    expect(() => checkDisk('b', 'out/b', inTurn([long, long], [8e6, 8e6]), () => 'fewer', (l) => notes.push(l), 15e6)).toThrow(
      'b need about 17.0 MB of disk (16.8 MB of trajectories.arrow and 7.9 MB of working file while they run, less 8.0 MB of the folders they replace, freed as each is replaced), more than the 15.0 MB free under out/b; fewer, or write',
    );
  });

  it('shards side by side, then merged beside them: what they all keep, and the larger of the shards\' working files together and the merge', () => {
    // 500 runs of 23 years: 500 · 23 · 358 · 1.01 = 4,158,170, + 65,536 = 4,223,706 of trajectories, + 500 · 80 + 65,536
    // = 4,329,242 kept, 500 · 23 · 344 = 3,956,000 of working file; two of them: 7,912,000 of working file together, the
    // merge 8,527,412 + 7,912,000 = 16,439,412 while written, the larger.
    expect(shardedThenMerged([runFolderBytes({ runs: 500, years: 23, sampled: 9 }), runFolderBytes({ runs: 500, years: 23, sampled: 9 })], runFolderBytes({ runs: 1000, years: 23, sampled: 9 })))
      .toEqual({ trajectories: 2 * 4_223_706 + 8_381_876, kept: 2 * 4_329_242 + 8_527_412, peak: 2 * 4_329_242 + 16_439_412, fixed: 3 * 2 * 65_536 });
    // No shard left to run: the merge alone.
    expect(shardedThenMerged([], runFolderBytes({ runs: 1000, years: 23, sampled: 9 }))).toEqual({ trajectories: 8_381_876, kept: 8_527_412, peak: 16_439_412, fixed: 131_072 });
  });

  it('more than the disk holds: refused, saying the need, what is free and how many runs would fit', () => {
    const bytes = runFolderBytes({ runs: 10_000_000, years: 23, sampled: 9 }); // 83.16 GB, kept 83.96 GB, 163.08 GB at most
    const notes: string[] = [];
    expect(() => checkDisk('dalian: 10,000,000 runs of 23 years', 'out/dalian', bytes, (share) => `run at most about ${fewerRuns(share, 10_000_000)} (--runs)`, (l) => notes.push(l), 10e9)).toThrow(
      // peak 163,083,531,072; of what grows with the runs, (10e9 − 131,072) / (163,083,531,072 − 131,072) · 10,000,000
      // = 613,175.x; the working file 10,000,000 · 23 · 344 = 79.12 GB
      'dalian: 10,000,000 runs of 23 years need about 163.1 GB of disk (83.2 GB of trajectories.arrow and 79.1 GB of working file while they run), ' +
        'more than the 10.0 GB free under out/dalian; run at most about 613,175 runs (--runs), or write them to a disk with more room (--out)',
    );
    expect(notes).toEqual([]);
  });

  it('the runs it advises fit: the framing of each file stays whatever their number', () => {
    // 300 runs of 8 years on 250,000 bytes free: 300 · 8 · 358 · 1.01 = 867,792 (+ 65,536), + 300 · 80 (+ 65,536),
    // + 300 · 8 · 344 = 825,600: 1,848,464 bytes. A share of all of it, 250,000 / 1,848,464 · 300 = 40 runs, would need
    // 40 · 8 · 358 · 1.01 = 115,706 (rounded up) + 40 · 80 + 40 · 8 · 344 + 131,072 = 360,058 bytes: refused again.
    // Of what grows, (250,000 − 131,072) / (1,848,464 − 131,072) · 300 = 20.77: 20 runs, 20 · 8 · 358 · 1.01 = 57,853
    // (rounded up) + 20 · 80 + 20 · 8 · 344 + 131,072 = 245,565 bytes, which fit; 21 would take 251,290.
    const advice = (runs: number, free = 250_000) => advised(runs, free, (f) => f, 8);
    expect(advice(300)).toBe('20 runs');
    expect(advice(20)).toBe('fits');
    expect(advice(21)).toBe('20 runs');
    // No run at all (a shard of none: --shard 1/20 of 10 runs) on less than the two files' framing: nothing grows with
    // the runs, and none fit (it said 'NaN runs', 0 / 0).
    expect(advice(0, 100_000)).toBe('0 runs');
  });

  it('fits but is over 1 GB: a note before the runs; under 1 GB: nothing said', () => {
    const notes: string[] = [];
    const none = () => '';
    checkDisk('dalian: 10,000,000 runs of 23 years', 'out/dalian', runFolderBytes({ runs: 10_000_000, years: 23, sampled: 9 }), none, (l) => notes.push(l), 500e9);
    expect(notes).toEqual([
      'urbsim: note: dalian: 10,000,000 runs of 23 years will take about 163.1 GB of disk under out/dalian (83.2 GB of trajectories.arrow and 79.1 GB of working file while they run; 500.0 GB free)\n',
    ]);
    // 60,000 runs: 60,000 · 23 · 358 · 1.01 + 65,536 + 60,000 · 80 + 65,536 + 60,000 · 23 · 344 = 978,631,472 bytes, under 1 GB.
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
