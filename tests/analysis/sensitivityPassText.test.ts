import { expect, it } from 'vitest';
import { type SensitivityPrecision, passText } from '../../src/analysis/sensitivityPrecision.ts';

// A pass's note said every shortfall as one of width: Dongguan's levers at 3,200 base rows, every interval within
// ±0.033, read "±0.05 needs about 6,400 rows" — the rows were doubled because a first-order estimate stood above its
// total beyond the bootstrap's error (README, Dongguan's lever sensitivity), not for the width.
const excess = (parameter: string, beyondError: boolean) => ({ parameter, first: 0.3, total: 0.2, lower: beyondError ? 0.05 : -0.01, upper: 0.15, beyondError });
const precision = (o: Partial<SensitivityPrecision>): SensitivityPrecision => ({ halfWidth: 0.033, target: 0.05, enough: true, neededRuns: 3200, firstAboveTotal: [], groups: [], ...o });

it("a pass's note says why it asks for more rows: the width, or a first-order estimate above its total beyond the bootstrap's error", () => {
  expect(passText(3200, precision({}))).toBe("3,200 base rows: Sobol' intervals up to ±0.033");
  // Wider than asked: (0.08 / 0.05)² · 250 = 640 rows.
  expect(passText(250, precision({ halfWidth: 0.08, enough: false, neededRuns: 640 }))).toBe("250 base rows: Sobol' intervals up to ±0.080; ±0.05 needs about 640 rows");
  // Narrow enough, but one excess beyond the error (the other within it, not named): twice the rows, 6,400.
  expect(passText(3200, precision({ enough: false, neededRuns: 6400, firstAboveTotal: [excess('net_migration', true), excess('inflow', false)] }))).toBe(
    "3,200 base rows: Sobol' intervals up to ±0.033, within ±0.05, but net_migration's first-order estimate is above its total beyond the bootstrap's error: about 6,400 rows",
  );
  expect(passText(3200, precision({ enough: false, neededRuns: 6400, firstAboveTotal: [excess('net_migration', true), excess('points_cutoff', true)] }))).toBe(
    "3,200 base rows: Sobol' intervals up to ±0.033, within ±0.05, but the first-order estimates of net_migration, points_cutoff are above their totals beyond the bootstrap's error: about 6,400 rows",
  );
});
