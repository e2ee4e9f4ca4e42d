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
  const g = new Tychei();
  g.seed(KEY_START, `${seed}/${run}/${purpose}`);
  return () => g.double();
}

/**
 * The streams of one run, drawn from one generator reseeded in place: `start(purpose)` gives the numbers of
 * `stream(seed, run, purpose)`, to the bit, without the key string, closure and generator a stream makes, and with
 * the key's common start `seed/run/` mixed in once for all of them (a run of a Monte Carlo opens ~20 streams).
 *
 * @example
 * const s = new RunStreams();
 * s.forRun(42, 7);
 * s.start('param:inflow').double(); // stream(42, 7, 'param:inflow')()
 */
export class RunStreams {
  /** The seeding's state after `seed/run/`. */
  private readonly head = new Int32Array(4);
  private readonly g = new Tychei();

  /** The run whose streams {@link start} opens. */
  forRun(seed: number, run: number): void {
    mixIn(KEY_START, `${seed}/${run}/`, 0, this.head);
  }

  /** The generator at the start of this run's stream `purpose` (reused: the last stream started is the one it draws). */
  start(purpose: string): { double(): number } {
    this.g.seed(this.head, purpose);
    return this.g;
  }
}

/** seedrandom's seeding state before any character (a, b, c, d). */
const KEY_START = Int32Array.of(0, 0, 2654435769 | 0, 1367130551);

/**
 * seedrandom's seeding of Tyche-i from state `from`: each character of `key` mixed in, then `after` more rounds (its
 * charCodeAt past the end is NaN, i.e. 0), into `to`. A key split in two gives the state of the whole key.
 */
function mixIn(from: Int32Array, key: string, after: number, to: Int32Array): void {
  let a = from[0];
  let b = from[1];
  let c = from[2];
  let d = from[3];
  const n = key.length;
  for (let k = 0; k < n + after; k++) {
    if (k < n) b ^= key.charCodeAt(k);
    b = (b << 25) ^ (b >>> 7) ^ c;
    c = (c - d) | 0;
    d = (d << 24) ^ (d >>> 8) ^ a;
    a = (a - b) | 0;
    b = (b << 20) ^ (b >>> 12) ^ c;
    c = (c - d) | 0;
    d = (d << 16) ^ (c >>> 16) ^ a;
    a = (a - b) | 0;
  }
  // the state leaves the locals only now: the loop above runs on registers
  to[0] = a;
  to[1] = b;
  to[2] = c;
  to[3] = d;
}

const seeded = new Int32Array(4);

/** Tyche-i's state and step, as seedrandom's XorGen. */
class Tychei {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  /** Seeded as seedrandom seeds it from a key, given the state after the key's start (`from`) and the rest of it. */
  seed(from: Int32Array, rest: string): void {
    mixIn(from, rest, 20, seeded);
    this.a = seeded[0];
    this.b = seeded[1];
    this.c = seeded[2];
    this.d = seeded[3];
  }

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
