import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The seed documents live outside the repository; tests that read them skip when they are absent. */
export const SEEDS_DIR = process.env.URBSIM_SEEDS ?? '/work/shared/seeds';
export const haveSeeds = existsSync(SEEDS_DIR);

const cache = new Map<string, string[]>();

/**
 * The lines of seed `NNN` (`NNN_*.txt`), read once per test file.
 *
 * @example
 * seedLines('004')[886]; // line 887 of seed 004
 */
export function seedLines(seed: string): string[] {
  let lines = cache.get(seed);
  if (!lines) {
    const file = readdirSync(SEEDS_DIR).find((f) => f.startsWith(`${seed}_`) && f.endsWith('.txt'));
    if (!file) throw new Error(`no seed file for ${seed}`);
    lines = readFileSync(join(SEEDS_DIR, file), 'utf8').split('\n');
    cache.set(seed, lines);
  }
  return lines;
}

export const noSpace = (s: string) => s.replace(/\s+/g, '');
// Seeds write some counts with thousands separators (161,629); values are digits only.
export const noThousands = (s: string) => s.replace(/(\d),(?=\d)/g, '$1');

/**
 * Start index of `value` as a whole number in `hay` (no digit glued before or
 * after), its first digit before `limit`, or −1.
 *
 * @example
 * findNumber('常住人口691.8万', '691.8'); // 4
 * findNumber('1691.8', '691.8');          // -1
 */
export function findNumber(hay: string, value: string, limit = hay.length): number {
  for (let i = hay.indexOf(value); i >= 0 && i < limit; i = hay.indexOf(value, i + 1)) {
    const before = hay.slice(Math.max(0, i - 2), i);
    const after = hay.slice(i + value.length, i + value.length + 2);
    if (!/\d$|\d\.$/.test(before) && !/^\d|^\.\d/.test(after)) return i;
  }
  return -1;
}
