import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CrossValidation } from '../analysis/crossValidate.ts';
import { observationError } from '../analysis/observationError.ts';
import { crossValidationMarkdown } from '../analysis/crossValidationTable.ts';
import { bools, dictionary, documentedIpc, floats, ints } from './arrowColumns.ts';
import { type OutputSink, writeOutputFolder } from './outputFolder.ts';
import { TOOLKIT_VERSION } from './toolkitVersion.ts';
import { metaJson } from './writeRunOutputs.ts';

/**
 * Write a cross-validation into an output folder (open, or a path committed
 * here as a whole): `cross-validation.arrow` (one row per held-out figure: area, metric, year,
 * family, horizon, observed, the model's p10 … p90, PIT, CRPS and 80 %
 * interval score, the same for the naive trend where it exists), the tables
 * as `cross-validation.md`, and `meta.json` (runs, seed, each fold's defaults and, where the area has
 * a resident rate before its base year, its pace's `history`; each area's own fit), and the folds' scenarios, read from `info.scenarios`,
 * as `scenarios/<area>.yaml`. Returns the file names.
 *
 * @example
 * writeCrossValidation('out/cross-validation', cv, { observedFile: 'data/observed/observed.csv', startedAt, scenarios: foldsDir });
 */
export function writeCrossValidation(target: string | OutputSink, cv: CrossValidation, info: { observedFile: string; startedAt: Date; scenarios: string }): string[] {
  return writeOutputFolder(target, (out) => writeFiles(out, cv, info), { command: 'urbsim backtest --cross-validate' });
}

function writeFiles(out: OutputSink, cv: CrossValidation, info: { observedFile: string; startedAt: Date; scenarios: string }): string[] {
  const f = cv.figures;
  const naive = (get: (n: NonNullable<(typeof f)[number]['naive']>) => number) => floats(f.map((x) => (x.naive ? get(x.naive) : NaN)));
  const table = documentedIpc('cross-validation.arrow', {
    area: dictionary(f.map((x) => x.area), 40),
    metric: dictionary(f.map((x) => x.point.metric), 41),
    year: ints(f.map((x) => x.point.year)),
    from_year: ints(f.map((x) => x.point.fromYear ?? null)),
    family: dictionary(f.map((x) => x.family), 42),
    status: dictionary(f.map((x) => x.status), 43),
    base_year: ints(f.map((x) => x.baseYear)),
    horizon: ints(f.map((x) => x.horizon)),
    count_may_change: bools(f.map((x) => x.countMayChange)),
    observed: floats(f.map((x) => x.point.value)),
    observation_sd: floats(f.map((x) => observationError(x.point).sd)),
    p10: floats(f.map((x) => x.model.lower80)),
    p25: floats(f.map((x) => x.model.lower50)),
    p50: floats(f.map((x) => x.model.median)),
    p75: floats(f.map((x) => x.model.upper50)),
    p90: floats(f.map((x) => x.model.upper80)),
    pit: floats(f.map((x) => x.model.pit)),
    crps: floats(f.map((x) => x.model.crps)),
    interval_score80: floats(f.map((x) => x.model.intervalScore80)),
    naive_basis: dictionary(f.map((x) => x.naive?.basis ?? null), 44),
    naive_p10: naive((n) => n.lower80),
    naive_p50: naive((n) => n.median),
    naive_p90: naive((n) => n.upper80),
    naive_pit: naive((n) => n.pit),
    naive_crps: naive((n) => n.crps),
    naive_interval_score80: naive((n) => n.intervalScore80),
    line: ints(f.map((x) => x.point.line)),
  });
  out.writeFile('cross-validation.arrow', table);
  out.writeFile('cross-validation.md', crossValidationMarkdown(cv, info.observedFile));
  for (const name of readdirSync(info.scenarios).filter((n) => n.endsWith('.yaml')).sort()) out.writeFile(`scenarios/${name}`, readFileSync(join(info.scenarios, name)));
  const files = ['cross-validation.arrow', 'cross-validation.md', 'meta.json'];
  const meta = {
    toolkit: { name: 'urbsim', version: TOOLKIT_VERSION },
    command: 'backtest --cross-validate',
    observed: info.observedFile,
    runs: cv.runs,
    fitRuns: cv.fitRuns,
    seed: cv.seed,
    figures: f.length,
    folds: cv.folds,
    warnings: cv.warnings,
    // The areas' likelihoods on their grids and the runs behind them stay in memory: their posteriors under the reference prior say what they hold.
    fits: cv.fits.map(({ likelihoods: _, sample: __, ...fit }) => fit),
    timings: { startedAt: info.startedAt.toISOString(), totalMs: Date.now() - info.startedAt.getTime() },
    files: [...files, 'scenarios/'],
  };
  out.writeFile('meta.json', metaJson(meta));
  return meta.files;
}
