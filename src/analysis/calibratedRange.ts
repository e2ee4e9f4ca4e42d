import { binomialDistribution } from 'simple-statistics';

/**
 * How many of n figures a calibrated forecast puts inside its intervals of
 * nominal coverage p, 90 % of the time (by default): the binomial's range with
 * at most 5 % below its low end and at most 5 % above its high end. It reads a
 * cross-validation's count: 18 of 27 inside 50 % intervals is at the edge of
 * what chance gives a calibrated forecast (9–18), not proof of miscalibration.
 * It assumes independent figures; figures of one area share their fold's
 * draws, so the range a calibrated forecast really gives is wider. `mass` is
 * in (0, 1): each loop stops before it runs out of counts.
 *
 * @example
 * calibratedRange(27, 0.5); // [9, 18]
 * calibratedRange(27, 0.8); // [18, 25]
 */
export function calibratedRange(n: number, p: number, mass = 0.9): [number, number] {
  if (n === 0) return [0, 0];
  const tail = (1 - mass) / 2;
  // simple-statistics stops the table once the remaining mass is negligible: missing counts have probability 0.
  const pmf = binomialDistribution(n, p);
  if (!pmf || !(mass > 0 && mass < 1)) throw new RangeError(`calibratedRange: n ${n} must be a whole number, p ${p} and mass ${mass} in (0, 1)`);
  const at = (k: number) => pmf[k] ?? 0;
  let low = 0;
  for (let below = at(0); below <= tail; below += at(low)) low++;
  let high = n;
  for (let above = at(n); above <= tail; above += at(high)) high--;
  return [low, high];
}
