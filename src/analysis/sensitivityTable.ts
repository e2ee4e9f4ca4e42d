import { isRate } from '../report/labels.ts';
import { inputRangeText, inputValueText } from '../report/inputValueText.ts';
import { minus, rangeText } from '../report/rangeText.ts';
import { fewRuns, type InputSwing, type SensitivityResult, SWING_BY_VALUE } from './sensitivity.ts';
import { sensitivityPrecision } from './sensitivityPrecision.ts';
import { rankLabels } from './sharedRanks.ts';
import { runsText } from '../report/batchMarks.ts';
import { countText } from './countText.ts';
import { padColumns as pad, terminalColumns as columns } from './terminalColumns.ts';

/**
 * The inputs of a sensitivity analysis ranked by total Sobol' index (then by
 * |PRCC|), as indices into `r.parameters`; NaN estimates last.
 *
 * @example
 * sensitivityRanking(result).map((i) => result.parameters[i]); // ['migrant_settle_rate', 'local_settle_rate', …]
 */
export function sensitivityRanking(r: SensitivityResult): number[] {
  const key = (x: number) => (Number.isNaN(x) ? -Infinity : x);
  return r.parameters
    .map((_, i) => i)
    .sort((a, b) => key(r.total[b]) - key(r.total[a]) || key(Math.abs(r.prcc[b])) - key(Math.abs(r.prcc[a])) || a - b);
}

/**
 * The printed table of `urbsim sensitivity`: inputs ranked by total index,
 * each with its total and first-order Sobol' indices and its PRCC, all with
 * intervals, and a line on how they were estimated.
 *
 * @example
 * console.log(sensitivityTable(await sensitivity(scenario, { metric: 'registered_rate', year: 2020 })));
 */
export function sensitivityTable(r: SensitivityResult, o: { precision?: number } = {}): string {
  const rate = isRate(r.metric);
  const show = (v: number) => (!Number.isFinite(v) ? '–' : rate ? `${(v * 100).toFixed(1)}%` : countText(r.metric, v));
  const spread = (v: number) => (!Number.isFinite(v) ? '–' : rate ? `${(v * 100).toFixed(2)} pt` : countText(r.metric, v));
  const f = (v: number, sign = false) => (Number.isNaN(v) ? '–' : minus(`${sign && v >= 0 ? '+' : ''}${v.toFixed(2)}`));
  const withCi = (v: number, lo: number, hi: number, sign = false) => (Number.isNaN(v) ? '–' : `${f(v, sign)} [${f(lo, sign)}, ${f(hi, sign)}]`);
  const level = `${Math.round(r.level * 100)}%`;
  const rows = r.runs.toLocaleString('en'); // base rows, with a thousands separator as the other counts
  const lever = (name: string) => r.levers.find((l) => l.lever === name);
  const inputName = (name: string) => {
    const l = lever(name);
    // A variable the scenario writes in percent reads in percent, as its swing row does (net_migration=-1%..1% read '−0.01 to 0.01').
    const o = { percent: r.scenario.percentVariables?.includes(name) };
    return l ? `${name} (lever ${rangeText('en', inputValueText(name, l.lo, o), inputValueText(name, l.hi, o))})` : name;
  };
  const width = Math.max(22, ...r.parameters.map((p) => columns(inputName(p)) + 2));
  const p = sensitivityPrecision(r, o.precision);
  // Inputs whose total-index intervals overlap share a rank: "4–6" for each of them.
  const labels = rankLabels(p.groups);
  const rankOf = new Map(p.groups.flat().map((i, k) => [i, labels[k]]));
  const lines = [
    `${r.scenario.name}: what moves ${r.metric} in ${r.year} (mean ${show(r.mean)}, sd ${spread(r.sd)} over ${runsText(r.runs)})`,
    `rank  ${'input'.padEnd(width)}${`total [${level}]`.padEnd(22)}${`first-order [${level}]`.padEnd(24)}PRCC [${level}]`,
  ];
  for (const i of sensitivityRanking(r))
    lines.push(
      `${rankOf.get(i)!.padEnd(6)}${pad(inputName(r.parameters[i]), width)}${withCi(r.total[i], r.totalLower[i], r.totalUpper[i]).padEnd(22)}` +
        `${withCi(r.first[i], r.firstLower[i], r.firstUpper[i]).padEnd(24)}${withCi(r.prcc[i], r.prccLower[i], r.prccUpper[i], true)}`,
    );
  if (!(r.sd > 0)) lines.push(`${r.metric} does not vary in ${r.year} (or is unlimited): no input moves it, and the indices are undefined`);
  if (p.groups.some((g) => g.length > 1)) lines.push(`(a shared rank: the total index's ${level} interval reaches the first of the group's, so those inputs are not told apart at ${rows} base rows)`);
  // A lever whose every design row gives the same metric with and without its own draw moves nothing here:
  // most often a key of another settlement mode (points_cutoff in plain mode).
  const idle = r.levers.filter((l) => r.total[r.parameters.indexOf(l.lever)] === 0).map((l) => l.lever);
  if (idle.length)
    lines.push(
      `note: ${idle.join(', ')} (lever) changed ${r.metric} in ${r.year} in none of the ${rows} design rows: it does not act in this scenario ` +
        `(settlement mode: ${r.scenario.settlementMode})`,
    );
  const pm = (x: number) => `±${x.toFixed(2)}`;
  if (p.halfWidth > p.target)
    lines.push(
      `warning: Sobol' intervals up to ${pm(p.halfWidth)} at ${rows} base rows, wider than ${pm(p.target)}: ranks and small indices are not resolved; ` +
        `about ${p.neededRuns.toLocaleString('en')} base rows would do (--runs ${p.neededRuns}, or leave --runs out to have them chosen)`,
    );
  const excess = (x: (typeof p.firstAboveTotal)[number]) => `${x.parameter} (${f(x.first)} > ${f(x.total)}; first − total ${withCi(x.first - x.total, x.lower, x.upper, true)})`;
  const beyond = p.firstAboveTotal.filter((x) => x.beyondError);
  const within = p.firstAboveTotal.filter((x) => !x.beyondError);
  if (beyond.length)
    lines.push(
      `warning: first-order above total beyond the bootstrap's error for ${beyond.map(excess).join(', ')}: the true indices never are, ` +
        `and the ${level} interval of the excess excludes 0, so the intervals understate the error at ${rows} base rows; do not rank on them — more --runs`,
    );
  if (within.length)
    lines.push(
      `warning: first-order above total for ${within.map(excess).join(', ')}, which the indices themselves never are: ` +
        `sampling error within the bootstrap intervals (up to ${pm(p.halfWidth)} at ${rows} base rows); more --runs narrow it`,
    );
  // A lever that does not act (the note above): its tenths differ only by the other inputs' draws, and a difference
  // there read as its effect (points_cutoff in plain mode: +0.54 pt); its row says so instead, last.
  const acts = (w: InputSwing) => !idle.includes(w.parameter);
  const swings = r.swing
    .filter((w) => Number.isFinite(w.low.metric) && Number.isFinite(w.high.metric))
    .sort((a, b) => Number(acts(b)) - Number(acts(a)) || Math.abs(b.high.metric - b.low.metric) - Math.abs(a.high.metric - a.low.metric));
  if (swings.length) {
    const diff = (d: number) => (rate ? `${d >= 0 ? '+' : '−'}${Math.abs(d * 100).toFixed(2)} pt` : `${d >= 0 ? '+' : '−'}${countText(r.metric, Math.abs(d))}`);
    // A row by value says how many runs each end rests on: a value may be drawn by few runs, a tenth never is.
    const end = (w: InputSwing, side: 'low' | 'high') =>
      `${inputRangeText('en', w.parameter, w[side].min, w[side].max, { percent: r.scenario.percentVariables?.includes(w.parameter) })}: ${show(w[side].metric)}${w.byValue ? ` (${runsText(w[side].runs)})` : ''}`;
    const name = (w: InputSwing) => w.parameter + (lever(w.parameter) ? ' (lever)' : '') + (w.byValue ? (fewRuns(w) ? ' (by value, few runs)' : ' (by value)') : '');
    const nameWidth = Math.max(22, ...swings.map((w) => name(w).length + 2));
    const cellWidth = Math.max(22, ...swings.flatMap((w) => [columns(end(w, 'low')) + 2, columns(end(w, 'high')) + 2]));
    lines.push(
      '',
      `${r.metric} in ${r.year} in the runs with each input's lowest and highest tenth of draws (plain Monte Carlo, others as drawn):`,
      `${'input'.padEnd(nameWidth)}${'lowest tenth'.padEnd(cellWidth)}${'highest tenth'.padEnd(cellWidth)}difference`,
      ...swings.map((w) =>
        acts(w)
          ? `${name(w).padEnd(nameWidth)}${pad(end(w, 'low'), cellWidth)}${pad(end(w, 'high'), cellWidth)}${diff(w.high.metric - w.low.metric)}`
          : `${name(w).padEnd(nameWidth)}${pad('–', cellWidth)}${pad('–', cellWidth)}none: it does not act (note above)`,
      ),
    );
    if (swings.some((w) => w.byValue))
      lines.push(
        `(by value: an input drawn among at most ${SWING_BY_VALUE} values, some repeated: the runs at its lowest value against those at its highest, not a tenth of its draws, ` +
          'which would be an arbitrary tenth of the runs tied at one value; in brackets, the runs each end rests on)',
      );
    const few = swings.filter(fewRuns);
    // The tenths as counts of runs: bare counts with a thousands separator, listed ("1,000, 900"), would read as one number.
    if (few.length)
      lines.push(
        `(few runs: ${few.map((w) => w.parameter).join(', ')} — an end rests on fewer runs than a tenth of the runs (${[...new Set(few.map((w) => w.tenthRuns))].map((n) => runsText(n)).join(', ')}), ` +
          'the runs each end of a row by tenths rests on, so its mean is less sure than theirs)',
      );
  }
  lines.push('');
  lines.push(
    `total / first-order: Sobol' indices, shares of the variance (Saltelli design of ${rows} base rows, ${runsText(r.designRuns)}; Jansen estimators; ` +
      `${level} bootstrap intervals from ${r.bootstrap} resamples; widest ${pm(p.halfWidth)}). PRCC: partial rank correlation over ${runsText(r.runs)} ` +
      `(${r.scenario.monteCarlo.sampler}, seed ${r.seed}), sign = direction; interval by Fisher's z.` +
      (r.levers.length ? ` Levers: drawn uniformly over the range given, in place of the scenario's value.` : ''),
  );
  return lines.join('\n');
}
