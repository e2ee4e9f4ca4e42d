import { AGES, MAX_DURATION, SEXES, mr, mu, rowOffset } from '../layout.ts';

/**
 * Step 3, duration of stay: every migrant completes one more year,
 * `M*[d] → M*[d+1]`, and 10+ absorbs 9. `M*[0]` is left empty for the
 * year's arrivals.
 *
 * @example
 * advanceDuration(state); // Mu[1] now holds last year's Mu[0]
 */
export function advanceDuration(state: Float64Array): void {
  for (let block = 0; block < 2; block++) {
    const first = block === 0 ? mu(0) : mr(0);
    for (let x = 0; x < SEXES; x++)
      for (let a = 0; a < AGES; a++) {
        const top = rowOffset(first + MAX_DURATION, x) + a;
        state[top] += state[rowOffset(first + MAX_DURATION - 1, x) + a];
        for (let d = MAX_DURATION - 1; d >= 1; d--)
          state[rowOffset(first + d, x) + a] = state[rowOffset(first + d - 1, x) + a];
        state[rowOffset(first, x) + a] = 0;
      }
  }
}
