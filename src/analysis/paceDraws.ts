import { PACE_KEYS, PACE_SCALE, type PaceKey } from '../batch/pilotDefaults.ts';
import type { MonteCarloResult } from '../montecarlo/runMonteCarlo.ts';

/**
 * Each run's draw of every pace, on the pace's scale (the logit of a rate, or the value itself): what the fit's
 * weights and the spread factor's density ratios are computed on.
 *
 * @example
 * paceDraws(await runMonteCarlo(pilot)).rural_to_town_rate[0]; // logit of run 0's urbanization pace
 */
export function paceDraws(result: Pick<MonteCarloResult, 'runStart' | 'runEnd' | 'sampled' | 'sampledNames'>): Record<PaceKey, Float64Array> {
  const k = result.sampledNames.length;
  return Object.fromEntries(
    PACE_KEYS.map((key) => {
      const i = result.sampledNames.indexOf(key);
      return [key, Float64Array.from({ length: result.runEnd - result.runStart }, (_, r) => {
        const v = result.sampled[r * k + i];
        return PACE_SCALE[key] === 'logit' ? Math.log(v / (1 - v)) : v;
      })];
    }),
  ) as Record<PaceKey, Float64Array>;
}
