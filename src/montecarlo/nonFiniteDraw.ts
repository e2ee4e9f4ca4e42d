import { InputError } from '../inputError.ts';
import type { BoundsCheck } from './boundsChecks.ts';

/** A run drew or computed a value that is not finite: every indicator of it would be NaN. */
export class NonFiniteDrawError extends InputError {
  override name = 'NonFiniteDrawError';
}

/** What {@link nonFiniteDraw} looks at: a chunk's sampled values and bounds counts, as runChunk wrote them. */
export interface DrawnChunk {
  /** Runs `start ≤ run < end`, stored from run `base` on (0 for a chunk of its own). */
  readonly start: number;
  readonly end: number;
  readonly base: number;
  readonly sampled: Float64Array;
  readonly outside: Int32Array;
}

/**
 * Throw {@link NonFiniteDrawError} (an input error: exit code 2) naming the
 * first run of a chunk whose drawn values or whose parameters computed from
 * them are not finite: a distribution drawn as Infinity, an expression of
 * drawn values giving NaN or Infinity (in which year), a shock overflowing.
 * The Monte Carlo calls it on each chunk before handing the chunk on, so
 * nothing of such a run is written. Checks `outside` for the sampler's
 * marker of a non-finite year (−1 − year index).
 *
 * @example
 * nonFiniteDraw({ start: 0, end: 2, base: 0, sampled: Float64Array.of(0.1, Infinity), outside: new Int32Array(0) }, ['g'], [], 2013, 'dalian');
 * // throws 'dalian: run 1 drew g = Infinity; …'
 */
export function nonFiniteDraw(chunk: DrawnChunk, sampledNames: readonly string[], checks: readonly BoundsCheck[], startYear: number, scenario: string): void {
  const k = sampledNames.length;
  const m = checks.length;
  for (let run = chunk.start; run < chunk.end; run++) {
    const r = run - chunk.base;
    // A plain loop: this runs on every run of every chunk, in the thread that writes the outputs.
    let bad = -1;
    for (let j = 0, at = r * k; j < k && bad < 0; j++, at++) if (!Number.isFinite(chunk.sampled[at])) bad = j;
    if (bad >= 0)
      throw new NonFiniteDrawError(
        `${scenario}: run ${run} drew ${sampledNames[bad]} = ${chunk.sampled[r * k + bad]}; every drawn value must be finite: narrow or truncate its distribution (lower/upper)`,
      );
    for (let i = 0; i < m; i++) {
      const n = chunk.outside[r * m + i];
      if (n >= 0) continue;
      const drawn = chunk.sampled.subarray(r * k, (r + 1) * k);
      const { name, source } = checks[i];
      const values = sampledNames.slice(0, 6).map((s, j) => `${s} = ${+drawn[j].toPrecision(6)}`).join(', ') + (k > 6 ? `, … (${k} drawn values)` : '');
      throw new NonFiniteDrawError(
        `${scenario}: run ${run}: ${name} (${source}) is not finite in ${startYear + (-1 - n) + 1}${values ? ` with ${values} drawn` : ''}; ` +
          `every value of ${name} must be finite: make the ${source === 'shocks' ? 'shocks smaller' : 'expression finite for every value its variables can take'}`,
      );
    }
  }
}
