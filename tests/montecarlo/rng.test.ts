import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { RunStreams, stream } from '../../src/montecarlo/rng.ts';

// The streams are seedrandom's tychei written out: every number the same, to the bit, as the library's.
describe('stream', () => {
  it('draws what seedrandom.tychei seeded with "seed/run/purpose" draws', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -2e9, max: 2e9 }), fc.oneof(fc.nat(10_000_000), fc.constantFrom('lhs', 'baseline', 'baseline-lhs', 'saltelli')),
        fc.string({ unit: 'grapheme', maxLength: 40 }), (seed, run, purpose) => {
          const ours = stream(seed, run, purpose);
          const theirs = seedrandom.tychei(`${seed}/${run}/${purpose}`);
          for (let i = 0; i < 30; i++) expect(ours()).toBe(theirs.double());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the numbers of a scenario stream (the seed of dalian.yaml, a run, a parameter)', () => {
    const theirs = seedrandom.tychei('20140101/4711/param:inflow_child_share');
    const ours = stream(20140101, 4711, 'param:inflow_child_share');
    const a = Array.from({ length: 1000 }, () => ours());
    expect(a).toEqual(Array.from({ length: 1000 }, () => theirs.double()));
    expect(a.every((u) => u > 0 && u < 1)).toBe(true);
  });

  it('draws the same numbers through RunStreams, one generator reseeded for a run\'s purposes in turn', () => {
    const streams = new RunStreams();
    fc.assert(
      fc.property(
        fc.integer({ min: -2e9, max: 2e9 }), fc.nat(10_000_000), fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { minLength: 1, maxLength: 4 }),
        (seed, run, purposes) => {
          streams.forRun(seed, run);
          for (const purpose of purposes) {
            const ours = streams.start(purpose);
            const theirs = seedrandom.tychei(`${seed}/${run}/${purpose}`);
            for (let i = 0; i < 10; i++) expect(ours.double()).toBe(theirs.double());
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
