import { askedText } from './askedText.ts';
import { type CurvePoint, type LeverSolution, leverText } from './solveLever.ts';
import { costText, priced, settledText, wanText } from './effectsText.ts';
import { targetText } from './targetText.ts';
import { runsText } from '../report/batchMarks.ts';
import { probabilityText as pct } from './probabilityText.ts';

/**
 * One line of the probability curve, as `urbsim solve` prints it while
 * searching.
 *
 * @example
 * curveLine(point, solution.range); // 'settle_quota = 22,000: P = 81.2% (77.5%–84.4%)'
 */
export function curveLine(lever: string, p: CurvePoint, range: Pick<LeverSolution['range'], 'rule' | 'integer'>): string {
  return `${lever} = ${leverText(p.x, range)}: P = ${pct(p.probability)} (${p.same ? 'every run the same' : `${pct(p.lower)}–${pct(p.upper)}`})`;
}

/**
 * The note under a solve's probabilities when every evaluation's runs are one projection (`same`, a scenario that
 * draws nothing at random), as `urbsim run` prints it under its targets: no interval beside them. `where`: at every
 * value searched (one lever), in every combination run (a frontier).
 *
 * @example
 * deterministicNote(30, 'at every value searched', 'solve.arrow'); // '(P(met): at every value searched the 30 runs are one projection — … — deterministic, no Monte Carlo error; solve.arrow still keeps …)'
 */
export function deterministicNote(runs: number, where: string, file: string): string {
  return (
    `(P(met): ${where} the ${runsText(runs)} are one projection — the scenario draws nothing at random — so P(met) is 0% or 100%: ` +
    `deterministic, no Monte Carlo error; ${file} still keeps the Wilson interval ${runs.toLocaleString('en')} independent runs would have)`
  );
}

/**
 * The printed result of `urbsim solve`: the question, the probability curve
 * by lever value (the answer marked), which values are within sampling error
 * of the probability asked, and the answer in words.
 *
 * @example
 * console.log(solveTable(await solveLever(scenario, options)));
 */
export function solveTable(s: LeverSolution): string {
  const what = s.targets.length === 1 ? targetText(s.targets[0]) : `all of ${s.targets.map(targetText).join('; ')}`;
  const width = Math.max(16, s.lever.length + 2);
  // Every run the same projection at every value: P is 0 or 100 % exactly, and an interval would suggest an error.
  const same = s.curve.length > 0 && s.curve.every((c) => c.same);
  const lines = [
    `${s.scenario.name}: ${s.lever} for ${what} with probability ≥ ${askedText(s.probability)}`,
    `(${runsText(s.runs)} per value, seed ${s.seed}, the same draws for every value; range ${leverText(s.range.lo, s.range, s.step)} to ${leverText(s.range.hi, s.range, s.step)}, ${RANGE_FROM[s.range.from]})`,
    `${s.lever.padEnd(width)}P(met)   ${same ? '' : '95% interval     '}settled/yr`,
  ];
  for (const c of s.curve)
    lines.push(
      `${leverText(c.x, s.range, s.step).padEnd(width)}${pct(c.probability).padStart(6)}   ${same ? '' : `${pct(c.lower)}–${pct(c.upper)}`.padEnd(17)}${wanText(c.effects.settledPerYear).padStart(10)}${c.x === s.value ? '   ← answer' : ''}`,
    );
  if (same) lines.push(deterministicNote(s.runs, 'at every value searched', 'solve.arrow'));
  const close = same ? [] : s.curve.filter((c) => c.lower <= s.probability && s.probability <= c.upper);
  if (close.length)
    lines.push(
      `within sampling error of ${askedText(s.probability)} (95% interval contains it): ${close.map((c) => leverText(c.x, s.range, s.step)).join(', ')}; more --runs narrow this`,
    );
  lines.push('', s.message);
  // At the answer, or where the lever pushes hardest when there is none: what it takes in people, yuan and land.
  const at = s.curve.find((c) => c.x === s.value) ?? s.curve[s.direction === 'min' ? s.curve.length - 1 : 0];
  const start = s.scenario.years.start;
  lines.push(`at ${s.lever} = ${leverText(at.x, s.range, s.step)}: ${settledText(at.effects, s.plan, start)}`, `  ${costText(at.effects, start, priced(s.scenario, [s.lever]))} (medians over runs)`);
  return lines.join('\n');
}

const RANGE_FROM: Record<LeverSolution['range']['from'], string> = {
  option: 'as given',
  distribution: "from the scenario's distribution",
  bounds: "the key's bounds",
};
