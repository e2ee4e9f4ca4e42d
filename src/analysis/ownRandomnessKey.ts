import type { CompiledScenario } from '../montecarlo/compileWithTrees.ts';

/**
 * The sources of a run's own randomness in a compiled scenario — what
 * RunSampler draws from the streams of the run's own index (`shockRuns[r]`)
 * rather than from the sampled scalars: each parameter's yearly shocks
 * (`shocks.<key>`), the year-to-year variation of `uncertainty.process`
 * (`process`), the base-year figures' errors (`baseline`) and the hukou break
 * (`break`, when one of its years falls within the projection as run). In a
 * sensitivity analysis they are one input, keyed `noise:` and the sources
 * joined by `+`; undefined when a run has no randomness of its own.
 *
 * @example
 * ownRandomnessKey(compileScenario(dalian)); // 'noise:shocks.inflow+process+baseline+break'
 */
export function ownRandomnessKey(c: CompiledScenario): string | undefined {
  const u = c.resolved.uncertainty;
  const start = c.resolved.years.start;
  const sources = [
    ...c.shocks.map((sh) => `shocks.${sh.key}`),
    ...(Object.values(u?.process ?? {}).some((p) => p && p.sigma > 0) ? ['process'] : []),
    ...(c.baselineStates ? ['baseline'] : []),
    ...(u?.registeredBreak?.years.some((y) => y > start && y <= start + c.steps) ? ['break'] : []),
  ];
  return sources.length ? `noise:${sources.join('+')}` : undefined;
}
