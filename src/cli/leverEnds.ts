import { LeverEndError } from '../analysis/leverRange.ts';
import { leverEndText } from '../montecarlo/leverBounds.ts';
import { UsageError } from './errors.ts';

/** A lever's range as given: the option that gave it (`--lever K=LO..HI`, `--range LO,HI`) and its ends as written. */
export interface GivenRange {
  readonly lever: string;
  readonly option: string;
  readonly written: readonly [string, string];
}

/**
 * The library's refusal of a range at whose end (or inside which) a parameter computed from the lever leaves its bounds
 * ({@link LeverEndError}, thrown by withLeverRanges and leverRange) said of the option that gave the range, its ends as
 * written there; any other error as it is.
 *
 * @example
 * leverEndUsage(e, [{ lever: 'relaxed_share', option: '--lever relaxed_share=-10%..80%', written: ['-10%', '80%'] }]);
 * // UsageError: --lever relaxed_share=-10%..80%: at -10%, relaxed_share takes open_area_share to -10% in 2014, outside its bounds …
 */
export function leverEndUsage(e: unknown, given: readonly GivenRange[]): unknown {
  if (!(e instanceof LeverEndError)) return e;
  const g = given.find((x) => x.lever === e.found.lever);
  return g ? new UsageError(`${g.option}: ${leverEndText(e.found, g.written, e.shown)}`) : new UsageError(e.message);
}
