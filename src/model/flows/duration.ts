import { MAX_DURATION, MR0, MU0, STATUS_SIZE } from '../layout.ts';

/**
 * Step 4, duration of stay, after out-migration: every migrant completes one more year,
 * `M*[d] → M*[d+1]`, and 10+ absorbs 9. `M*[0]` is left empty for the
 * year's arrivals. Each `M*[d]` is one contiguous block of the state, so the
 * shift is a block copy.
 *
 * @example
 * advanceDuration(state); // Mu[1] now holds last year's Mu[0]
 */
export function advanceDuration(state: Float64Array): void {
  advanceBlock(state, MU0 * STATUS_SIZE);
  advanceBlock(state, MR0 * STATUS_SIZE);
}

/** One block of 11 durations from `first`: 10+ absorbs 9, every other duration moves up one, 0 is emptied. */
function advanceBlock(state: Float64Array, first: number): void {
  const top = first + MAX_DURATION * STATUS_SIZE;
  const below = top - STATUS_SIZE;
  for (let i = 0; i < STATUS_SIZE; i++) state[top + i] += state[below + i];
  state.copyWithin(first + STATUS_SIZE, first, below);
  state.fill(0, first, first + STATUS_SIZE);
}
