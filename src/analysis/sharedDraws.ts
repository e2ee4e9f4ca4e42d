import { processVaries } from '../scenario/uncertaintyDefaults.ts';
import { scenarioScalars } from '../montecarlo/compileWithTrees.ts';
import { canonicalJson } from '../scenario/canonicalJson.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';

/**
 * What the variants of a comparison draw in common. Run r's random numbers are keyed by seed, run and the input's
 * name (src/montecarlo/rng.ts), so an input every variant draws by one law takes the same value in run r of each; one
 * drawn by laws that differ takes the same quantile of each variant's own law; one drawn by some variants only pairs
 * with nothing in the others.
 */
export interface SharedDraws {
  /** Drawn by every variant by the same law. */
  readonly alike: readonly string[];
  /** Drawn by every variant, by laws that differ between them. */
  readonly otherLaw: readonly string[];
  /** Drawn by some variants only. */
  readonly some: readonly string[];
}

/**
 * The inputs a scenario draws at random, by the name its stream is keyed by, each with its law as canonical JSON:
 * parameters, variables and source-group levers drawn from a distribution (by their name), shocks
 * (`shocks.<key>`), year-to-year variation (`uncertainty.process.<key>`), base-year figures' errors
 * (`uncertainty.baseline.<figure>`) and the change of count (`uncertainty.registered_break`).
 *
 * @example
 * drawnInputs(loadScenario('scenarios/dalian.yaml')).get('rural_to_town_rate'); // '{"dist":"logitnormalmix",…}'
 */
export function drawnInputs(s: ResolvedScenario): Map<string, string> {
  const drawn = new Map<string, string>();
  for (const [name, v] of scenarioScalars(s)) if (v?.kind === 'dist') drawn.set(name, canonicalJson(v.spec));
  for (const [key, spec] of Object.entries(s.shocks ?? {})) if (spec) drawn.set(`shocks.${key}`, canonicalJson(spec));
  for (const [key, spec] of Object.entries(s.uncertainty?.process ?? {})) if (processVaries(spec)) drawn.set(`uncertainty.process.${key}`, canonicalJson(spec));
  for (const [figure, spec] of Object.entries(s.uncertainty?.baseline ?? {})) if (spec && spec.sd > 0) drawn.set(`uncertainty.baseline.${figure}`, canonicalJson(spec));
  if (s.uncertainty?.registeredBreak) drawn.set('uncertainty.registered_break', canonicalJson(s.uncertainty.registeredBreak));
  return drawn;
}

/**
 * Which drawn inputs the variants share, and how ({@link SharedDraws}); each list sorted by name.
 *
 * @example
 * sharedDraws([dongguan, cutoff100]); // { alike: [...every input], otherLaw: [], some: [] }: the lever is a number
 */
export function sharedDraws(scenarios: readonly ResolvedScenario[]): SharedDraws {
  const each = scenarios.map(drawnInputs);
  const names = [...new Set(each.flatMap((m) => [...m.keys()]))].sort();
  const alike: string[] = [];
  const otherLaw: string[] = [];
  const some: string[] = [];
  for (const name of names) {
    const laws = each.map((m) => m.get(name));
    if (laws.some((l) => l === undefined)) some.push(name);
    else if (laws.every((l) => l === laws[0])) alike.push(name);
    else otherLaw.push(name);
  }
  return { alike, otherLaw, some };
}
