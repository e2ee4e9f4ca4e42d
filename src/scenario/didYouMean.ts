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
  return didYouMeanAll(word, candidates)[0];
}

/**
 * Every candidate {@link didYouMean} could have chosen, in the candidates' order: those closest to the word within
 * its limit, else every one the word shortens or lengthens (`registered` → `registered_pop`, `registered_rate`),
 * where one alone would hide a likelier intent.
 *
 * @example
 * didYouMeanAll('registered', ['registered_pop', 'resident_rate', 'registered_rate']); // ['registered_pop', 'registered_rate']
 * didYouMeanAll('inflw', ['inflow', 'e0_male']);                                       // ['inflow']
 */
export function didYouMeanAll(word: string, candidates: Iterable<string>): string[] {
  const w = word.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.ceil(w.length / 3)));
  let best: string[] = [];
  let bestDistance = limit + 1;
  const prefixes: string[] = [];
  for (const c of candidates) {
    const lc = c.toLowerCase();
    const d = editDistance(w, lc);
    if (d < bestDistance) {
      bestDistance = d;
      best = [c];
    } else if (d === bestDistance && best.length) best.push(c);
    if (Math.min(w.length, lc.length) >= 3 && (w.startsWith(lc) || lc.startsWith(w))) prefixes.push(c);
  }
  return best.length ? best : prefixes;
}
