import { bools, dictionary, documentedIpc, floats, ints } from '../io/arrowColumns.ts';
import { type OutputSink, writeOutputFolder } from '../io/outputFolder.ts';
import { METRIC_DOCS } from '../io/metricColumns.ts';
import { TOOLKIT_VERSION } from '../io/toolkitVersion.ts';
import type { CompareTargetRow } from './compareTargets.ts';
import type { Comparison } from './compareVariants.ts';
import type { PairedDifferences } from './pairedDifferences.ts';
import { probabilityName } from './probabilityName.ts';
import { SUMMARY_PROBS } from './summarize.ts';
import { metaJson } from '../io/writeRunOutputs.ts';

export const COMPARE_FILES = ['compare.arrow', 'compare-targets.arrow', 'meta.json'] as const;

/** meta.json of a compare folder: what was compared, and where each variant's run folder is. */
export interface CompareMeta {
  readonly toolkit: { readonly name: 'urbsim'; readonly version: string };
  readonly command: 'compare';
  readonly reference: string;
  /** Every variant, the reference first; each has a run folder of that name beside this file. */
  readonly variants: readonly string[];
  readonly scenarioFiles: readonly string[];
  readonly runs: number;
  readonly seed: number;
  readonly years: readonly [number, number];
  /** What the command printed: the metric and years of its tables. */
  readonly metric: string;
  readonly printedYears: readonly number[];
  readonly files: readonly string[];
}

/**
 * Write a comparison into an output folder (open, or a path committed here
 * as a whole), beside the variants' run folders:
 * `compare.arrow` (variant, reference, year, metric, mean, sd, quantiles and
 * pBeats of variant − reference), `compare-targets.arrow` (the columns of
 * targets.arrow with `scenario` the variant, then reference and the paired
 * difference from it: difference, difference_lower, difference_upper,
 * only_variant, only_reference — null on the reference's own rows; on_defaults and on_break, the † and § by each
 * variant's own scenario) and
 * meta.json.
 *
 * @example
 * writeComparison('out/compare-dongguan', c, { metric: 'registered_rate', years: [2017, 2020, 2025], files });
 */
export function writeComparison(target: string | OutputSink, c: Comparison, o: { metric: string; years: readonly number[]; files: readonly string[] }): CompareMeta {
  return writeOutputFolder(target, (out) => {
    out.writeFile('compare.arrow', differencesIpc(c));
    out.writeFile('compare-targets.arrow', targetsIpc(c));
    const meta = compareMeta(c, o);
    out.writeFile('meta.json', metaJson(meta));
    return meta;
  });
}

function compareMeta(c: Comparison, o: { metric: string; years: readonly number[]; files: readonly string[] }): CompareMeta {
  const meta: CompareMeta = {
    toolkit: { name: 'urbsim', version: TOOLKIT_VERSION },
    command: 'compare',
    reference: c.reference,
    variants: c.summaries.map((s) => s.name),
    scenarioFiles: o.files,
    runs: c.runs,
    seed: c.seed,
    years: [c.years[0], c.years[c.years.length - 1]],
    metric: o.metric,
    printedYears: o.years,
    files: COMPARE_FILES,
  };
  return meta;
}

/** compare.arrow: variant, reference, year, metric, unit, then over the runs where both have a finite value (n): mean, sd, quantiles and pBeats of variant − reference; null where n is too small. */
function differencesIpc(c: Comparison): Uint8Array {
  const variant = c.variants.flatMap((v) => new Array<string>(v.diff.year.length).fill(v.name));
  const at = (f: (d: PairedDifferences, i: number) => number) => {
    const out = new Float64Array(variant.length);
    let k = 0;
    for (const v of c.variants) for (let i = 0; i < v.diff.year.length; i++) out[k++] = f(v.diff, i);
    return out;
  };
  const first = c.variants[0]?.diff;
  const metric = c.variants.flatMap((v) => v.diff.metric as string[]);
  return documentedIpc('compare.arrow', {
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
}

/** compare-targets.arrow: the columns of targets.arrow (scenario = the variant), then the paired difference from the reference. */
function targetsIpc(c: Comparison): Uint8Array {
  const t = c.targets;
  const d = (f: (x: NonNullable<CompareTargetRow['difference']>) => number) => floats(t.map((r) => (r.difference ? f(r.difference) : NaN)));
  return documentedIpc('compare-targets.arrow', {
    scenario: dictionary(t.map((r) => r.variant), 0),
    target: dictionary(t.map((r) => r.id), 1),
    metric: dictionary(t.map((r) => (r.year === null ? null : r.metric)), 2),
    year: ints(t.map((r) => r.year)),
    op: dictionary(t.map((r) => r.op), 3),
    value: floats(t.map((r) => (r.year === null ? NaN : r.value))),
    met: ints(t.map((r) => r.met)),
    runs: ints(t.map((r) => r.runs)),
    probability: floats(t.map((r) => r.probability)),
    lower: floats(t.map((r) => r.lower)),
    upper: floats(t.map((r) => r.upper)),
    reference: dictionary(t.map((r) => r.reference), 4),
    difference: d((x) => x.value),
    difference_lower: d((x) => x.lower),
    difference_upper: d((x) => x.upper),
    only_variant: ints(t.map((r) => r.difference?.onlyVariant ?? null)),
    only_reference: ints(t.map((r) => r.difference?.onlyReference ?? null)),
    on_defaults: bools(t.map((r) => r.onDefaults)),
    on_break: bools(t.map((r) => r.onBreak)),
  });
}
