import { editDistance } from './editDistance.ts';

/**
 * The candidate closest to a misspelt word, if one is close enough to be a
 * plausible slip: at most a third of the letters wrong (3 at most), or one
 * of the two a shortening of the other (`maximum` → `max`).
 *
 * @example
 * didYouMean('inflw', ['inflow', 'e0_male']); // 'inflow'
 * didYouMean('maximum', ['min', 'max']);     // 'max'
 * didYouMean('zzz', ['inflow']);              // undefined
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.ceil(w.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  let prefix: string | undefined;
  for (const c of candidates) {
    const lc = c.toLowerCase();
    const d = editDistance(w, lc);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
    if (!prefix && Math.min(w.length, lc.length) >= 3 && (w.startsWith(lc) || lc.startsWith(w))) prefix = c;
  }
  return best ?? prefix;
}
