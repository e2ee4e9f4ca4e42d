import seedrandom from 'seedrandom';

/** A source of uniform numbers in (0, 1). */
export type Uniform = () => number;

/**
 * A random stream named by (scenario seed, run index, purpose) alone, so a
 * run draws the same numbers whatever the worker count, the shard split or
 * the other parameters of the scenario: variants sharing a seed share draws
 * parameter by parameter (common random numbers). seedrandom's `tychei`
 * generator: fast to seed and to draw, 53-bit doubles.
 *
 * @example
 * const u = stream(42, 7, 'param:inflow');
 * u(); // the same number on every machine
 */
export function stream(seed: number, run: number | string, purpose: string): Uniform {
  const prng = seedrandom.tychei(`${seed}/${run}/${purpose}`);
  return () => {
    const u = prng.double();
    return u === 0 ? 2 ** -54 : u;
  };
}

/**
 * A permutation of 0..n−1 drawn from its own stream (Fisher–Yates).
 *
 * @example
 * permutation(5, stream(1, 'lhs', 'x')); // e.g. Int32Array [3, 0, 4, 1, 2]
 */
export function permutation(n: number, u: Uniform): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
