import { describe, expect, it } from 'vitest';
import { valueTicks } from '../../src/report/chartStyle.ts';

describe('valueTicks', () => {
  it('steps of 1, 2 or 5 × 10^k, about one per 35 px, labelled with the decimals the step needs', () => {
    // 260 px → 7.43 ticks; span 0.0042 / 7.43 = 0.000565 → 5.65 × 10^-4, at least √10 → step 0.0005
    expect(valueTicks([-0.001, 0.0032], 260).labels).toEqual(['−0.0010', '−0.0005', '0.0000', '0.0005', '0.0010', '0.0015', '0.0020', '0.0025', '0.0030']);
    // span 100 / 7.43 = 13.5 → 1.35 × 10^1, under √2 → step 10, no decimals
    expect(valueTicks([0, 100], 260).labels).toEqual(['0', '10', '20', '30', '40', '50', '60', '70', '80', '90', '100']);
    // span 4 / 7.43 = 0.538 → 5.38 × 10^-1, at least √10 → step 0.5, one decimal; zero unsigned
    expect(valueTicks([-1.5, 2.5], 260).labels).toEqual(['−1.5', '−1.0', '−0.5', '0.0', '0.5', '1.0', '1.5', '2.0', '2.5']);
    // span 3 / (140 / 35 = 4) = 0.75 → 7.5 × 10^-1, at least √50 → step 1
    expect(valueTicks([-1, 2], 140)).toEqual({ ticks: [-1, 0, 1, 2], labels: ['−1', '0', '1', '2'] });
  });

  it('a domain of one point gives one tick', () => {
    expect(valueTicks([3, 3], 260)).toEqual({ ticks: [3], labels: ['3'] });
  });
});
