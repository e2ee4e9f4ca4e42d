import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { MonteCarloResult } from '../montecarlo/runMonteCarlo.ts';
import { dictionary, documentedIpc, floats, ints } from '../io/arrowColumns.ts';
import { writeFileAtomic } from '../io/atomicWrite.ts';
import { METRIC_DOCS } from '../io/metricColumns.ts';
import { AnalysisInputError } from './analysisInputError.ts';
import { type PairedDifferences, pairedDifferences } from './pairedDifferences.ts';
import { probabilityName } from './probabilityName.ts';
import { SUMMARY_PROBS } from './summarize.ts';

/** Each variant against the first, run by run. */
export interface Comparison {
  readonly reference: string;
  readonly years: Int32Array;
  readonly variants: readonly { readonly name: string; readonly diff: PairedDifferences }[];
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
  };
}

/**
 * compare.arrow: variant, reference, year, metric, unit, then over the runs
 * where both have a finite value (n): mean, sd, quantiles and pBeats of
 * variant − reference; null where n is too small.
 */
export function writeComparison(dir: string, c: Comparison): void {
  mkdirSync(dir, { recursive: true });
  const variant = c.variants.flatMap((v) => new Array<string>(v.diff.year.length).fill(v.name));
  const at = (f: (d: PairedDifferences, i: number) => number) => {
    const out = new Float64Array(variant.length);
    let k = 0;
    for (const v of c.variants) for (let i = 0; i < v.diff.year.length; i++) out[k++] = f(v.diff, i);
    return out;
  };
  const first = c.variants[0]?.diff;
  const metric = c.variants.flatMap((v) => v.diff.metric as string[]);
  const table = documentedIpc('compare.arrow', {
    variant: dictionary(variant, 0),
    reference: dictionary(variant.map(() => c.reference), 1),
    year: ints(at((d, i) => d.year[i])),
    metric: dictionary(metric, 2),
    unit: dictionary(metric.map((m) => METRIC_DOCS[m as keyof typeof METRIC_DOCS].unit), 3),
    n: ints(at((d, i) => d.stats.n[i])),
    mean: floats(at((d, i) => d.stats.mean[i])),
    sd: floats(at((d, i) => d.stats.sd[i])),
    ...Object.fromEntries((first?.probs ?? SUMMARY_PROBS).map(probabilityName).map((q) => [q, floats(at((d, i) => d.stats[q][i]))])),
    pBeats: floats(at((d, i) => d.stats.pBeats[i])),
  });
  writeFileAtomic(join(dir, 'compare.arrow'), table);
}

/** The printed table: for one metric, each variant's paired difference at each target year (or the last year). */
export function comparisonTable(c: Comparison, metric: string): string {
  const isRate = metric.endsWith('_rate') || metric.endsWith('_share') || metric === 'rate_gap';
  const fmt = (v: number) => (isRate ? `${v >= 0 ? '+' : ''}${(v * 100).toFixed(2)} pt` : `${v >= 0 ? '+' : ''}${Math.round(v).toLocaleString('en')}`);
  const lines = [`paired differences in ${metric}, each variant minus ${c.reference} (same seed, same runs)`];
  const rows: { name: string; year: number; q: string[]; p: number }[] = [];
  for (const v of c.variants) {
    const d = v.diff;
    for (let i = 0; i < d.year.length; i++) {
      if (d.metric[i] !== metric) continue;
      const y = d.year[i];
      if (y !== 2020 && y !== c.years[c.years.length - 1]) continue;
      rows.push({ name: v.name, year: y, q: [d.stats.p10[i], d.stats.p50[i], d.stats.p90[i]].map(fmt), p: d.stats.pBeats[i] });
    }
  }
  // Columns as wide as the widest value: costs in yuan run to 14 characters.
  const w = Math.max(12, ...rows.flatMap((r) => r.q.map((q) => q.length + 1)));
  lines.push(`${'variant'.padEnd(24)} year   ${'p10'.padEnd(w + 1)}${'median'.padEnd(w + 1)}${'p90'.padEnd(w + 1)}P(variant > ${c.reference})`);
  for (const r of rows) lines.push(`${r.name.padEnd(24)} ${r.year}  ${r.q.map((q) => q.padEnd(w)).join(' ')} ${(r.p * 100).toFixed(1)}%`);
  // A lever that does not bind leaves many runs exactly equal; without this line 50 % would read as a coin toss.
  lines.push(`(P: share of runs where the variant is higher, ties counting half)`);
  return lines.join('\n');
}
