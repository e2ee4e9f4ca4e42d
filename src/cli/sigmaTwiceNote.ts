import { sigmaCountedTwice } from '../batch/ownWeighedRedrawn.ts';
import { sigmaChoiceYaml } from '../batch/pilotScenarioYaml.ts';
import type { ObservedPoint } from '../io/readObserved.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';

/**
 * The note `urbsim run` (under its weighed targets) and `urbsim calibrate` (under its effective sample size) print
 * where runs of scenario `s` are weighed by `figures` of `area` and one of them is a registered rate of the area's
 * series the conversion's yearly σ was fitted with, the scenario drawing σ from that fit ({@link sigmaCountedTwice}):
 * the figure counts twice there, and the σ line that counts it once. One text for both commands, so that they say the
 * same; no line where the figure does not count twice (another area's, a resident rate, a σ of the scenario's own, no
 * conversion drawn).
 *
 * @example
 * sigmaTwiceNote(loadScenario('scenarios/dalian.yaml'), 'dalian', [dalianRegistered2015]);
 * // ["note: the conversion's yearly σ these runs draw was fitted with dalian's registered rates 2010/2015 too (…), so a figure of them weighing the runs counts twice there. To count it once, …"]
 */
export function sigmaTwiceNote(s: Pick<ResolvedScenario, 'uncertainty' | 'parameters'>, area: string | undefined, figures: readonly Pick<ObservedPoint, 'metric' | 'year'>[]): string[] {
  // No conversion (`uncertainty: { hukou_conversion: none }` leaves the rate at the engine's 0): σ varies a rate of 0,
  // which stays 0, so what σ was fitted with moves no run, and the figure counts once.
  const conversion = s.parameters.hukou_conversion_rate;
  if (conversion === undefined || (conversion.kind === 'number' && conversion.value === 0)) return [];
  // The area whose figures weigh the runs, not the scenario's city: `urbsim calibrate --area` may name another.
  const twice = sigmaCountedTwice({ uncertainty: s.uncertainty, city: area }, figures);
  if (!twice) return [];
  return [
    `note: the conversion's yearly σ these runs draw was fitted with ${area}'s registered rates ${twice.years.join('/')} too (data/observed/fitted-defaults.json), so a figure of them weighing the runs counts twice there. ` +
      `To count it once, draw σ as fitted without them: uncertainty: { process: { hukou_conversion_rate: { sigma: ${sigmaChoiceYaml(twice.sigmas)}, phi: ${s.uncertainty?.process.hukou_conversion_rate?.phi} } } }`,
  ];
}
