import type { ResolvedScenario } from '../scenario/resolved.ts';
import { leverEndOutside, leverEndText } from '../montecarlo/leverBounds.ts';
import { UsageError } from './errors.ts';

/** A lever's range as given: the option that gave it (`--lever K=LO..HI`, `--range LO,HI`) and its ends as written. */
export interface GivenRange {
  readonly lever: string;
  readonly option: string;
  readonly written: readonly [string, string];
}

/**
 * Refuse a range given on the command line at whose end a parameter computed from the lever leaves its bounds
 * ({@link leverEndOutside}); `ranged`: the scenario with those levers drawn over their ranges (withLeverRanges).
 *
 * @example
 * checkLeverEnds(withLeverRanges(qingdao, [{ lever: 'relaxed_share', lo: -0.1, hi: 0.8 }]), [{ lever: 'relaxed_share', option: '--lever relaxed_share=-10%..80%', written: ['-10%', '80%'] }]);
 * // UsageError: --lever relaxed_share=-10%..80%: at -10%, relaxed_share takes open_area_share to -10% in 2014, outside its bounds …
 */
export function checkLeverEnds(ranged: ResolvedScenario, given: readonly GivenRange[]): void {
  if (given.length === 0) return;
  const found = leverEndOutside(ranged, given.map((g) => g.lever));
  if (!found) return;
  const g = given.find((x) => x.lever === found.lever)!;
  throw new UsageError(`${g.option}: ${leverEndText(found, g.written)}`);
}
