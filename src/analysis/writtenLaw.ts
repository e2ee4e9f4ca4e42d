import type { PaceKey } from '../batch/pilotDefaults.ts';
import type { ResolvedScenario, ValueSpec } from '../scenario/resolved.ts';
import { type PaceLaw, lawOf } from './paceLaw.ts';

/**
 * A pace's law in a generated scenario as written (centre and sd on the pace's scale, after the generator's
 * rounding to three significant digits): the law its runs were actually drawn from — a mixture (`logitnormalmix`,
 * `normalmix`) as its components, `center` and `sd` their mixture's mean and sd.
 *
 * @example
 * writtenLaw(loadScenario('scenarios/pilots/anhui.yaml'), 'rural_to_town_rate'); // { center: logit(median), sd: sigma }
 */
export function writtenLaw(s: ResolvedScenario, key: PaceKey): PaceLaw {
  const v: ValueSpec | undefined = key === 'net_migration' ? s.variables[key] : s.parameters[key];
  const d = v?.kind === 'dist' ? v.spec : undefined;
  if (d?.dist === 'logitnormalmix') return lawOf({ weights: d.weights, centers: d.medians.map((m) => Math.log(m / (1 - m))), sds: d.sigmas });
  if (d?.dist === 'normalmix') return lawOf({ weights: d.weights, centers: d.means, sds: d.sds });
  if (d?.dist === 'logitnormal') return { center: Math.log(d.median / (1 - d.median)), sd: d.sigma };
  if (d?.dist === 'normal') return { center: d.mean, sd: d.sd };
  throw new Error(`${s.name}: ${key} is not drawn from a normal law (or a mixture of normals) on its scale`);
}
