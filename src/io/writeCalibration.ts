import { quantileSorted } from 'simple-statistics';
import type { Backtest } from '../analysis/backtest.ts';
import type { Calibration } from '../analysis/calibrate.ts';
import { calibratedTargets } from '../analysis/calibratedTargets.ts';
import { simulatedAtPoints } from '../analysis/simulatedAtPoints.ts';
import { weightedQuantiles } from '../analysis/weightedQuantiles.ts';
import { scenarioHash } from '../scenario/hash.ts';
import { bools, dictionary, documentedIpc, floats, ints, strings } from './arrowColumns.ts';
import { type OutputSink, writeOutputFolder } from './outputFolder.ts';
import { TOOLKIT_VERSION } from './toolkitVersion.ts';
import { metaJson } from './writeRunOutputs.ts';
import { targetsOnDefaults } from '../batch/onDefaults.ts';
import { targetsOnBreak } from '../batch/onBreak.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';

const column = (n: number, f: (i: number) => number) => floats(Float64Array.from({ length: n }, (_, i) => f(i)));

export interface CalibrationFiles {
  readonly observedFile: string;
  readonly startedAt: Date;
  readonly workers: number;
}

/**
 * Write a calibration into an output folder (open, or a path committed here
 * as a whole):
 * `posterior.arrow` (one row per kept run: run, distance, weight — the
 * likelihood under the observation errors, or 1 for rejection —, each
 * sampled parameter, regression-adjusted when asked), `calibration.arrow`
 * (per parameter: prior and posterior mean, sd, p10, p50, p90),
 * `points.arrow` (every observed figure of the area: status, reason, role
 * `fit`/`score`/`none`, and the prior and posterior medians of the runs at
 * it), `calibrated-targets.arrow` when the scenario has targets (per target,
 * then all jointly: P(met) over every run and over the calibration's weighted
 * runs, with their intervals, {@link calibratedTargets}) and `meta.json` (with `notRecordedParameters`, the scenario's draws the
 * runs given hold no column for, where there are such). Returns the file names.
 *
 * @example
 * writeCalibration('out/shijiazhuang-calibration', c, { observedFile: 'data/observed/observed.csv', startedAt, workers: 1 });
 */
export function writeCalibration(target: string | OutputSink, c: Calibration, info: CalibrationFiles, scored: Backtest['scored'] = []): string[] {
  return writeOutputFolder(target, (out) => writeCalibrationFiles(out, c, info, scored));
}

function writeCalibrationFiles(out: OutputSink, c: Calibration, info: CalibrationFiles, scored: Backtest['scored']): string[] {
  const { fit, result } = c;
  const k = result.sampledNames.length;
  const a = fit.accepted.length;
  const posterior = documentedIpc('posterior.arrow', {
    run: ints(Int32Array.from(fit.accepted, (r) => result.runStart + r)),
    distance: floats(fit.distances),
    weight: floats(fit.weights),
    ...Object.fromEntries(result.sampledNames.map((name, i) => [name, column(a, (j) => fit.values[j * k + i])])),
  });
  out.writeFile('posterior.arrow', posterior);

  const ps = c.parameters;
  const summary = documentedIpc('calibration.arrow', {
    parameter: dictionary(ps.map((p) => p.name), 20),
    ...Object.fromEntries(
      (['prior', 'posterior'] as const).flatMap((side) =>
        (['mean', 'sd', 'p10', 'p50', 'p90'] as const).map((s) => [`${side}_${s}`, column(ps.length, (i) => ps[i][side][s])]),
      ),
    ),
  });
  out.writeFile('calibration.arrow', summary);

  const all = c.points;
  // By figure, not by PointUse: a back-test selects its scored figures in a separate pass.
  const role = (u: (typeof all)[number]) => (c.fitted.some((f) => f.point === u.point) ? 'fit' : scored.some((s) => s.point === u.point) ? 'score' : 'none');
  const sim = simulatedAtPoints(result, all.map((u) => u.point));
  const runs = result.runEnd - result.runStart;
  const median = (rows: ArrayLike<number>, j: number) => {
    const v = Array.from(rows, (r) => sim[r * all.length + j]).filter((x) => !Number.isNaN(x)).sort((x, y) => x - y);
    return v.length ? quantileSorted(v, 0.5) : NaN;
  };
  const everyRun = Int32Array.from({ length: runs }, (_, r) => r);
  // A flow's period and months; a stock has neither (readObserved gives every flow a from_year).
  const months = (p: (typeof all)[number]['point']) => (p.fromYear === undefined || p.months === 'part' ? null : (p.months ?? 12));
  const points = documentedIpc('points.arrow', {
    area: dictionary(all.map((u) => u.point.area), 21),
    metric: dictionary(all.map((u) => u.point.metric), 22),
    year: ints(all.map((u) => u.point.year)),
    from_year: ints(all.map((u) => u.point.fromYear ?? null)),
    months: ints(all.map((u) => months(u.point))),
    value: column(all.length, (j) => all[j].point.value),
    definition: dictionary(all.map((u) => u.point.definition), 23),
    status: dictionary(all.map((u) => u.status), 24),
    role: dictionary(all.map(role), 25),
    reason: strings(all.map((u) => u.reason || null)),
    source: strings(all.map((u) => u.point.source)),
    line: ints(all.map((u) => u.point.line)),
    prior_p50: column(all.length, (j) => median(everyRun, j)),
    posterior_p50: column(all.length, (j) => weightedQuantiles(Array.from(fit.accepted, (r) => sim[r * all.length + j]), fit.weights, [0.5])[0]),
  });
  out.writeFile('points.arrow', points);
  const targets = calibratedTargets(c);
  if (targets.length) out.writeFile('calibrated-targets.arrow', calibratedTargetsIpc(targets, c.scenario));
  const files = ['posterior.arrow', 'calibration.arrow', 'points.arrow', ...(targets.length ? ['calibrated-targets.arrow'] : []), 'meta.json'];
  const meta = {
    toolkit: { name: 'urbsim', version: TOOLKIT_VERSION },
    scenario: c.scenario,
    hash: scenarioHash(c.scenario),
    seed: c.scenario.monteCarlo.seed,
    runs,
    observed: { file: info.observedFile, area: c.area, until: c.until ?? null, fitted: c.fitted.length, scored: scored.length },
    abc: {
      method: fit.kernel === 'observation' ? 'observation-error weights' : 'rejection',
      acceptFraction: a / runs,
      accepted: a,
      effectiveSampleSize: fit.ess,
      epsilon: fit.epsilon,
      regression: fit.adjustment !== undefined,
      // Per parameter: the scale it was adjusted on (none = linear; logit/log only where linear left the prior's support).
      ...(fit.adjustment && { adjustment: fit.adjustment.map((adj, i) => ({ parameter: result.sampledNames[i], ...adj })) }),
      ...(fit.regressionSkipped && { regressionSkipped: fit.regressionSkipped }),
    },
    sampledParameters: result.sampledNames,
    // Draws of the scenario the runs given (--runs-from) hold no column for, written by an older urbsim: no posterior.
    ...(c.notRecorded && { notRecordedParameters: c.notRecorded }),
    workers: info.workers,
    timings: { startedAt: info.startedAt.toISOString(), simulationMs: Math.round(result.elapsedMs), totalMs: Date.now() - info.startedAt.getTime() },
    files: scored.length ? ['backtest.arrow', ...files] : files,
  };
  out.writeFile('meta.json', metaJson(meta));
  return meta.files;
}

/**
 * calibrated-targets.arrow: targets.arrow's columns for every run, then the weighted runs' P, interval and effective
 * runs, then the † and § of each target by the scenario (`on_defaults`, `on_break`, as a run's targets.arrow).
 */
function calibratedTargetsIpc(targets: ReturnType<typeof calibratedTargets>, scenario: ResolvedScenario): Uint8Array {
  const prior = targets.map((t) => t.prior);
  const joint = (t: (typeof prior)[number]) => t.id === 'all';
  const f = (g: (t: (typeof targets)[number]) => number) => floats(Float64Array.from(targets, g));
  return documentedIpc('calibrated-targets.arrow', {
    target: dictionary(prior.map((t) => t.id), 28),
    metric: dictionary(prior.map((t) => (joint(t) ? null : t.metric)), 29),
    year: ints(prior.map((t) => (joint(t) ? null : t.year))),
    op: dictionary(prior.map((t) => t.op), 30),
    value: floats(Float64Array.from(prior, (t) => t.value)),
    met: ints(prior.map((t) => t.met)),
    runs: ints(prior.map((t) => t.runs)),
    probability: f((t) => t.prior.probability),
    lower: f((t) => t.prior.lower),
    upper: f((t) => t.prior.upper),
    calibrated_probability: f((t) => t.calibrated.probability),
    calibrated_lower: f((t) => t.calibrated.lower),
    calibrated_upper: f((t) => t.calibrated.upper),
    effective_runs: f((t) => t.calibrated.effectiveRuns),
    kish_runs: f((t) => t.calibrated.kishRuns),
    on_defaults: bools(targetsOnDefaults(scenario, prior)),
    on_break: bools(targetsOnBreak(scenario, prior)),
  });
}

/**
 * Write a back-test: `backtest.arrow` (one row per scored figure: observed,
 * posterior median, error, p25, p75, p10, p90, coverage, and the same for the
 * prior predictive), then the calibration's files ({@link writeCalibration}).
 *
 * @example
 * writeBacktest('out/shijiazhuang-backtest', b, { observedFile, startedAt, workers: 1 });
 */
export function writeBacktest(target: string | OutputSink, b: Backtest, info: CalibrationFiles): string[] {
  return writeOutputFolder(target, (out) => {
    out.writeFile('backtest.arrow', backtestIpc(b));
    return writeCalibrationFiles(out, b.calibration, info, b.scored);
  });
}

function backtestIpc(b: Backtest): Uint8Array {
  const s = b.score;
  const p = b.priorScore;
  // A figure no run reaches has no interval: whether it is covered is unknown, not "no".
  const covered = (flags: Uint8Array, median: Float64Array) => Array.from(flags, (f, i) => (Number.isNaN(median[i]) ? null : f === 1));
  const table = documentedIpc('backtest.arrow', {
    point: strings(s.label),
    metric: dictionary(b.scored.map((u) => u.point.metric), 26),
    year: ints(b.scored.map((u) => u.point.year)),
    status: dictionary(b.scored.map((u) => u.status), 27),
    observed: floats(s.observed),
    median: floats(s.median),
    error: floats(s.error),
    relative_error: floats(s.relativeError),
    p25: floats(s.lower50),
    p75: floats(s.upper50),
    p10: floats(s.lower80),
    p90: floats(s.upper80),
    covered50: bools(covered(s.covered50, s.median)),
    covered80: bools(covered(s.covered80, s.median)),
    pit: floats(s.pit),
    crps: floats(s.crps),
    prior_median: floats(p.median),
    prior_covered50: bools(covered(p.covered50, p.median)),
    prior_covered80: bools(covered(p.covered80, p.median)),
    line: ints(b.scored.map((u) => u.point.line)),
  });
  return table;
}
