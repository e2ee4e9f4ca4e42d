import { processVaries } from '../scenario/uncertaintyDefaults.ts';
import type { CompiledScenario } from '../montecarlo/compileWithTrees.ts';

/**
 * The sources of a run's own randomness in a compiled scenario — what
 * RunSampler draws from the streams of the run's own index (`shockRuns[r]`)
 * rather than from the sampled scalars: each parameter's yearly shocks
 * (`shocks.<key>`), the year-to-year variation of `uncertainty.process`
 * (`process`) and the base-year figures' errors (`baseline`). In a
 * sensitivity analysis they are one input, keyed `noise:` and the sources
 * joined by `+`; undefined when a run has no randomness of its own. The
 * change of count's draws are not among them: they are sampled scalars of
 * their own (compileWithTrees.ts, breakDraws), ranked like the others (until
 * 2026-12-04 they were the source `break` here).
 *
 * @example
 * ownRandomnessKey(compileScenario(dalian)); // 'noise:shocks.inflow+process+baseline'
 */
export function ownRandomnessKey(c: CompiledScenario): string | undefined {
  const u = c.resolved.uncertainty;
  const sources = [
    ...c.shocks.map((sh) => `shocks.${sh.key}`),
    ...(Object.values(u?.process ?? {}).some(processVaries) ? ['process'] : []),
    ...(c.baselineStates ? ['baseline'] : []),
  ];
  return sources.length ? `noise:${sources.join('+')}` : undefined;
}
