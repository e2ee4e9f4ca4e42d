import { DURATIONS } from './layout.ts';
import { clamp01 } from './clamp01.ts';
import { normalCdf } from './normalCdf.ts';
import type { ModelParams } from './params.ts';

/**
 * Share of urban migrants with d completed years of stay who are eligible to
 * settle under the scenario's mode, written to `out[d]` (DESIGN §3 step 8):
 * - `closed`: 0;
 * - `open`: the share with legal residence, rentals included;
 * - `conditions`: `[d ≥ Y] · P(Bin(d, coverage) ≥ Y′) · legal job share · housing share`,
 *   each year of stay adding a year of social insurance with probability `coverage`;
 * - `points`: `P(score ≥ cut-off)`, score ~ Normal(base + perYear·d + insurancePerYear·coverage·d, sd);
 * then tiers by area mix in the open rule for the `openAreaShare` living in county towns.
 * `plain` is handled by the plain policy and never reaches here.
 *
 * @example
 * eligibility(p, y, ws.migrantSettleShare); // e.g. points: [0.02, 0.05, …, 0.8]
 */
export function eligibility(p: ModelParams, y: number, out: Float64Array): void {
  const mode = p.settlementMode;
  const legal = clamp01(p.legalResidenceShare[y]);
  // Stryker disable next-line EqualityOperator: equivalent — out has DURATIONS cells, a write past its end does nothing
  for (let d = 0; d < DURATIONS; d++) {
    let e = 0;
    if (mode === 'open') e = legal;
    else if (mode === 'conditions') {
      if (d >= p.condResidenceYears[y])
        e = binomialTail(d, clamp01(p.insuranceCoverage[y]), p.condInsuranceYears[y]) * clamp01(p.legalJobShare[y]) * clamp01(p.legalHousingShare[y]);
    } else if (mode === 'points') {
      const mean = p.pointsBase[y] + p.pointsPerYear[y] * d + p.pointsInsurancePerYear[y] * clamp01(p.insuranceCoverage[y]) * d;
      const sd = p.pointsSd[y];
      e = sd > 0 ? 1 - normalCdf((p.pointsCutoff[y] - mean) / sd) : mean >= p.pointsCutoff[y] ? 1 : 0;
    }
    const open = clamp01(p.openAreaShare[y]);
    out[d] = clamp01(open * legal + (1 - open) * e);
  }
}

/** P(X ≥ k) for X ~ Binomial(n, c), k rounded up; no allocation. */
export function binomialTail(n: number, c: number, k: number): number {
  const kk = Math.ceil(k);
  // (k ≤ 0 needs no case: the sum below is then empty and the tail 1)
  if (kk > n) return 0;
  let term = (1 - c) ** n; // P(X = 0)
  let below = 0;
  for (let j = 0; j < kk; j++) {
    below += term;
    // full coverage: every year insured, so P(X = j) = 0 for every j < n the sum reaches (kk ≤ n)
    term = c >= 1 ? 0 : (term * (n - j) * c) / ((j + 1) * (1 - c));
  }
  return clamp01(1 - below);
}
