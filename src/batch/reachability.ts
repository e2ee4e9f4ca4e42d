import type { TargetResult } from '../analysis/targetProbabilities.ts';
import { REDRAWN_MAX_RUNS, REDRAWN_RUNS_PER_RUN, SMALL_ESS, headlineText, percentOnRuns, runsText } from '../report/batchMarks.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { opSymbol, targetValueText } from '../report/labels.ts';
import { type ObservedPoint, RATE_METRICS, periodText } from '../io/readObserved.ts';
import type { OwnFigure, OwnWeighed } from './ownFigures.ts';
import { type DefaultsBasis, defaultsBasis, targetOnDefaults } from './onDefaults.ts';
import { type BreakBasis, breakBasis, targetOnBreak } from './onBreak.ts';

/** Persons settled a year: all, and split into locals and people from elsewhere where known. */
export interface SettlePerYear {
  readonly total?: number;
  readonly local?: number;
  readonly nonlocal?: number;
}

/**
 * One area's line in the reachability report; its {@link DefaultsBasis} marks the targets resting on defaults (†), its
 * {@link BreakBasis} those resting on an assumed change of the registered count (§).
 */
export interface ReachabilityRow extends DefaultsBasis, BreakBasis {
  readonly scenario: string;
  readonly city?: string;
  /** The area's Chinese name (data/areas), when known. */
  readonly cityZh?: string;
  readonly baseYear: number;
  /** Per target: probability and interval. */
  readonly targets: readonly TargetResult[];
  /** Median resident / registered rate reached at each target year. */
  readonly medians: readonly { year: number; resident: number; registered: number }[];
  /** Persons a year the plan's settlement target implies (cumulative target ÷ years), if the plan gives one, split as the plan splits it. */
  readonly planSettle?: SettlePerYear;
  readonly planSettleYear?: number;
  /** Median persons settled a year by the model over the same years: locals (settled_local) and people from elsewhere (settled_migrants). */
  readonly modelSettle: { readonly local: number; readonly nonlocal: number };
  /**
   * The area's own observed figures after its base year against the runs' 80 % interval ({@link ownFigures});
   * absent when the batch was given no observed figures, empty when the area has none.
   */
  readonly ownFigures?: readonly OwnFigure[];
  /** The targets weighed by the area's own figures after its base year ({@link ownWeighedTargets}); absent when none. */
  readonly ownWeighed?: OwnWeighed;
}

/**
 * Build an area's reachability line from its run's summaries. A plan that
 * promises settlement in parts — locals and people from elsewhere (Dongguan
 * 60万 + 90万), or only the latter (Wuhan 100万) — is read as it is written:
 * its last year's figures, the total being the parts' sum when the plan
 * gives no total.
 *
 * @example
 * reachabilityRow(scenario, targets, readSummaryStat(dir, 'p50'), '大连市');
 */
export function reachabilityRow(
  s: ResolvedScenario,
  targets: readonly TargetResult[],
  p50: Map<string, Map<number, number>>,
  cityZh?: string,
): ReachabilityRow {
  // The target years, and 2017 and 2020 (the report's columns) whenever the projection reaches them.
  const shown = [2017, 2020].filter((y) => y > s.years.start && y <= s.years.end);
  const years = [...new Set([...s.targets.map((t) => t.year), ...shown])].sort();
  const targetYears = [...new Set(s.targets.map((t) => t.year))].sort();
  const medians = years.map((year) => ({
    year,
    resident: p50.get('resident_rate')?.get(year) ?? NaN,
    registered: p50.get('registered_rate')?.get(year) ?? NaN,
  }));
  const plans = s.settlementPlan ?? [];
  const planYear = plans.length ? Math.max(...plans.map((p) => p.year)) : undefined;
  const at = (kind: string) => plans.find((p) => p.year === planYear && p.kind === kind)?.persons;
  const span = planYear === undefined ? 0 : planYear - s.years.start;
  const [total, local, nonlocal] = [at('total'), at('local'), at('nonlocal')].map((v) => (v === undefined ? undefined : v / span));
  const until = planYear ?? (targetYears.length ? targetYears[targetYears.length - 1] : s.years.end);
  let settledLocal = 0;
  let settledOthers = 0;
  let n = 0;
  for (let y = s.years.start + 1; y <= Math.min(until, s.years.end); y++) {
    settledLocal += p50.get('settled_local')?.get(y) ?? 0;
    settledOthers += p50.get('settled_migrants')?.get(y) ?? 0;
    n++;
  }
  return {
    scenario: s.name,
    city: s.city,
    ...(cityZh && { cityZh }),
    baseYear: s.years.start,
    targets,
    medians,
    planSettle: planYear === undefined ? undefined : { total: total ?? (local !== undefined && nonlocal !== undefined ? local + nonlocal : undefined), local, nonlocal },
    planSettleYear: planYear,
    modelSettle: { local: n ? settledLocal / n : NaN, nonlocal: n ? settledOthers / n : NaN },
    ...defaultsBasis(s),
    ...breakBasis(s),
  };
}

/**
 * Rows most reachable first: by the probability that all of an area's
 * targets are met together, then by the mean probability over its targets,
 * then by name; areas without targets last.
 *
 * @example
 * byReachability(rows)[0].scenario; // 'shanghai_jinshan'
 */
export function byReachability(rows: readonly ReachabilityRow[]): ReachabilityRow[] {
  const joint = (r: ReachabilityRow) => r.targets.find((t) => t.id === 'all')?.probability ?? -1;
  const mean = (r: ReachabilityRow) => {
    const each = r.targets.filter((t) => t.id !== 'all');
    return each.length ? each.reduce((s, t) => s + t.probability, 0) / each.length : -1;
  };
  return [...rows].sort((a, b) => joint(b) - joint(a) || mean(b) - mean(a) || a.scenario.localeCompare(b.scenario));
}

/**
 * The report's one-line answer: how many areas meet all their targets
 * together in at least half of the runs, in 5–50 %, in under 5 %; and how
 * many have no target.
 *
 * @example
 * reachabilitySummary(rows); // 'Of 61 areas, 4 meet all their targets together in at least half of the runs, 7 in 5–50 %, 50 in under 5 %.'
 */
export function reachabilitySummary(rows: readonly ReachabilityRow[]): string {
  const joint = rows.map((r) => r.targets.find((t) => t.id === 'all')?.probability).filter((p): p is number => p !== undefined);
  const high = joint.filter((p) => p >= 0.5).length;
  const low = joint.filter((p) => p < 0.05).length;
  const none = rows.length - joint.length;
  return `Of ${rows.length} area${rows.length === 1 ? '' : 's'}, ${high} ${high === 1 ? 'meets all its' : 'meet all their'} targets together in at least half of the runs, ${joint.length - high - low} in 5–50 %, ${low} in under 5 %${none ? `; ${none} set no target` : ''}.`;
}

const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(1)}%`);
const wan = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : `${(v / 1e4).toFixed(1)}万`);

/** A settlement cell: the total and, where it is split, its local and non-local parts. */
function settleCell(s: SettlePerYear | undefined): string {
  if (!s) return '–';
  if (s.local !== undefined && s.nonlocal !== undefined) return `${wan(s.total)} (${wan(s.local)} + ${wan(s.nonlocal)})`;
  if (s.total !== undefined) return wan(s.total);
  return s.nonlocal !== undefined ? `non-local ${wan(s.nonlocal)}` : `local ${wan(s.local)}`;
}

/**
 * A target's probability weighed by the area's own figures, and the effective runs it rests on, where the table gives
 * it beside the plain one: not where nothing is weighed, nor where every run is the same projection (the weighed list
 * says the plain one stands).
 */
export function weighedAnswer(r: ReachabilityRow, id: string): { probability: number; runs: number } | undefined {
  const w = r.ownWeighed;
  if (!w || w.identical || w.figures.length === 0) return undefined;
  const x = w.targets.find((y) => y.id === id);
  return x && { probability: x.probability, runs: x.effectiveRuns };
}

const bold = (s: string) => `**${s}**`;

/** A target's plain probability, bold, its marks, and the one weighed by the area's own figures beside it where it has one ({@link headlineText}). */
const answerCell = (r: ReachabilityRow, t: TargetResult) => headlineText('en', pct(t.probability), weighedAnswer(r, t.id), mark(r, t), bold);

function targetCell(r: ReachabilityRow, metric: string, year: number): string {
  const t = r.targets.find((x) => x.metric === metric && x.year === year);
  return t ? `${targetValueText(t.metric, t.value)}: ${answerCell(r, t)}` : '–';
}

/** Targets outside the four rate columns (population targets, other years), each with its probability. */
function otherTargets(r: ReachabilityRow): string {
  const inColumns = (t: TargetResult) => (t.metric === 'resident_rate' || t.metric === 'registered_rate') && (t.year === 2017 || t.year === 2020);
  const other = r.targets.filter((t) => t.id !== 'all' && !inColumns(t));
  return other.length ? other.map((t) => `${t.metric} ${opSymbol(t.op)} ${targetValueText(t.metric, t.value)} ${t.year}: ${answerCell(r, t)}`).join('; ') : '–';
}

/** An area the report must account for although it has no scenario, and the figures its data lack. */
export type UncoveredArea = { readonly id: string; readonly name: string; readonly gaps: readonly string[] };

/** † after a target's probability when it rests mainly on defaults, § when on an assumed change of the registered count. */
const mark = (r: ReachabilityRow, t: TargetResult) => `${targetOnDefaults(r, t) ? ' †' : ''}${targetOnBreak(r, t) ? ' §' : ''}`;

/** The area's own figures outside its runs' 80 % interval. */
export const ownOutside = (r: ReachabilityRow): readonly OwnFigure[] => (r.ownFigures ?? []).filter((f) => !f.inside);

/** The area column: the scenario name and, when known, the area's Chinese name; ‡ when one of its own figures lies outside its 80 % interval. */
export const areaCell = (r: ReachabilityRow): string => `${r.cityZh ? `${r.scenario} ${r.cityZh}` : r.scenario}${ownOutside(r).length ? ' ‡' : ''}`;

/**
 * The count of the areas' own figures inside their runs' 80 % intervals, one line; undefined when there is none to
 * count (the batch was given no observed figures, or none of its areas has one after its base year: not '0 of 0').
 *
 * @example
 * ownFiguresLine(rows); // '12 of 15 own figures inside the pilots\' 80 % intervals (…)'
 */
export function ownFiguresLine(rows: readonly ReachabilityRow[]): string | undefined {
  const all = rows.flatMap((r) => r.ownFigures ?? []);
  if (all.length === 0) return undefined;
  const areas = rows.filter((r) => ownOutside(r).length).length;
  return `${all.filter((f) => f.inside).length} of ${all.length} own figures inside the scenarios' 80 % intervals (each area's observed figures after its base year${areas ? `; ‡ marks the ${areas} area${areas === 1 ? '' : 's'} with one outside, listed below the table` : ''}).`;
}

const figureValue = (metric: string, v: number) =>
  !Number.isFinite(v) ? '–' : RATE_METRICS.has(metric as never) ? `${(v * 100).toFixed(2)}%` : Math.abs(v) >= 1e4 ? `${(v / 1e4).toFixed(2)}万` : `${Math.round(v)}`;

/** One own figure in words: metric, period, observed value, caliber, source, and the runs' p10–p90 and median. */
export function ownFigureText(f: OwnFigure): string {
  const p = f.point;
  const v = (x: number) => figureValue(p.metric, x);
  const side = f.inside ? 'inside' : p.value < f.lower80 ? 'below' : 'above';
  return `${p.metric} ${periodText(p)}: observed ${v(p.value)} (${p.definition}, ${f.caliber}${f.status === 'flagged' ? ', only roughly the model\'s count' : ''}; ${p.source}), runs' p10–p90 ${v(f.lower80)}–${v(f.upper80)} (median ${v(f.median)}): ${side}`;
}

/** What the own-figures section says before its list. */
export const OWN_FIGURES_INTRO = [
  "‡ an area's scenario puts one of its own observed figures after its base year (data/observed/observed.csv, selected as the",
  "cross-validation selects them) outside its 80 % interval: the runs' p10–p90 of the figure as it would read, each run's value",
  "plus the figure's observation error by caliber. A generated pilot's laws are conditioned on these figures only through its",
  "paces (data/observed/fitted-defaults.json), a curated scenario's only through what its author took from them; the runs are",
  "not weighed by them. Read the area's probabilities with that figure in mind.",
];

/** The own-figures section's list: per area marked ‡, each figure outside its 80 % interval. */
export function ownFiguresList(rows: readonly ReachabilityRow[]): string[] {
  return byReachability(rows).filter((r) => ownOutside(r).length).map((r) => {
    const own = r.ownFigures!;
    return `- ${areaCell(r)} (${own.length - ownOutside(r).length} of ${own.length} own figures inside): ${ownOutside(r).map(ownFigureText).join('; ')}`;
  });
}

/** What the section of targets weighed by the areas' own figures says before its list. */
export const OWN_WEIGHED_INTRO = [
  "Each target's plain probability (every run counting once; first in the table's cells) → weighed by the area's own observed figures after",
  'its base year, each run by their likelihood under their observation errors by caliber, as `urbsim calibrate` weighs',
  "runs; in brackets its 95 % Wilson interval on the effective runs (the smaller of Kish's (Σw)²/Σw² and the target's own),",
  "which is Monte Carlo error given the model, not the model's error. Where the scenario's laws were already fitted to some",
  "of these figures (a generated pilot's paces or migrants' take-up updated with its own figures,",
  "data/observed/fitted-defaults.json), weighing its runs would count them twice, and those laws condition only the paces,",
  `not where each year's path stands at the last figure: the scenario is run again, ${REDRAWN_RUNS_PER_RUN} times its runs (at most ${REDRAWN_MAX_RUNS.toLocaleString('en')}) with its seed, with`,
  "those laws drawn as an area without figures of its own draws them (the pooled laws, or the fit's wide prior or the",
  "assumed range where too few areas were pooled; an urbanization pace its pilot also conditions on the area's resident rates",
  "before its base year keeps those, the pooled law conditioned on them alone), and those runs are weighed by all the",
  "figures. Each such law is in fact drawn from a half-and-half mix of it and the scenario's own law where both are",
  "logit-normal or both normal (not truncated): about half the runs draw it from the scenario's own, and each run is",
  'weighed back by the ratio of that law to the mix, at most 2 a law (defensive importance sampling: the same answer from',
  "more effective runs). The conversion's yearly σ, where the area's own registered rates entered its fit, is drawn as",
  'fitted without them, half the runs as fitted with them, weighed back likewise. Where these runs leave fewer than 400',
  "effective runs (the intervals' ends rest on the few runs of most weight), they are drawn once more with more runs (up",
  'to 4 times as many).',
  "Pooled laws and the paces' year-to-year variation still include each area as one of the areas pooled.",
  'On fewer than 100 effective runs the weighed probability is given in whole percent: rough.',
];

const TARGET_NAMES: Record<string, string> = { resident_rate: 'resident', registered_rate: 'registered' };

/** One target in the weighed list: `resident 2020`, `registered 2017`, other metrics by key and op. */
const shortTarget = (t: TargetResult) =>
  t.id === 'all' ? 'all' : TARGET_NAMES[t.metric] && t.op === '>=' ? `${TARGET_NAMES[t.metric]} ${t.year}` : `${t.metric} ${opSymbol(t.op)} ${targetValueText(t.metric, t.value)} ${t.year}`;

/**
 * The section's list: per area with targets and own figures after its base year, most reachable first, each
 * target's plain probability → weighed by those figures (interval), and the effective runs.
 *
 * @example
 * ownWeighedList(rows); // ['- dalian 大连市 ‡ (1 figure: registered_rate 2015; 177 effective runs): resident 2020 54.9% → 60.1% (52.8–67.0%); …']
 */
export function ownWeighedList(rows: readonly ReachabilityRow[]): string[] {
  const named = (ps: readonly ObservedPoint[]) => ps.map((p) => `${p.metric} ${periodText(p)}`).join(', ');
  return byReachability(rows).filter((r) => r.ownWeighed).map((r) => {
    const w = r.ownWeighed!;
    const inLaws = w.inLaws.length ? `already in its laws, left out: ${named(w.inLaws)}` : '';
    const redrawn = w.redrawn ? `; ${runsText(w.redrawn.runs)} drawn again with ${w.redrawn.keys.join(', ')} as an area without figures of its own draws ${w.redrawn.keys.length === 1 ? 'it' : 'them'}` : '';
    if (w.figures.length === 0) return `- ${areaCell(r)}: not weighed (${inLaws})`;
    if (w.identical)
      return `- ${areaCell(r)} (${w.figures.length} figure${w.figures.length === 1 ? '' : 's'}: ${named(w.figures)}): every run is the same projection (the scenario draws nothing at random), so weighing cannot tell one from another: each P(met) stands as in the table`;
    const cells = r.targets.map((t) => {
      const x = w.targets.find((y) => y.id === t.id);
      if (!x) return `${shortTarget(t)} ${pct(t.probability)}`;
      // On fewer than SMALL_ESS effective runs, whole percent: a tenth of a point would claim a precision they lack.
      // A target resting on fewer effective runs than the area's says so: 'effective', lest 32 be read as runs made.
      const on = (p: number) => percentOnRuns(p, x.effectiveRuns);
      return `${shortTarget(t)} ${pct(t.probability)} → **${on(x.probability)}** (${on(x.lower)}–${on(x.upper)}${Math.round(x.effectiveRuns) < Math.round(w.kishRuns) ? `, ${runsText(x.effectiveRuns, 'effective')}` : ''})`;
    });
    // More --runs cannot help where memory refused the runs already asked for: the second draw asks the same number.
    const refused = w.redrawn?.refused;
    const few = w.kishRuns >= SMALL_ESS ? '' : refused ? `, under ${SMALL_ESS}: rough; memory could not hold the ${runsText(refused)} to draw once more: where more memory is at hand, remove its weighed.json and run the batch again` : `, under ${SMALL_ESS}: rough, raise --runs`;
    return `- ${areaCell(r)} (${w.figures.length} figure${w.figures.length === 1 ? '' : 's'}: ${named(w.figures)}${inLaws ? `; ${inLaws}` : ''}${redrawn}; ${runsText(w.kishRuns, 'effective')}${few}): ${cells.join('; ')}`;
  });
}

/** The table's header and rows, cells as Markdown (bold = a probability), most reachable first. */
export function reachabilityTable(rows: readonly ReachabilityRow[]): { head: string[]; body: string[][] } {
  const head = ['area', 'resident 2017', 'registered 2017', 'resident 2020', 'registered 2020', 'other targets', 'all targets', 'median 2020 resident / registered', 'settle/yr plan (local + non-local)', 'settle/yr model (local + non-local)'];
  const body = byReachability(rows).map((r) => {
    const all = r.targets.find((t) => t.id === 'all');
    const m2020 = r.medians.find((m) => m.year === 2020);
    const model = { total: r.modelSettle.local + r.modelSettle.nonlocal, ...r.modelSettle };
    return [
      areaCell(r), targetCell(r, 'resident_rate', 2017), targetCell(r, 'registered_rate', 2017), targetCell(r, 'resident_rate', 2020), targetCell(r, 'registered_rate', 2020),
      otherTargets(r), all ? headlineText('en', pct(all.probability), weighedAnswer(r, all.id)) : '–', m2020 ? `${pct(m2020.resident)} / ${pct(m2020.registered)}` : '–', settleCell(r.planSettle), settleCell(model),
    ];
  });
  return { head, body };
}

/** What the report says under its title: how to read the cells. */
export const REACHABILITY_INTRO = [
  'Each target cell is *target: probability the model meets it*. Medians are over runs. Settlement per year:',
  "the plan's cumulative settlement target divided by its years, against the model's median yearly settlement",
  'over the same years; both split into locals and people from elsewhere (non-local) where the plan splits them.',
  '† the probability rests mainly on defaults: every pace that moves the figure (urbanization pace and net migration for',
  'resident figures; hukou conversion and settlement take-up for the registered rate) is the one pooled over other areas',
  '(data/observed/fitted-defaults.json), fitted to no figure of the area\'s own after its base year nor set by the scenario;',
  'a figure other than where people live (resident rate and populations) has none where the migrants\' take-up is fitted to the area\'s own counts of migrants settled.',
  '§ the probability rests on an assumed change of the registered count\'s definition: the scenario draws the 2014 hukou',
  'unification (uncertainty.registered_break), in one year counting a share of the rural-hukou town dwellers (by default',
  'uniform on 0–100 %) and of the villagers (by default 0–10 %) as urban hukou — an assumption range, since nothing says how',
  'the area counts after it — and the figure is one that relabelling moves (the registered rate and its numerator, local',
  'settlement and its cost). uncertainty: { registered_break: none } in the scenario gives the answer without it.',
];

/**
 * What the report says above the table where an area's cells give its weighed answer beside the plain one
 * ({@link weighedAnswer}): which probability is which, and why the plain one leads.
 */
export const WEIGHED_HEADLINE_INTRO = [
  "A cell's bold probability is the plain one (every run counting once); where an area has its own observed figures",
  "after its base year, the one with its runs weighed by them follows in brackets: *target: plain (weighed …)*, as the",
  "section \"Targets weighed by the area's own figures\" below lists them; *rough* and the effective runs where the weighed",
  'one rests on fewer than 100 effective runs (then in whole percent). The plain one leads because the weighed intervals',
  'do not yet all pass the widths check (README, "Interval widths"). The all-targets cell likewise; rows are ordered,',
  'and the summary counts, by the plain probability of all targets together.',
];

/** Whether any area's cells give a weighed answer (then the report says which probability is which). */
export const anyWeighedAnswer = (rows: readonly ReachabilityRow[]): boolean => rows.some((r) => r.targets.some((t) => weighedAnswer(r, t.id)));

/**
 * The reachability table in Markdown: a one-line summary, then per area
 * (most reachable first) the probability of each 2017 and 2020 target (and
 * of any other target), the median rates reached in 2020, and yearly
 * settlement implied by the plan against what the model settles; with
 * observed figures, the count of the areas' own figures inside their 80 %
 * intervals under the summary and, after the table, each figure outside
 * (area marked ‡), and each area's targets weighed by its own figures
 * ({@link ownWeighedList}); then the areas that set no target, and those without a
 * scenario and what their data lack.
 *
 * @example
 * reachabilityMarkdown(rows, 1000, [{ id: 'langzhong', name: '阆中市', gaps: ['population'] }]);
 */
export function reachabilityMarkdown(rows: readonly ReachabilityRow[], runs: number, uncovered: readonly UncoveredArea[] = []): string {
  const { head, body } = reachabilityTable(rows);
  const own = ownFiguresLine(rows);
  const out = [`# ${reachabilityTitle(rows, runs, uncovered)}`, '', `**${reachabilitySummary(rows)}**`, '', ...(own ? [`**${own}**`, ''] : []), ...REACHABILITY_INTRO, ...(anyWeighedAnswer(rows) ? ['', ...WEIGHED_HEADLINE_INTRO] : []), ''];
  out.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((cells) => `| ${cells.join(' | ')} |`));
  const outside = ownFiguresList(rows);
  if (outside.length) out.push('', `## Own figures outside the 80 % interval (${outside.length})`, '', ...OWN_FIGURES_INTRO, '', ...outside);
  const weighed = ownWeighedList(rows);
  if (weighed.length) out.push('', `## Targets weighed by the area's own figures (${weighed.length})`, '', ...OWN_WEIGHED_INTRO, '', ...weighed);
  const none = rows.filter((r) => r.targets.length === 0);
  if (none.length) out.push('', `## No targets (${none.length})`, '', 'Scenarios that set no target: projections only, listed so that none goes missing.', '', ...none.map((r) => `- ${areaCell(r)}`));
  if (uncovered.length) {
    out.push('', `## No scenario (${uncovered.length})`, '', 'Pilot areas whose data lack a figure the scenario cannot do without:', '');
    for (const u of uncovered) out.push(`- ${u.id} (${u.name}): no scenario: missing ${u.gaps.join('; ')}`);
  }
  return `${out.join('\n')}\n`;
}

/** "pilot targets" only when the batch covers seed 004's pilots (it then lists those without a scenario). */
export function reachabilityTitle(rows: readonly ReachabilityRow[], runs: number, uncovered: readonly UncoveredArea[]): string {
  return `Reachability of the ${uncovered.length ? 'pilot ' : ''}targets (${rows.length} area${rows.length === 1 ? '' : 's'}, ${runsText(runs)} each)`;
}
