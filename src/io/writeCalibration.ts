import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Dictionary, Int32, Table, Utf8, makeVector, tableToIPC, vectorFromArray } from 'apache-arrow';
import { quantileSorted } from 'simple-statistics';
import type { Backtest } from '../analysis/backtest.ts';
import type { Calibration } from '../analysis/calibrate.ts';
import { simulatedAtPoints } from '../analysis/simulatedAtPoints.ts';
import { scenarioHash } from '../scenario/hash.ts';
import { writeFileAtomic } from './atomicWrite.ts';
import { TOOLKIT_VERSION } from './toolkitVersion.ts';
import { infinityReplacer } from './writeRunOutputs.ts';

/** Fixed dictionary ids, so that the same calibration gives the same bytes. */
const dict = (id: number) => new Dictionary(new Utf8(), new Int32(), id);
const floats = (n: number, f: (i: number) => number) => makeVector(Float64Array.from({ length: n }, (_, i) => f(i)));

export interface CalibrationFiles {
  readonly observedFile: string;
  readonly startedAt: Date;
  readonly workers: number;
}

/**
 * Write a calibration into `dir`, each file atomically, meta.json last:
 * `posterior.arrow` (one row per accepted run: run, distance, weight, each
 * sampled parameter — regression-adjusted when asked), `calibration.arrow`
 * (per parameter: prior and posterior mean, sd, p10, p50, p90),
 * `points.arrow` (every observed figure of the area: status, reason, role
 * `fit`/`score`/`none`, and the prior and posterior medians of the runs at
 * it) and `meta.json`. Returns the file names.
 *
 * @example
 * writeCalibration('out/shijiazhuang-calibration', c, { observedFile: 'data/observed/observed.csv', startedAt, workers: 1 });
 */
export function writeCalibration(dir: string, c: Calibration, info: CalibrationFiles, scored: Backtest['scored'] = []): string[] {
  mkdirSync(dir, { recursive: true });
  const { fit, result } = c;
  const k = result.sampledNames.length;
  const a = fit.accepted.length;
  const posterior = new Table({
    run: makeVector(Int32Array.from(fit.accepted, (r) => result.runStart + r)),
    distance: makeVector(fit.distances),
    weight: makeVector(fit.weights),
    ...Object.fromEntries(result.sampledNames.map((name, i) => [name, floats(a, (j) => fit.values[j * k + i])])),
  });
  writeFileAtomic(join(dir, 'posterior.arrow'), tableToIPC(posterior, 'file'));

  const ps = c.parameters;
  const summary = new Table({
    parameter: vectorFromArray(ps.map((p) => p.name), dict(20)),
    ...Object.fromEntries(
      (['prior', 'posterior'] as const).flatMap((side) =>
        (['mean', 'sd', 'p10', 'p50', 'p90'] as const).map((s) => [`${side}_${s}`, floats(ps.length, (i) => ps[i][side][s])]),
      ),
    ),
  });
  writeFileAtomic(join(dir, 'calibration.arrow'), tableToIPC(summary, 'file'));

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
  const points = new Table({
    area: vectorFromArray(all.map((u) => u.point.area), dict(21)),
    metric: vectorFromArray(all.map((u) => u.point.metric), dict(22)),
    year: makeVector(Int32Array.from(all, (u) => u.point.year)),
    from_year: makeVector(Int32Array.from(all, (u) => u.point.fromYear ?? u.point.year)),
    months: makeVector(Int32Array.from(all, (u) => (u.point.months === undefined ? 12 : u.point.months === 'part' ? 0 : u.point.months))),
    value: floats(all.length, (j) => all[j].point.value),
    definition: vectorFromArray(all.map((u) => u.point.definition), dict(23)),
    status: vectorFromArray(all.map((u) => u.status), dict(24)),
    role: vectorFromArray(all.map(role), dict(25)),
    reason: vectorFromArray(all.map((u) => u.reason), new Utf8()),
    source: vectorFromArray(all.map((u) => u.point.source), new Utf8()),
    line: makeVector(Int32Array.from(all, (u) => u.point.line)),
    prior_p50: floats(all.length, (j) => median(everyRun, j)),
    posterior_p50: floats(all.length, (j) => median(fit.accepted, j)),
  });
  writeFileAtomic(join(dir, 'points.arrow'), tableToIPC(points, 'file'));
  const files = ['posterior.arrow', 'calibration.arrow', 'points.arrow', 'meta.json'];
  const meta = {
    toolkit: { name: 'urbsim', version: TOOLKIT_VERSION },
    scenario: c.scenario,
    hash: scenarioHash(c.scenario),
    seed: c.scenario.monteCarlo.seed,
    runs,
    observed: { file: info.observedFile, area: c.area, until: c.until ?? null, fitted: c.fitted.length, scored: scored.length },
    abc: {
      method: 'rejection',
      acceptFraction: a / runs,
      accepted: a,
      epsilon: fit.epsilon,
      regression: fit.adjustment !== undefined,
      // Per parameter: the scale it was adjusted on (none = linear; logit/log only where linear left the prior's support).
      ...(fit.adjustment && { adjustment: fit.adjustment.map((adj, i) => ({ parameter: result.sampledNames[i], ...adj })) }),
      ...(fit.regressionSkipped && { regressionSkipped: fit.regressionSkipped }),
    },
    sampledParameters: result.sampledNames,
    workers: info.workers,
    timings: { startedAt: info.startedAt.toISOString(), simulationMs: Math.round(result.elapsedMs), totalMs: Date.now() - info.startedAt.getTime() },
    files: scored.length ? ['backtest.arrow', ...files] : files,
  };
  writeFileAtomic(join(dir, 'meta.json'), `${JSON.stringify(meta, infinityReplacer, 2)}\n`);
  return meta.files;
}

/**
 * Write a back-test: `backtest.arrow` (one row per scored figure: observed,
 * posterior median, error, p25, p75, p10, p90, coverage, and the same for the
 * prior predictive), then the calibration's files ({@link writeCalibration}).
 *
 * @example
 * writeBacktest('out/shijiazhuang-backtest', b, { observedFile, startedAt, workers: 1 });
 */
export function writeBacktest(dir: string, b: Backtest, info: CalibrationFiles): string[] {
  mkdirSync(dir, { recursive: true });
  const s = b.score;
  const p = b.priorScore;
  const table = new Table({
    point: vectorFromArray([...s.label], new Utf8()),
    metric: vectorFromArray(b.scored.map((u) => u.point.metric), dict(26)),
    year: makeVector(Int32Array.from(b.scored, (u) => u.point.year)),
    status: vectorFromArray(b.scored.map((u) => u.status), dict(27)),
    observed: makeVector(s.observed),
    median: makeVector(s.median),
    error: makeVector(s.error),
    relative_error: makeVector(s.relativeError),
    p25: makeVector(s.lower50),
    p75: makeVector(s.upper50),
    p10: makeVector(s.lower80),
    p90: makeVector(s.upper80),
    covered50: makeVector(Int32Array.from(s.covered50)),
    covered80: makeVector(Int32Array.from(s.covered80)),
    prior_median: makeVector(p.median),
    prior_covered50: makeVector(Int32Array.from(p.covered50)),
    prior_covered80: makeVector(Int32Array.from(p.covered80)),
    line: makeVector(Int32Array.from(b.scored, (u) => u.point.line)),
  });
  writeFileAtomic(join(dir, 'backtest.arrow'), tableToIPC(table, 'file'));
  return writeCalibration(dir, b.calibration, info, b.scored);
}
