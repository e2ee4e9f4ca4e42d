import { PARAMETERS, PARAMETER_KEYS, type ParameterKey } from '../../src/scenario/parameterKeys.ts';
import type { ResolvedScenario, ValueSpec } from '../../src/scenario/resolved.ts';
import { DEFAULT_RETURN_HAZARD, YEARLY_DEFAULTS } from '../../src/model/params.ts';

/**
 * A resolved scenario built in code (no YAML), for runner tests: Dalian 2013
 * (seed 004 L887–888) projected to `end`, with a few uncertain parameters.
 */
export function dalianResolved(over: {
  runs?: number; seed?: number; sampler?: 'independent' | 'lhs'; end?: number;
  parameters?: Partial<Record<ParameterKey, ValueSpec>>; variables?: Record<string, ValueSpec>;
  shocks?: ResolvedScenario['shocks']; name?: string; uncertainty?: ResolvedScenario['uncertainty'];
} = {}): ResolvedScenario {
  const parameters = Object.fromEntries(
    PARAMETER_KEYS.map((k) => [k, over.parameters?.[k] ?? { kind: 'number', value: YEARLY_DEFAULTS[PARAMETERS[k].model] }]),
  ) as Record<ParameterKey, ValueSpec>;
  if (!over.parameters?.inflow) parameters.inflow = { kind: 'dist', spec: { dist: 'lognormal', median: 200_000, sigma: 0.2 } };
  if (!over.parameters?.migrant_settle_rate)
    parameters.migrant_settle_rate = { kind: 'dist', spec: { dist: 'uniform', min: 0.03, max: 0.08 } };
  return {
    version: 1,
    name: over.name ?? 'dalian-test',
    files: [],
    city: 'dalian',
    years: { start: 2013, end: over.end ?? 2020 },
    registeredRateDefinition: 'hukou',
  registeredRateDenominator: 'registered',
    baseline: { residentPop: 6_918_000, registeredPop: 5_914_000, residentRate: 0.685, registeredRate: 0.631 },
    variables: over.variables ?? {},
    parameters,
    migrantReturnHazard: DEFAULT_RETURN_HAZARD,
    migrantSettleMinYears: 3,
    settlementMode: 'plain',
    schoolAge: { min: 6, max: 14 },
    parentsPerChild: 1.5,
    shocks: over.shocks ?? { inflow: { type: 'ar1', phi: 0.5, sigma: 0.1 } },
    ...(over.uncertainty && { uncertainty: over.uncertainty }),
    targets: [
      { id: 'resident_rate>=0.714@2017', metric: 'resident_rate', year: 2017, op: '>=', value: 0.714 },
      { id: 'resident_rate>=0.756@2020', metric: 'resident_rate', year: 2020, op: '>=', value: 0.756 },
      { id: 'registered_rate>=0.725@2020', metric: 'registered_rate', year: 2020, op: '>=', value: 0.725 },
    ],
    monteCarlo: { runs: over.runs ?? 200, seed: over.seed ?? 42, sampler: over.sampler ?? 'lhs' },
  };
}

/**
 * The quota construction of the solve tests: Dalian over one year (2013→2014), `runs` runs, half of the eligible
 * migrants willing to settle, so a settlement quota q binds and settles exactly q persons (src/model/README.md step 8,
 * cap 3); the registered population varies between runs through the urban-hukou fertility (uniform 0.5–2.0).
 */
export const quotaScenario = (runs: number): ResolvedScenario =>
  dalianResolved({
    runs,
    end: 2014,
    seed: 7,
    shocks: {},
    parameters: {
      inflow: { kind: 'number', value: 200_000 },
      migrant_settle_rate: { kind: 'number', value: 0.5 },
      tfr_urban_hukou: { kind: 'dist', spec: { dist: 'uniform', min: 0.5, max: 2.0 } },
    },
  });
