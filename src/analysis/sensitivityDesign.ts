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
 * With `rows` ([first, end) of the design's rows, all blocks counted: a shard's), only the A and B rows those rows are
 * made of go through the quantile — A's row r for rows r of A, AB_i and the last block, B's row r for rows r of B and
 * AB_i —, the stream still read in full and in order, so those rows are the whole design's to the bit; the other
 * rows are 0 (never run). A shard of many drew the whole design, as long as the analysis's, for a slice of its rows.
 *
 * @example
 * const d = await sensitivityDesign({ names: ['a', 'b'], specs: [{ dist: 'uniform', min: 0, max: 1 }, { dist: 'uniform', min: 0, max: 2 }], runs: 20, seed: 1, noise: false });
 * d.values.length; // (2 + 2) blocks · 20 rows · 2 inputs = 160
 */
export async function sensitivityDesign(
  d: DesignInputs,
  o: { readonly onProgress?: (done: number, total: number) => void; readonly chunk?: number; readonly rows?: readonly [number, number] } = {},
): Promise<SensitivityDesign> {
  const { specs, runs: n, names } = d;
  const k = specs.length;
  const u = stream(d.seed, 'saltelli', 'design');
  const blocks = k + 2 + (d.noise ? 1 : 0);
  const values = new Float64Array(blocks * n * k);
  const cells = 2 * n * k;
  const chunk = Math.max(k, Math.floor(o.chunk ?? DESIGN_CHUNK));
  const needed = o.rows && neededCells(n, k, blocks, o.rows);
  for (let start = 0; start < cells; start += chunk) {
    const end = Math.min(cells, start + chunk);
    for (let c = start; c < end; c++) {
      const x = u();
      if (!needed || needed[c]) values[c] = quantile(specs[c % k], x);
    }
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

/**
 * Which cells of A and B (cell c: row ⌊c / k⌋ of A's n rows then B's, input c mod k) design rows [first, end) are
 * made of: a row of A, or of the last block (A's values with B's streams), takes A's row of its number; a row of B, B's;
 * a row of AB_i, A's row but for input i, which is B's.
 */
function neededCells(n: number, k: number, blocks: number, [first, end]: readonly [number, number]): Uint8Array {
  const needed = new Uint8Array(2 * n * k);
  for (let g = Math.max(0, first); g < Math.min(end, blocks * n); g++) {
    const b = Math.floor(g / n);
    const r = g % n;
    const mixed = b >= 2 && b < k + 2 ? b - 2 : -1;
    if (b === 1) needed.fill(1, (n + r) * k, (n + r + 1) * k);
    else for (let j = 0; j < k; j++) needed[(j === mixed ? n + r : r) * k + j] = 1;
  }
  return needed;
}
