import { bools, dictionary, documentedIpc, floats, ints } from '../io/arrowColumns.ts';
import { type OutputSink, writeOutputFolder } from '../io/outputFolder.ts';
import { TOOLKIT_VERSION } from '../io/toolkitVersion.ts';
import { type CommandTimings, commandTimings, metaJson } from '../io/writeRunOutputs.ts';
import { scenarioHash } from '../scenario/hash.ts';
import type { SensitivityResult } from './sensitivity.ts';
import { type SensitivityPrecision, sensitivityPrecision } from './sensitivityPrecision.ts';
import type { LeverInput } from './withLeverRanges.ts';

/** meta.json of a sensitivity folder: what was analysed and how. */
export interface SensitivityMeta {
  readonly toolkit: { readonly name: 'urbsim'; readonly version: string };
  readonly command: 'sensitivity';
  readonly scenario: SensitivityResult['scenario'];
  readonly hash: string;
  readonly metric: string;
  readonly year: number;
  readonly seed: number;
  readonly runs: number;
  readonly designRuns: number;
  readonly sampler: string;
  readonly bootstrap: number;
  readonly level: number;
  readonly parameters: readonly string[];
  readonly mean: number;
  readonly sd: number;
  /** Policy levers among the inputs, each drawn uniformly over its range. */
  readonly levers: readonly LeverInput[];
  /** How precise the Sobol' indices are: the widest interval's half-width against the one asked. */
  readonly precision: Omit<SensitivityPrecision, 'groups'>;
  readonly timings: CommandTimings;
  readonly files: readonly string[];
}

export const SENSITIVITY_FILES = ['sensitivity.arrow', 'swing.arrow', 'meta.json'] as const;

/**
 * `sensitivity.arrow`: one row per input and index — `prcc` (partial rank
 * correlation), `first` and `total` (Sobol') — with metric, year, estimate,
 * interval (`lower`, `upper`) and the runs behind it. Strings are
 * dictionary columns. The shocks input has no `prcc` row.
 *
 * @example
 * writeFileAtomic('out/s/sensitivity.arrow', sensitivityIpc(result));
 */
export function sensitivityIpc(r: SensitivityResult): Uint8Array {
  const parameter: string[] = [];
  const index: string[] = [];
  const estimate: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const runs: number[] = [];
  const add = (p: string, i: string, e: number, lo: number, hi: number, n: number) => {
    parameter.push(p);
    index.push(i);
    estimate.push(e);
    lower.push(lo);
    upper.push(hi);
    runs.push(n);
  };
  r.parameters.forEach((p, i) => {
    if (!Number.isNaN(r.prcc[i])) add(p, 'prcc', r.prcc[i], r.prccLower[i], r.prccUpper[i], r.runs);
    add(p, 'first', r.first[i], r.firstLower[i], r.firstUpper[i], r.designRuns);
    add(p, 'total', r.total[i], r.totalLower[i], r.totalUpper[i], r.designRuns);
  });
  const n = parameter.length;
  return documentedIpc('sensitivity.arrow', {
    metric: dictionary(new Array<string>(n).fill(r.metric), 0),
    year: ints(new Int32Array(n).fill(r.year)),
    parameter: dictionary(parameter, 1),
    index: dictionary(index, 2),
    estimate: floats(estimate),
    lower: floats(lower),
    upper: floats(upper),
    runs: ints(runs),
  });
}

/**
 * `swing.arrow`: for each sampled input, the runs of the plain Monte Carlo
 * whose draw of it lies in its lowest and in its highest tenth (an input of
 * few values: at its lowest and its highest value, `by_value`) — the range of
 * its values there and the metric's mean over those runs — and whether the
 * input is a policy lever: the tornado chart in the metric's own units.
 *
 * @example
 * writeFileAtomic('out/s/swing.arrow', swingIpc(result));
 */
export function swingIpc(r: SensitivityResult): Uint8Array {
  const rows = r.swing.flatMap((w) => (['low', 'high'] as const).map((tenth) => ({ w, tenth, part: w[tenth] })));
  const n = rows.length;
  return documentedIpc('swing.arrow', {
    metric: dictionary(new Array<string>(n).fill(r.metric), 0),
    year: ints(new Int32Array(n).fill(r.year)),
    parameter: dictionary(rows.map((x) => x.w.parameter), 1),
    lever: bools(rows.map((x) => r.levers.some((l) => l.lever === x.w.parameter))),
    tenth: dictionary(rows.map((x) => x.tenth), 2),
    by_value: bools(rows.map((x) => x.w.byValue)),
    input_min: floats(rows.map((x) => x.part.min)),
    input_max: floats(rows.map((x) => x.part.max)),
    metric_mean: floats(rows.map((x) => x.part.metric)),
    runs: ints(rows.map((x) => x.part.runs)),
  });
}

/**
 * Write a sensitivity analysis into an output folder (open, or a path
 * committed here as a whole): sensitivity.arrow, swing.arrow and meta.json.
 * `precision`: the half-width the intervals were asked to reach (default 0.05).
 *
 * @example
 * writeSensitivity('out/dalian-sensitivity', result, { startedAt });
 */
export function writeSensitivity(target: string | OutputSink, r: SensitivityResult, info: { startedAt: Date; precision?: number }): SensitivityMeta {
  return writeOutputFolder(target, (out) => {
    out.writeFile('sensitivity.arrow', sensitivityIpc(r));
    out.writeFile('swing.arrow', swingIpc(r));
    const meta = sensitivityMeta(r, info);
    out.writeFile('meta.json', metaJson(meta));
    return meta;
  });
}

function sensitivityMeta(r: SensitivityResult, info: { startedAt: Date; precision?: number }): SensitivityMeta {
  const p = sensitivityPrecision(r, info.precision);
  const meta: SensitivityMeta = {
    toolkit: { name: 'urbsim', version: TOOLKIT_VERSION },
    command: 'sensitivity',
    scenario: r.scenario,
    hash: scenarioHash(r.scenario),
    metric: r.metric,
    year: r.year,
    seed: r.seed,
    runs: r.runs,
    designRuns: r.designRuns,
    sampler: r.scenario.monteCarlo.sampler,
    bootstrap: r.bootstrap,
    level: r.level,
    parameters: r.parameters,
    mean: r.mean,
    sd: r.sd,
    levers: r.levers,
    precision: { halfWidth: p.halfWidth, target: p.target, enough: p.enough, neededRuns: p.neededRuns, firstAboveTotal: p.firstAboveTotal },
    timings: commandTimings(info.startedAt),
    files: SENSITIVITY_FILES,
  };
  return meta;
}
