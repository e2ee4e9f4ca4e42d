import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectRanks } from '../../src/analysis/selectRanks.ts';

describe('selectRanks', () => {
  it('puts at each asked rank the value a sort puts there', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(0, 1, 1, 2, Infinity, -Infinity)), { minLength: 1, maxLength: 300 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 14 }),
        (xs, picks) => {
          const values = Float64Array.from(xs);
          const sorted = Float64Array.from(xs).sort();
          const ranks = Int32Array.from(picks, (p) => p % xs.length);
          selectRanks(values, ranks);
          for (const k of ranks) if (!(values[k] === sorted[k])) return false; // === : -0 and +0 may trade places
          return [...values].sort((a, b) => a - b).every((v, i) => v === sorted[i]); // nothing lost or duplicated
        },
      ),
      { numRuns: 300 },
    );
  });
});
