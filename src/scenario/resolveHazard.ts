import { DEFAULT_RETURN_HAZARD } from '../model/params.ts';
import type { IssueSink } from './issueSink.ts';
import { readConstant } from './readConstant.ts';
import { RATE_RULE } from './valueRule.ts';

/**
 * The migrant return hazard by completed years of stay 0..10+: eleven
 * rates, one rate for all, or the engine default.
 *
 * @example
 * resolveHazard('8%', sink); // eleven times 0.08
 */
export function resolveHazard(raw: unknown, sink: IssueSink): number[] {
  if (Array.isArray(raw)) {
    if (raw.length !== DEFAULT_RETURN_HAZARD.length) return [...DEFAULT_RETURN_HAZARD];
    return raw.map((v, i) => readConstant(v, ['migrant_return_hazard', i], RATE_RULE, sink) ?? NaN);
  }
  if (raw === undefined) return [...DEFAULT_RETURN_HAZARD];
  const v = readConstant(raw, ['migrant_return_hazard'], RATE_RULE, sink) ?? NaN;
  return DEFAULT_RETURN_HAZARD.map(() => v);
}
