import { join } from 'node:path';
import { AnalysisInputError } from '../analysis/analysisInputError.ts';
import { checkMetric } from '../analysis/checkMetric.ts';
import { compareVariants, compareYears, comparisonTable } from '../analysis/compareVariants.ts';
import { COMPARE_FILES, writeComparison } from '../analysis/writeComparison.ts';
import { checkOutputOf, withOutputFolder } from '../io/outputFolder.ts';
import { MANIFEST_FILE } from '../io/outputManifest.ts';
import { writeRunOutputs } from '../io/writeRunOutputs.ts';
import { pyramidOf } from '../report/writePyramid.ts';
import { type MonteCarloResult, runMonteCarlo } from '../montecarlo/runMonteCarlo.ts';
import { loadScenario } from '../scenario/api.ts';
import { compileChecked } from './compileChecked.ts';
import { UsageError } from './errors.ts';
import { positiveInt, seedOption } from './options.ts';
import { checkOutputFolder } from './outputPath.ts';
import { withProgress } from './progress.ts';
import { withMonteCarlo } from '../scenario/withMonteCarlo.ts';
import { warnScenario } from './warnScenario.ts';

export interface CompareCommandOptions {
  readonly runs?: string;
  readonly seed?: string;
  readonly workers?: string;
  readonly metric: string;
  /** `2017,2020`: years of the printed tables (default: every target year and the last year). */
  readonly year?: string;
  readonly out?: string;
}

/**
 * `urbsim compare <first> <variant…>`: run every file with one seed and run
 * count (common random numbers), write compare.arrow and one run folder per
 * variant, and return the printed table. Everything that can be wrong with
 * the input — the metric, the files, names that would share a folder,
 * different projection years, the output folder — is checked before the
 * first run. Variants whose own seeds differ are run with the shared one,
 * and `note` says so.
 *
 * @example
 * const text = await compareCommand(['scenarios/dongguan.yaml', 'scenarios/dongguan-cutoff100.yaml'], { metric: 'registered_rate', runs: '100' });
 */
export async function compareCommand(files: readonly string[], o: CompareCommandOptions, note: (line: string) => void = () => {}): Promise<string> {
  if (files.length < 2) throw new UsageError('compare needs at least two scenario files');
  const runs = positiveInt('--runs', o.runs, 10_000_000);
  const seedOpt = seedOption(o.seed);
  const workers = positiveInt('--workers', o.workers ?? '1', 256)!;
  try {
    checkMetric(o.metric);
  } catch (e) {
    if (e instanceof AnalysisInputError) throw new UsageError(`--metric: ${e.message}`);
    throw e;
  }
  const loaded = files.map((f) => loadScenario(f));
  sameNames(files, loaded.map((s) => s.name));
  sameYears(files, loaded.map((s) => s.years));
  const years = o.year === undefined ? compareYears(loaded) : yearsOption(o.year, loaded[0].years);
  const seed = seedOpt ?? loaded[0].monteCarlo.seed;
  const seeds = new Set(loaded.map((s) => s.monteCarlo.seed));
  if (seeds.size > 1)
    note(`compare: the files' seeds differ (${files.map((f, i) => `${f} ${loaded[i].monteCarlo.seed}`).join(', ')}); all run with seed ${seed} (${seedOpt === undefined ? 'the first file\'s' : '--seed'}), as common random numbers need one seed`);
  const n = runs ?? loaded[0].monteCarlo.runs;
  const scenarios = loaded.map((s) => withMonteCarlo(s, { seed, runs: n }));
  scenarios.forEach((s, i) => compileChecked(s, files[i]));
  scenarios.forEach((s, i) => warnScenario(files[i], s, (line) => note(line.trimEnd())));
  const dir = o.out ?? join('out', `compare-${scenarios[0].name}`);
  checkOutputFolder('--out', dir);
  // The folder is the reference's (its default is named after it).
  checkOutputOf(dir, files[0], { named: o.out === undefined ? scenarios[0].name : undefined });
  const c = await withOutputFolder(dir, async (out) => {
    const results: MonteCarloResult[] = [];
    for (const s of scenarios) results.push(await withProgress(s.name, (onProgress) => runMonteCarlo(s, { workers, onProgress })));
    const c = compareVariants(results);
    results.forEach((r) => writeRunOutputs(out.folder(r.scenario.name), r, { workers, startedAt: new Date(), also: pyramidOf(r) }));
    writeComparison(out, c, { metric: o.metric, years, files });
    return c;
  }, { command: 'urbsim compare', scenarioFile: files[0] });
  return `${comparisonTable(c, o.metric, years)}\n\nwrote ${dir}/ (compare.arrow, compare-targets.arrow, meta.json) and one run folder per variant\n`;
}

/** Each variant's run folder is `<out>/<name>`: two files with one name (or names one where case is ignored) would share it. */
function sameNames(files: readonly string[], names: readonly string[]): void {
  names.forEach((name, i) => {
    if ([...COMPARE_FILES, MANIFEST_FILE].includes(name))
      throw new UsageError(`compare: ${files[i]} is named "${name}", which is a file of the comparison itself; give it another \`name:\``);
    const j = names.findIndex((n) => n.toLowerCase() === name.toLowerCase());
    if (j !== i) throw new UsageError(`compare: ${files[j]} and ${files[i]} are both named "${names[j]}"${names[j] !== name ? ` (as "${name}": one folder where case is ignored)` : ''}; each variant writes its run folder under its name, so give one of them another \`name:\``);
  });
}

function sameYears(files: readonly string[], years: readonly { start: number; end: number }[]): void {
  const span = (y: { start: number; end: number }) => `${y.start}–${y.end}`;
  if (years.every((y) => span(y) === span(years[0]))) return;
  throw new UsageError(`compare needs the same projection years in every file: ${files.map((f, i) => `${f} projects ${span(years[i])}`).join(', ')}; give them the same \`years:\``);
}

/** `--year 2017,2020`: years of the projection, base year included. */
function yearsOption(raw: string, span: { start: number; end: number }): number[] {
  const years = raw.split(',').map((y) => y.trim());
  const bad = years.find((y) => !/^\d{4}$/.test(y) || Number(y) < span.start || Number(y) > span.end);
  if (bad !== undefined) throw new UsageError(`--year: expected years from ${span.start} to ${span.end} separated by commas (e.g. ${span.start + 1},${span.end}), found "${bad}" in "${raw}"`);
  return [...new Set(years.map(Number))].sort((a, b) => a - b);
}
