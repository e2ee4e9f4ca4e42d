import type { MonteCarloResult } from '../montecarlo/runMonteCarlo.ts';
import type { TargetSpec } from '../scenario/resolved.ts';
import { pairedProportionDifference } from './pairedProportionDifference.ts';
import { type TargetResult, metByRun, targetProbabilities } from './targetProbabilities.ts';
import { defaultsBasis, targetOnDefaults } from '../batch/onDefaults.ts';
import { breakBasis, targetOnBreak } from '../batch/onBreak.ts';

/** One target (or `all` of them) in one variant, and against the reference run by run. */
export interface CompareTargetRow extends TargetResult {
  readonly variant: string;
  readonly reference: string;
  /**
   * P(variant meets) − P(reference meets) over the same runs, with Tango's
   * paired interval; absent for the reference itself.
   */
  readonly difference?: { readonly value: number; readonly lower: number; readonly upper: number; readonly onlyVariant: number; readonly onlyReference: number };
  /** The variant's answer rests mainly on defaults (†, src/batch/onDefaults.ts, by the variant's own laws); null on `all`. */
  readonly onDefaults: boolean | null;
  /** The variant's answer rests on an assumed change of the registered count (§, src/batch/onBreak.ts); null on `all`. */
  readonly onBreak: boolean | null;
}

/**
 * Every target of any variant (the same target in several files counts once,
 * in the order first met; `all` = all of them jointly), evaluated in every
 * variant: the share of runs meeting it with its Wilson interval, and for
 * each variant after the first the paired difference from the first (runs
 * share their draws, so a run meeting the target in one variant and not the
 * other is the lever's doing).
 *
 * @example
 * compareTargets([dongguan, cutoff100]).filter((r) => r.variant === 'dongguan-cutoff100').map((r) => r.difference?.value);
 */
export function compareTargets(results: readonly MonteCarloResult[]): CompareTargetRow[] {
  const targets: TargetSpec[] = [];
  for (const r of results) for (const t of r.scenario.targets) if (!targets.some((u) => u.id === t.id)) targets.push(t);
  if (targets.length === 0) return [];
  const reference = results[0];
  const met = results.map((r) => metByRun(r.rows, r.years, targets));
  const rows: CompareTargetRow[] = [];
  results.forEach((r, v) => {
    const probs = targetProbabilities(r.rows, r.years, targets);
    // † and § by each variant's own scenario: a variant that sets a pace, or holds the change of count at none, loses its mark.
    const [paces, change] = [defaultsBasis(r.scenario), breakBasis(r.scenario)];
    probs.forEach((p, t) => {
      const row: CompareTargetRow = { ...p, variant: r.scenario.name, reference: reference.scenario.name, onDefaults: targetOnDefaults(paces, p), onBreak: targetOnBreak(change, p) };
      if (v === 0) return rows.push(row);
      const counts = { both: 0, onlyVariant: 0, onlyReference: 0, neither: 0 };
      const a = met[v][t];
      const b = met[0][t];
      for (let run = 0; run < a.length; run++) {
        if (a[run] && b[run]) counts.both++;
        else if (a[run]) counts.onlyVariant++;
        else if (b[run]) counts.onlyReference++;
        else counts.neither++;
      }
      const d = pairedProportionDifference(counts);
      rows.push({ ...row, difference: { value: d.difference, lower: d.lower, upper: d.upper, onlyVariant: counts.onlyVariant, onlyReference: counts.onlyReference } });
    });
  });
  return rows;
}
