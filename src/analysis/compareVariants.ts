import type { MonteCarloResult } from '../montecarlo/runMonteCarlo.ts';
import { METRICS, METRIC_COUNT } from '../model/indicators.ts';
import { isRate, label } from '../report/labels.ts';
import { AnalysisInputError } from './analysisInputError.ts';
import { targetText } from './targetText.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { type CompareTargetRow, compareTargets } from './compareTargets.ts';
import { type PairedDifferences, pairedDifferences } from './pairedDifferences.ts';
import { type SharedDraws, sharedDraws } from './sharedDraws.ts';
import { type Summary, summarize } from './summarize.ts';
import { everyRunIdentical } from './everyRunIdentical.ts';
import { countText } from './countText.ts';
import { padColumns, terminalColumns } from './terminalColumns.ts';
import { probabilityText as pct } from './probabilityText.ts';

/** Each variant against the first, run by run. */
export interface Comparison {
  readonly reference: string;
  readonly years: Int32Array;
  readonly variants: readonly { readonly name: string; readonly diff: PairedDifferences }[];
  /** Every variant, the reference first, with its own quantiles per year and metric. */
  readonly summaries: readonly { readonly name: string; readonly summary: Summary }[];
  /** Every target of any variant in every variant, with paired differences from the reference ({@link compareTargets}). */
  readonly targets: readonly CompareTargetRow[];
  readonly runs: number;
  readonly seed: number;
  /** Which drawn inputs the variants share, and how ({@link sharedDraws}). */
  readonly draws: SharedDraws;
  /**
   * Variants whose runs are all one projection (they draw nothing at random, {@link everyRunIdentical}): their P(met) is
   * 0 or 1 with no Monte Carlo error, and the table prints no interval on it (nor on the difference of two of them).
   */
  readonly deterministic?: readonly string[];
}

/**
 * Paired differences of every variant against the first. The runs must share
 * seed, runs and projection years (common random numbers), so each difference
 * is the lever's effect with the same draws of everything else; otherwise an
 * {@link AnalysisInputError} says what differs. `pBeats` counts a tie (a run
 * where the variant equals the reference) as half a win, so identical
 * variants give 50 %, not 0 %.
 *
 * @example
 * const c = compareVariants([base, cutoff100, schools2x]);
 * c.variants[0].diff.stats.p50; // median difference per (year, metric)
 */
export function compareVariants(results: readonly MonteCarloResult[]): Comparison {
  const [ref, ...rest] = results;
  const span = (x: MonteCarloResult) => `${x.years[0]}–${x.years[x.years.length - 1]}`;
  for (const r of rest) {
    if (span(r) !== span(ref))
      throw new AnalysisInputError(`variant ${r.scenario.name} projects ${span(r)}, ${ref.scenario.name} ${span(ref)}: a comparison needs the same projection years`);
    const runs = (x: MonteCarloResult) => x.runEnd - x.runStart;
    if (r.scenario.monteCarlo.seed !== ref.scenario.monteCarlo.seed || runs(r) !== runs(ref) || r.runStart !== ref.runStart)
      throw new AnalysisInputError(
        `variant ${r.scenario.name} (seed ${r.scenario.monteCarlo.seed}, runs ${r.runStart}–${r.runEnd - 1}) does not share seed and runs with ` +
          `${ref.scenario.name} (seed ${ref.scenario.monteCarlo.seed}, runs ${ref.runStart}–${ref.runEnd - 1}): common random numbers need both`,
      );
  }
  return {
    reference: ref.scenario.name,
    years: ref.years,
    variants: rest.map((r) => ({ name: r.scenario.name, diff: pairedDifferences(ref.rows, r.rows, ref.years) })),
    summaries: results.map((r) => ({ name: r.scenario.name, summary: summarize(r.rows, r.years) })),
    targets: compareTargets(results),
    runs: ref.runEnd - ref.runStart,
    seed: ref.scenario.monteCarlo.seed,
    draws: sharedDraws(results.map((r) => r.scenario)),
    deterministic: results.filter((r) => everyRunIdentical(r.rows, r.runEnd - r.runStart)).map((r) => r.scenario.name),
  };
}

/**
 * The years a comparison prints by default: every year any variant has a
 * target in, and the last projected year.
 *
 * @example
 * compareYears([dongguan, cutoff100]); // [2017, 2020, 2025]
 */
export function compareYears(scenarios: readonly Pick<ResolvedScenario, 'targets' | 'years'>[]): number[] {
  const years = new Set<number>([scenarios[0].years.end]);
  for (const s of scenarios) for (const t of s.targets) if (t.year > s.years.start && t.year <= s.years.end) years.add(t.year);
  return [...years].sort((a, b) => a - b);
}

/**
 * The printed comparison of one metric in the given years: each variant's
 * median and p10–p90; each target's probability in each variant with its
 * Wilson interval and, run by run, the variant's difference from the
 * reference with Tango's paired score interval; and the distribution of the
 * paired differences of the metric.
 *
 * @example
 * console.log(comparisonTable(c, 'registered_rate', compareYears(scenarios)));
 */
export function comparisonTable(c: Comparison, metric: string, years: readonly number[]): string {
  const rate = isRate(metric);
  const level = (v: number) => (!Number.isFinite(v) ? '–' : rate ? `${(v * 100).toFixed(1)}%` : countText(metric, v));
  const diff = (v: number) => (!Number.isFinite(v) ? '–' : rate ? `${v >= 0 ? '+' : ''}${(v * 100).toFixed(2)} pt` : `${v >= 0 ? '+' : ''}${countText(metric, v)}`);
  const pt = (v: number) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}`;
  const names = c.summaries.map((s) => s.name);
  const nameWidth = Math.max(24, ...names.map((n) => n.length + 2));
  const cell = (name: string, year: number) => {
    const s = c.summaries.find((x) => x.name === name)!.summary;
    const i = rowOf(s.years, year, metric);
    return `${level(s.stats.p50[i])} (${level(s.stats.p10[i])}–${level(s.stats.p90[i])})`;
  };
  const cellWidth = Math.max(20, ...names.flatMap((n) => years.map((y) => terminalColumns(cell(n, y)) + 2)));
  const lines = [
    `${names.length} variants, ${c.runs.toLocaleString('en')} runs each, seed ${c.seed}: common random numbers, run r of every variant drawing each input from the same random numbers (keyed by seed, run and the input's name)`,
    drawsLine(c.draws),
    '',
    `${metric}: median (p10–p90)`,
    `${'variant'.padEnd(nameWidth)}${years.map((y) => String(y).padEnd(cellWidth)).join('')}`.trimEnd(),
    ...names.map((n) => `${n.padEnd(nameWidth)}${years.map((y) => padColumns(cell(n, y), cellWidth)).join('')}`.trimEnd()),
  ];
  if (c.targets.length) {
    const targetWidth = Math.max(36, ...c.targets.map((t) => targetLabel(t).length + 2));
    lines.push(
      '',
      `targets: share of runs meeting each, and the difference from ${c.reference} run by run (percentage points; Tango's paired 95% score interval)`,
      `${'target'.padEnd(targetWidth)}${'variant'.padEnd(nameWidth)}P(met)   95% interval     vs ${c.reference}`,
    );
    // Grouped by target, so that the variants' probabilities of one target stand together.
    const ids = [...new Set(c.targets.map((t) => t.id))];
    const byTarget = [...c.targets].sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id) || names.indexOf(a.variant) - names.indexOf(b.variant));
    // A variant that draws nothing at random meets a target in all its runs or in none: no interval, and none on the
    // difference between two such (as urbsim run and solve print them).
    const same = new Set(c.deterministic ?? []);
    let previous = '';
    for (const t of byTarget) {
      const name = targetLabel(t);
      const d = t.difference;
      const vs = d ? `${pt(d.value)} pt ${same.has(t.variant) && same.has(c.reference) ? '(exact)' : `[${pt(d.lower)}, ${pt(d.upper)}]`}` : '';
      const interval = same.has(t.variant) ? 'exact' : `${pct(t.lower)}–${pct(t.upper)}`;
      // † and § at the line's end, as urbsim run's table marks them (by the variant's own scenario), explained below.
      const marks = `${t.onDefaults ? ' †' : ''}${t.onBreak ? ' §' : ''}`;
      lines.push(`${`${(name === previous ? '' : name).padEnd(targetWidth)}${t.variant.padEnd(nameWidth)}${pct(t.probability).padStart(6)}   ${interval.padEnd(17)}${vs}`.trimEnd()}${marks}`);
      previous = name;
    }
    const exact = names.filter((n) => same.has(n));
    if (exact.length)
      lines.push(
        `(exact: every one of the ${c.runs.toLocaleString('en')} runs of ${exact.join(', ')} is the same projection — ${exact.length === 1 ? 'it draws' : 'they draw'} nothing at random — so each target is met in all of them or in none: ` +
          `deterministic, no Monte Carlo error; compare-targets.arrow still keeps the Wilson interval ${c.runs.toLocaleString('en')} independent runs would have)`,
      );
    if (c.targets.some((t) => t.onDefaults)) lines.push(label('en', 'onDefaultsNote'));
    if (c.targets.some((t) => t.onBreak)) lines.push(label('en', 'onBreakNote'));
  }
  lines.push('', `paired differences in ${metric}, each variant minus ${c.reference} (same seed, same runs)`);
  const rows: { name: string; year: number; q: string[]; p: number }[] = [];
  for (const v of c.variants) {
    const d = v.diff;
    for (const y of years) {
      const i = rowOf(d.years, y, metric);
      rows.push({ name: v.name, year: y, q: [d.stats.p10[i], d.stats.p50[i], d.stats.p90[i]].map(diff), p: d.stats.pBeats[i] });
    }
  }
  // Columns as wide as the widest value: costs in yuan run to 14 characters.
  const w = Math.max(12, ...rows.flatMap((r) => r.q.map((q) => terminalColumns(q) + 1)));
  lines.push(`${'variant'.padEnd(nameWidth)} year   ${'p10'.padEnd(w + 1)}${'median'.padEnd(w + 1)}${'p90'.padEnd(w + 1)}P(variant > ${c.reference})`);
  for (const r of rows) lines.push(`${r.name.padEnd(nameWidth)} ${r.year}  ${r.q.map((q) => padColumns(q, w)).join(' ')} ${pct(r.p)}`);
  // A lever that does not bind leaves many runs exactly equal; without this line 50 % would read as a coin toss.
  lines.push(`(P: share of runs where the variant is higher, ties counting half)`);
  return lines.join('\n');
}

/** Row of a summary or paired-difference table for a year and metric. */
function rowOf(years: Int32Array, year: number, metric: string): number {
  return years.indexOf(year) * METRIC_COUNT + (METRICS as readonly string[]).indexOf(metric);
}

function targetLabel(t: CompareTargetRow): string {
  return t.id === 'all' ? 'all targets jointly' : targetText(t as Parameters<typeof targetText>[0]);
}

/**
 * What the variants' runs share, under the comparison's first line: every input drawn alike (run r draws the same
 * values in each), or which inputs are drawn by laws that differ (the same quantile of each law) and which by some
 * variants only (nothing to pair with).
 *
 * @example
 * drawsLine({ alike: ['inflow', 'tfr'], otherLaw: [], some: [] });
 * // 'every variant draws the same 2 inputs by the same laws: run r draws the same values in each'
 */
export function drawsLine(d: SharedDraws): string {
  const { alike, otherLaw, some } = d;
  if (alike.length + otherLaw.length + some.length === 0) return 'no variant draws anything at random';
  const inputs = (n: number) => `${n} input${n === 1 ? '' : 's'}`;
  if (otherLaw.length === 0 && some.length === 0)
    return `every variant draws the same ${inputs(alike.length)} by the same law${alike.length === 1 ? '' : 's'}: run r draws the same values in each`;
  return [
    alike.length ? `drawn alike in every variant (the same value in run r): ${inputs(alike.length)}` : 'no input is drawn alike in every variant',
    otherLaw.length ? `by laws that differ (the same quantile of each variant's law in run r): ${otherLaw.join(', ')}` : '',
    some.length ? `by some variants only (nothing to pair with in the others): ${some.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
