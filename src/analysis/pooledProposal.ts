import { PACE_KEYS, type PaceKey, type PacePrior, drawnLaw } from '../batch/pilotDefaults.ts';
import type { FittedPace } from '../data/fittedDefaults.ts';
import { components, lawOf, posteriorLaw, scaledLaw } from './paceLaw.ts';
import type { PaceLikelihood } from './poolLikelihoods.ts';

/** The sd of an area's posterior under a pooled law is drawn this many times wider in a pooled pass (as the fit's adaptive passes widen theirs). */
export const POSTERIOR_WIDENING = 1.5;

/**
 * The proposal of an area's pooled pass (src/analysis/fitDefaults.ts, fitAreas): what its runs are drawn from once
 * the areas are pooled, so that they fall where the pooled laws read the area's likelihoods. The target does not
 * depend on it (every pass is weighed as one sample of the passes' deterministic mixture, src/analysis/weighPasses.ts);
 * only the runs behind it do. Per pace:
 * - a pace the area's figures do not inform (no likelihood in `likelihoods`): its pooled law, unscaled, as
 *   {@link drawnLaw} gives it with factor 1 (a pace not fitted: its reference prior), which is the law its likelihood
 *   of another pace integrates it under;
 * - a pace they inform: the defensive mixture ½ pooled law + ½ the area's posterior under the pooled law
 *   ({@link posteriorLaw}) widened {@link POSTERIOR_WIDENING} times about its centre — the posterior half where its
 *   own likelihood is read (its likelihood × pooled law), the pooled half where its likelihood of another pace
 *   integrates this one under the pooled law; each half bounds the weight of the runs the other half misses.
 *
 * @example
 * pooledProposal({ net_migration: lik }, pooled).rural_to_town_rate; // pooled.rural_to_town_rate's law, { center, sd, mix }
 */
export function pooledProposal(
  likelihoods: Readonly<Partial<Record<PaceKey, PaceLikelihood>>>,
  paces: Readonly<Record<PaceKey, Pick<FittedPace, 'fitted' | 'center' | 'sd' | 'mix'>>>,
): Record<PaceKey, PacePrior> {
  return Object.fromEntries(
    PACE_KEYS.map((k) => {
      const pooled = drawnLaw(paces[k], 1);
      const lik = likelihoods[k];
      if (!lik) return [k, { ...pooled, note: 'proposal of the fit: the pooled law' }];
      const a = components(pooled);
      const b = components(scaledLaw(posteriorLaw(lik, pooled), POSTERIOR_WIDENING));
      const law = lawOf({ weights: [...a.weights.map((w) => w / 2), ...b.weights.map((w) => w / 2)], centers: [...a.centers, ...b.centers], sds: [...a.sds, ...b.sds] });
      return [k, { ...law, note: 'proposal of the fit: half the pooled law, half the area\'s posterior under it (sd × 1.5)' }];
    }),
  ) as Record<PaceKey, PacePrior>;
}
