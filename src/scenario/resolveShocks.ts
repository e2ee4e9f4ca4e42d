import { PARAMETER_KEYS, type ParameterKey } from './parameterKeys.ts';
import type { ShockSpec } from './resolved.ts';
import { isMapping } from './isMapping.ts';

/**
 * The AR(1) shocks on parameters, as the structural pass has checked them
 * (keys are parameters, −1 < phi < 1, sigma ≥ 0); malformed ones are left out
 * because they have been reported already.
 *
 * @example
 * resolveShocks({ inflow: { ar1: { phi: 0.5, sigma: 0.1 } } }); // { inflow: { type: 'ar1', phi: 0.5, sigma: 0.1 } }
 */
export function resolveShocks(raw: unknown): Partial<Record<ParameterKey, ShockSpec>> {
  const shocks: Partial<Record<ParameterKey, ShockSpec>> = {};
  if (!isMapping(raw)) return shocks;
  for (const key of PARAMETER_KEYS) {
    const s = raw[key];
    const ar1 = isMapping(s) && isMapping(s.ar1) ? s.ar1 : undefined;
    if (ar1 && typeof ar1.phi === 'number' && typeof ar1.sigma === 'number') shocks[key] = { type: 'ar1', phi: ar1.phi, sigma: ar1.sigma };
  }
  return shocks;
}
