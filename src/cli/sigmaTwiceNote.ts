import { sigmaCountedTwice } from '../batch/ownWeighedRedrawn.ts';
import { sigmaChoiceYaml } from '../batch/pilotScenarioYaml.ts';
import type { ObservedPoint } from '../io/readObserved.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';

type Figure = Pick<ObservedPoint, 'metric' | 'year'>;
type Drawing = Pick<ResolvedScenario, 'uncertainty' | 'parameters'>;

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
export function sigmaTwiceNote(s: Drawing, area: string | undefined, figures: readonly Figure[]): string[] {
  const twice = fittedWith(s, area, figures);
  if (!twice) return [];
  return [
    `note: the conversion's yearly σ these runs draw was fitted with ${area}'s registered rates ${twice.years.join('/')} too (data/observed/fitted-defaults.json), so a figure of them weighing the runs counts twice there. ` +
      `To count it once, draw σ as fitted without them: ${twice.sigmaLine}`,
  ];
}

/**
 * The note `urbsim backtest` prints under its scored table where some of the `scored` figures of `area` are registered
 * rates of the series the conversion's yearly σ was fitted with, the scenario drawing σ from that fit: σ has seen
 * them, so their score is not out of sample there. It names each such figure and gives the σ line {@link
 * sigmaTwiceNote} gives (σ fitted without the area). No line where no scored figure is in σ's series, the scenario
 * draws a σ of its own, or no conversion is drawn.
 *
 * @example
 * sigmaScoredNote(loadScenario('scenarios/shijiazhuang-backtest.yaml'), 'shijiazhuang', [registered2015, resident2015]);
 * // ["note: registered_rate 2015, scored above, is not out of sample as far as the conversion's yearly σ goes: the σ these runs draw was fitted with shijiazhuang's registered rates 2013/2014/2015 too (…). For a score out of sample there, …"]
 */
export function sigmaScoredNote(s: Drawing, area: string | undefined, scored: readonly Figure[]): string[] {
  const twice = fittedWith(s, area, scored);
  if (!twice) return [];
  const seen = scored.filter((f) => f.metric === 'registered_rate' && twice.years.includes(f.year)).map((f) => `${f.metric} ${f.year}`);
  return [
    `note: ${seen.join(', ')}, scored above, ${seen.length === 1 ? 'is' : 'are'} not out of sample as far as the conversion's yearly σ goes: the σ these runs draw was fitted with ${area}'s registered rates ${twice.years.join('/')} too (data/observed/fitted-defaults.json). ` +
      `For a score out of sample there, draw σ as fitted without them: ${twice.sigmaLine}`,
  ];
}

/**
 * Where σ's fit holds one of `figures` of `area` and the scenario draws that fit ({@link sigmaCountedTwice}): the
 * series' years and the scenario line drawing σ as fitted without the area. Undefined otherwise.
 */
function fittedWith(s: Drawing, area: string | undefined, figures: readonly Figure[]): { years: readonly number[]; sigmaLine: string } | undefined {
  // No conversion (`uncertainty: { hukou_conversion: none }` leaves the rate at the engine's 0): σ varies a rate of 0,
  // which stays 0, so what σ was fitted with moves no run, and the figure counts once.
  const conversion = s.parameters.hukou_conversion_rate;
  if (conversion === undefined || (conversion.kind === 'number' && conversion.value === 0)) return undefined;
  // The area whose figures weigh or score the runs, not the scenario's city: `--area` may name another.
  const twice = sigmaCountedTwice({ uncertainty: s.uncertainty, city: area }, figures);
  if (!twice) return undefined;
  return {
    years: twice.years,
    sigmaLine: `uncertainty: { process: { hukou_conversion_rate: { sigma: ${sigmaChoiceYaml(twice.sigmas)}, phi: ${s.uncertainty?.process.hukou_conversion_rate?.phi} } } }`,
  };
}
