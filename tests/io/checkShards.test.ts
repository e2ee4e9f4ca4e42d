import { describe, expect, it } from 'vitest';
import { checkShards, mergeResults, type ShardPart } from '../../src/io/mergeResults.ts';
import { InputError } from '../../src/inputError.ts';

// Two halves of 4 runs of one scenario (same hash, seed and runs). A shard written before 2026-12-04 has no
// params.arrow columns for the change of count's draws (02b07fa): its rows of sampled values are shorter, so laying
// them after the other shard's, k values a run, would misalign every value after the first shard.
const part = (dir: string, runStart: number, runEnd: number, sampledNames: string[]): ShardPart =>
  ({
    dir,
    meta: { hash: 'h', seed: 1, runs: 4 },
    result: {
      runStart, runEnd, sampledNames, years: Int32Array.of(2013), rows: new Float64Array(0), elapsedMs: 0,
      sampled: Float64Array.from({ length: (runEnd - runStart) * sampledNames.length }, (_, i) => runStart * 10 + i),
    },
  }) as unknown as ShardPart;
const NEW = ['inflow', 'uncertainty.registered_break.share'];
const OLD = ['inflow'];

describe('shards whose params.arrow columns differ', () => {
  it('are refused, naming both shards and the columns only one has (either order)', () => {
    for (const parts of [[part('s1', 0, 2, NEW), part('s2', 2, 4, OLD)], [part('s2', 2, 4, OLD), part('s1', 0, 2, NEW)]]) {
      expect(() => checkShards(parts)).toThrow(InputError);
      expect(() => checkShards(parts)).toThrow(
        'shards hold different params.arrow columns: s1 has uncertainty.registered_break.share, s2 has not (a shard written by an older urbsim: run it again); merge needs shards of one scenario run by one urbsim',
      );
    }
    expect(() => mergeResults([part('s1', 0, 2, NEW), part('s2', 2, 4, OLD)])).toThrow('shards hold different params.arrow columns');
  });

  it('the same columns merge, run by run', () => {
    const m = mergeResults([part('s2', 2, 4, NEW), part('s1', 0, 2, NEW)]);
    expect([...m.sampled]).toEqual([0, 1, 2, 3, 20, 21, 22, 23]);
  });
});

describe('shards cut from different run counts', () => {
  it('are refused, the counts with a thousands separator as the project\'s other counts (it wrote "from 2000 runs, s2 from 4000")', () => {
    const cut = (dir: string, hash: string, runs: number, runStart: number, runEnd: number) => ({ ...part(dir, runStart, runEnd, OLD), meta: { hash, seed: 1, runs } }) as unknown as ShardPart;
    expect(() => checkShards([cut('s1', 'h1', 2000, 0, 1000), cut('s2', 'h2', 4000, 2000, 4000)])).toThrow(
      'shards were cut from different run counts: s1 from 2,000 runs, s2 from 4,000; merge needs shards of one scenario, same seed and runs',
    );
  });
});

describe('shards without a folder (a library caller\'s parts)', () => {
  it('merge in run order: none is taken for a folder given twice (they threw a TypeError from sameFile(undefined))', () => {
    const bare = (runStart: number, runEnd: number) => {
      const { dir: _, ...rest } = part('', runStart, runEnd, OLD);
      return rest as ShardPart;
    };
    const m = mergeResults([bare(2, 4), bare(0, 2)]);
    expect([m.runStart, m.runEnd]).toEqual([0, 4]);
    expect([...m.sampled]).toEqual([0, 1, 20, 21]);
  });
});
