import { isRate } from '../report/labels.ts';
import type { SensitivityResult } from './sensitivity.ts';

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
export function sensitivityTable(r: SensitivityResult): string {
  const rate = isRate(r.metric);
  const show = (v: number) => (!Number.isFinite(v) ? '–' : rate ? `${(v * 100).toFixed(1)}%` : Math.round(v).toLocaleString('en'));
  const spread = (v: number) => (!Number.isFinite(v) ? '–' : rate ? `${(v * 100).toFixed(2)} pt` : Math.round(v).toLocaleString('en'));
  const f = (v: number, sign = false) => (Number.isNaN(v) ? '–' : `${sign && v >= 0 ? '+' : ''}${v.toFixed(2)}`);
  const withCi = (v: number, lo: number, hi: number, sign = false) => (Number.isNaN(v) ? '–' : `${f(v, sign)} [${f(lo, sign)}, ${f(hi, sign)}]`);
  const level = `${Math.round(r.level * 100)}%`;
  const width = Math.max(22, ...r.parameters.map((p) => p.length + 2));
  const lines = [
    `${r.scenario.name}: what moves ${r.metric} in ${r.year} (mean ${show(r.mean)}, sd ${spread(r.sd)} over ${r.runs} runs)`,
    `rank  ${'input'.padEnd(width)}${`total [${level}]`.padEnd(22)}${`first-order [${level}]`.padEnd(24)}PRCC [${level}]`,
  ];
  sensitivityRanking(r).forEach((i, rank) => {
    lines.push(
      `${String(rank + 1).padEnd(6)}${r.parameters[i].padEnd(width)}${withCi(r.total[i], r.totalLower[i], r.totalUpper[i]).padEnd(22)}` +
        `${withCi(r.first[i], r.firstLower[i], r.firstUpper[i]).padEnd(24)}${withCi(r.prcc[i], r.prccLower[i], r.prccUpper[i], true)}`,
    );
  });
  if (!(r.sd > 0)) lines.push(`${r.metric} does not vary in ${r.year} (or is unlimited): no input moves it, and the indices are undefined`);
  lines.push('');
  lines.push(
    `total / first-order: Sobol' indices, shares of the variance (Saltelli design of ${r.runs} base rows, ${r.designRuns} runs; Jansen estimators; ` +
      `${level} bootstrap intervals from ${r.bootstrap} resamples). PRCC: partial rank correlation over ${r.runs} runs ` +
      `(${r.scenario.monteCarlo.sampler}, seed ${r.seed}), sign = direction; interval by Fisher's z.`,
  );
  return lines.join('\n');
}
