import { costText, priced, settledText, wanText, yuanText } from './effectsText.ts';
import type { FrontierPoint, FrontierSolution } from './solveFrontier.ts';
import { askedText } from './askedText.ts';
import { leverText } from './solveLever.ts';
import { targetText } from './targetText.ts';
import { deterministicNote } from './solveTable.ts';
import { runsText } from '../report/batchMarks.ts';
import { probabilityText as pct } from './probabilityText.ts';

/**
 * One evaluation of a frontier search, as `urbsim solve` prints it while
 * searching.
 *
 * @example
 * frontierLine(solution.levers, point); // 'local_settle_rate = 3%, migrant_settle_rate = 22.98%: P = 81.7% (76.9%–85.6%)'
 */
export function frontierLine(levers: readonly Pick<FrontierSolution['levers'][number], 'lever' | 'range'>[], p: FrontierPoint): string {
  return `${p.values.map((x, i) => `${levers[i].lever} = ${leverText(x, levers[i].range)}`).join(', ')}: P = ${pct(p.probability)} (${p.same ? 'every run the same' : `${pct(p.lower)}–${pct(p.upper)}`})`;
}

/**
 * The printed result of a multi-lever `urbsim solve`: the question and how
 * each lever acts, the plan's settlement a year, the frontier (for each
 * grid combination, the least demanding value of the solved lever that
 * reaches the probability) with people settled a year against the plan, the
 * 市民化 cost split and the land quota, the combination cheapest for the
 * government, and the answer in words.
 *
 * @example
 * console.log(frontierTable(await solveFrontier(scenario, options)));
 */
export function frontierTable(s: FrontierSolution): string {
  const what = s.targets.length === 1 ? targetText(s.targets[0]) : `all of ${s.targets.map(targetText).join('; ')}`;
  const start = s.scenario.years.start;
  const from = { option: 'given', distribution: "the scenario's distribution", bounds: "the key's bounds" } as const;
  const roles = s.levers.map(
    (l) =>
      `  ${l.lever}: ${leverText(l.range.lo, l.range, l.step)} to ${leverText(l.range.hi, l.range, l.step)} (${from[l.range.from]}); ` +
      (l.helps === 'none' ? 'does not move the target here: left at its low end' : `helps ${l.helps === 'up' ? 'as it grows' : 'as it falls'}; ${l.role === 'solved' ? `solved for, in steps of ${leverText(l.step, l.range, l.step)}` : 'laid on a grid'}`),
  );
  const lines = [
    `${s.scenario.name}: which combinations of ${s.levers.map((l) => l.lever).join(', ')} meet ${what} with probability ≥ ${askedText(s.probability)}`,
    `(${runsText(s.runs)} per combination, seed ${s.seed}, the same draws for every combination; ${s.evaluations.length.toLocaleString('en')} combinations run)`,
    ...roles,
  ];
  if (s.plan?.total !== undefined)
    lines.push(`the plan: ${wanText(s.plan.total)} people settled a year (${wanText(s.plan.total * (s.plan.year - s.plan.from))} by ${s.plan.year}${s.plan.source ? `, ${s.plan.source}` : ''})`);
  const price = priced(s.scenario, s.levers.map((l) => l.lever));
  const rows = [...s.frontier, ...s.short].sort((a, b) => {
    for (let i = 0; i < a.values.length; i++) if (a.values[i] !== b.values[i]) return a.values[i] - b.values[i];
    return 0;
  });
  // Every run the same projection in every combination: P is 0 or 100 % exactly, and an interval would suggest an error.
  const same = s.evaluations.length > 0 && s.evaluations.every((pt) => pt.same);
  if (rows.length) {
    const head = [...s.levers.map((l) => l.lever), 'P(met)', ...(same ? [] : ['95% interval']), 'settled/yr', 'vs plan', 'government', 'enterprises', 'individuals', 'land (ha)'];
    const cells = rows.map((pt) => {
      const onFrontier = s.frontier.includes(pt);
      const e = pt.effects;
      const gap = s.plan?.total === undefined ? '–' : `${e.settledPerYear - s.plan.total >= 0 ? '+' : '−'}${wanText(Math.abs(e.settledPerYear - s.plan.total))}`;
      // A cost the scenario does not set (costText's 'not set') is '–', not 0 yuan; a cost set where nobody settles is 0.
      const costless = price.cost ? undefined : '–';
      return [
        ...pt.values.map((x, i) => (!onFrontier && s.levers[i].role === 'solved' ? `— (${leverText(x, s.levers[i].range, s.levers[i].step)}: ${pct(pt.probability)})` : leverText(x, s.levers[i].range, s.levers[i].step))),
        ...(onFrontier
          ? [pct(pt.probability), ...(same ? [] : [`${pct(pt.lower)}–${pct(pt.upper)}`]), wanText(e.settledPerYear), gap, costless ?? yuanText(e.costGovernment), costless ?? yuanText(e.costEnterprise), costless ?? yuanText(e.costIndividual), price.land ? (e.landQuotaM2 / 1e4).toFixed(1) : '–']
          : ['unreachable', ...(same ? [] : ['']), '', '', '', '', '', '']),
      ];
    });
    const widths = head.map((h, k) => Math.max(h.length, ...cells.map((c) => c[k].length)) + 2);
    lines.push('', head.map((h, k) => h.padEnd(widths[k])).join('').trimEnd(), ...cells.map((c) => c.map((x, k) => x.padEnd(widths[k])).join('').trimEnd()));
    const e0 = s.frontier[0]?.effects;
    if (same) lines.push(deterministicNote(s.runs, 'in every combination run', 'frontier.arrow'));
    if (e0) lines.push(`(settled: people made citizens (落户) a year over ${start + 1}–${start + e0.years}; costs: 市民化 cost over those years, yuan; medians over runs)`);
  }
  lines.push('', s.message);
  const cheapest = s.frontier.length > 1 && s.frontier.some((pt) => pt.effects.costGovernment > 0)
    ? s.frontier.reduce((a, b) => (b.effects.costGovernment < a.effects.costGovernment ? b : a))
    : undefined;
  const show = (pt: FrontierPoint) => pt.values.map((x, i) => `${s.levers[i].lever} = ${leverText(x, s.levers[i].range, s.levers[i].step)}`).join(', ');
  if (cheapest) lines.push(`cheapest for the government: ${show(cheapest)} (${yuanText(cheapest.effects.costGovernment)} yuan)`);
  const at = cheapest ?? s.frontier[0] ?? s.best;
  lines.push(`at ${show(at)}: ${settledText(at.effects, s.plan, start)}`, `  ${costText(at.effects, start, price)} (medians over runs)`);
  return lines.join('\n');
}
