/** A source of uniform numbers in (0, 1). */
export type Uniform = () => number;

/**
 * A random stream named by (scenario seed, run index, purpose) alone, so a
 * run draws the same numbers whatever the worker count, the shard split or
 * the other parameters of the scenario: variants sharing a seed share draws
 * parameter by parameter (common random numbers). The generator is
 * seedrandom's `tychei` (Tyche-i, Neves & Araujo 2011) seeded from the string
 * `seed/run/purpose`, 53-bit doubles: the same numbers to the bit as
 * `seedrandom.tychei(key).double()` (tests/montecarlo/rng.test.ts), written
 * out here with its state in four integers because seedrandom's objects and
 * closures made the seeding of a run's ~20 streams a tenth of its CPU time.
 *
 * @example
 * const u = stream(42, 7, 'param:inflow');
 * u(); // the same number on every machine
 */
export function stream(seed: number, run: number | string, purpose: string): Uniform {
  const key = `${seed}/${run}/${purpose}`;
  // seedrandom's seeding: mix in each character, then 20 more rounds (its charCodeAt past the end is NaN, i.e. 0)
  let a = 0;
  let b = 0;
  let c = 2654435769 | 0;
  let d = 1367130551;
  for (let k = 0; k < key.length + 20; k++) {
    if (k < key.length) b ^= key.charCodeAt(k);
    b = (b << 25) ^ (b >>> 7) ^ c;
    c = (c - d) | 0;
    d = (d << 24) ^ (d >>> 8) ^ a;
    a = (a - b) | 0;
    b = (b << 20) ^ (b >>> 12) ^ c;
    c = (c - d) | 0;
    d = (d << 16) ^ (c >>> 16) ^ a;
    a = (a - b) | 0;
  }
  const g = new Tychei(a, b, c, d); // the state leaves the locals only now: the loop above runs on registers
  return () => g.double();
}

/** Tyche-i's state and step, as seedrandom's XorGen. */
class Tychei {
  constructor(private a: number, private b: number, private c: number, private d: number) {}

  next(): number {
    let { a, b, c, d } = this;
    b = (b << 25) ^ (b >>> 7) ^ c;
    c = (c - d) | 0;
    d = (d << 24) ^ (d >>> 8) ^ a;
    a = (a - b) | 0;
    this.b = b = (b << 20) ^ (b >>> 12) ^ c;
    this.c = c = (c - d) | 0;
    this.d = (d << 16) ^ (c >>> 16) ^ a;
    return (this.a = (a - b) | 0);
  }

  /** seedrandom's prng.double(): 21 high bits of one draw and 32 bits of the next, never 0. */
  double(): number {
    let u: number;
    do {
      const top = this.next() >>> 11;
      const bot = (this.next() >>> 0) / 0x100000000;
      u = (top + bot) / (1 << 21);
    } while (u === 0);
    return u;
  }
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
