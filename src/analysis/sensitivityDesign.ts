import { quantile } from '../montecarlo/distributions.ts';
import { stream } from '../montecarlo/rng.ts';
import type { DistSpec } from '../scenario/resolved.ts';
import { fillSaltelliMixes } from './saltelli.ts';

/** The parameter rows of a sensitivity analysis's Saltelli design, as {@link runMonteCarlo} takes them (`parameters`). */
export interface SensitivityDesign {
  readonly names: readonly string[];
  readonly values: Float64Array;
  readonly shockRuns: Int32Array;
}

/** What the design is drawn from: the sampled inputs' names and laws, the base rows, the seed, and whether a run has randomness of its own. */
export interface DesignInputs {
  readonly names: readonly string[];
  readonly specs: readonly DistSpec[];
  readonly runs: number;
  readonly seed: number;
  readonly noise: boolean;
}

/**
 * Cells (one draw through its law's quantile each) drawn between two turns of the event loop: about 60 ms at the
 * slowest law (a pooled logitnormalmix, ~31 µs by inversion), so Ctrl-C and SIGTERM are answered at once.
 */
export const DESIGN_CHUNK = 2048;

/**
 * The Saltelli design of {@link saltelliDesign} mapped to parameter values: blocks A, B, AB_0 … AB_{k−1} of n rows,
 * and, when a run has randomness of its own, one more block, A's values with B's streams. Block A row r uses the
 * streams of run r, block B those of run n + r (`shockRuns`).
 *
 * Drawn in chunks of {@link DESIGN_CHUNK} cells with a turn of the event loop between them, and `onProgress` told the
 * rows of A and B drawn: it was drawn in one synchronous loop, and `sensitivity --runs 100000` sat silent and deaf to
 * Ctrl-C for 80 s (Dalian). The values are those of that loop to the bit: the same stream read in the same order (A
 * row by row, then B), each uniform through the same quantile. Only A and B go through the quantile: an AB_i cell is
 * an A or a B cell, and the quantile of the same uniform is the same number, so each AB_i block is copied from them
 * (the loop computed every cell of every block, (k + 2)/2 times the work).
 *
 * @example
 * const d = await sensitivityDesign({ names: ['a', 'b'], specs: [{ dist: 'uniform', min: 0, max: 1 }, { dist: 'uniform', min: 0, max: 2 }], runs: 20, seed: 1, noise: false });
 * d.values.length; // (2 + 2) blocks · 20 rows · 2 inputs = 160
 */
export async function sensitivityDesign(
  d: DesignInputs,
  o: { readonly onProgress?: (done: number, total: number) => void; readonly chunk?: number } = {},
): Promise<SensitivityDesign> {
  const { specs, runs: n, names } = d;
  const k = specs.length;
  const u = stream(d.seed, 'saltelli', 'design');
  const blocks = k + 2 + (d.noise ? 1 : 0);
  const values = new Float64Array(blocks * n * k);
  const cells = 2 * n * k;
  const chunk = Math.max(k, Math.floor(o.chunk ?? DESIGN_CHUNK));
  for (let start = 0; start < cells; start += chunk) {
    const end = Math.min(cells, start + chunk);
    for (let c = start; c < end; c++) values[c] = quantile(specs[c % k], u());
    o.onProgress?.(Math.floor(end / k), 2 * n);
    if (end < cells) await new Promise<void>((next) => setImmediate(next));
  }
  fillSaltelliMixes(values, n, k);
  if (d.noise) values.copyWithin((k + 2) * n * k, 0, n * k);
  const shockRuns = new Int32Array(blocks * n);
  for (let b = 0; b < blocks; b++) {
    const fromB = b === 1 || (d.noise && b === blocks - 1);
    for (let r = 0; r < n; r++) shockRuns[b * n + r] = fromB ? n + r : r;
  }
  return { names, values, shockRuns };
}
