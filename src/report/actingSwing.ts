import type { SensitivityIndexRow } from './sensitivityRows.ts';
import type { SwingRow } from './swingRows.ts';

/**
 * The swing rows to draw: every input's but a lever's that does not act in the scenario — its total Sobol' index is
 * 0, it changed the metric in no design row (urbsim sensitivity notes it) — whose tenths differ only by the other
 * inputs' draws: its bar drew that noise as its effect (points_cutoff in plain mode, an orange bar of 0.5 points).
 *
 * @example
 * actingSwing(swingRows(swingTable), sensitivityRows(indexTable)); // without points_cutoff in a plain-mode scenario
 */
export function actingSwing(swing: readonly SwingRow[], indices: readonly SensitivityIndexRow[]): SwingRow[] {
  const idle = (s: SwingRow) => s.lever && indices.some((r) => r.parameter === s.parameter && r.index === 'total' && r.estimate === 0);
  return swing.filter((s) => !idle(s));
}
