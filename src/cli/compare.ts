import { join, relative, resolve, sep } from 'node:path';
import { sameFile } from '../io/sameFile.ts';
import { throughYear } from '../analysis/throughYear.ts';
import { compareYears, comparisonTable } from '../analysis/compareVariants.ts';
import { compareToFolder } from '../analysis/compareToFolder.ts';
import { COMPARE_FILES } from '../analysis/writeComparison.ts';
import { KEPT_ENTRIES, WORK_DIR, checkOutputOf, withOutputFolder } from '../io/outputFolder.ts';
import { MANIFEST_FILE } from '../io/outputManifest.ts';
import { loadScenario } from '../scenario/api.ts';
import { compileChecked } from './compileChecked.ts';
import { UsageError } from './errors.ts';
import { metricOption, positiveInt, seedOption } from './options.ts';
import { checkOutputFolder } from './outputPath.ts';
import { progress } from './progress.ts';
import { withMonteCarlo } from '../scenario/withMonteCarlo.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { warnScenario } from './warnScenario.ts';
import { MAX_NAME_BYTES, nameTooLong } from '../scenario/scenarioName.ts';

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
 * the input — the metric, the files, labels that would share a folder,
 * different base years, the output folder — is checked before the first run.
 * Files that share a `name:` (a curated scenario and the generated pilot of
 * one area) are labelled by their paths ({@link variantLabels}); files that
 * project to different last years are compared over the years they share;
 * variants whose own seeds differ are run with the shared one; `note` says
 * each.
 *
 * @example
 * const text = await compareCommand(['scenarios/dongguan.yaml', 'scenarios/dongguan-cutoff100.yaml'], { metric: 'registered_rate', runs: '100' });
 */
export async function compareCommand(files: readonly string[], o: CompareCommandOptions, note: (line: string) => void = () => {}): Promise<string> {
  if (files.length < 2) throw new UsageError('compare needs at least two scenario files');
  const runs = positiveInt('--runs', o.runs, 10_000_000);
  const seedOpt = seedOption(o.seed);
  const workers = positiveInt('--workers', o.workers ?? '1', 256)!;
  metricOption('--metric', o.metric);
  const read = files.map((f) => loadScenario(f));
  const labels = variantLabels(files, read.map((s) => s.name));
  const relabelled = files.flatMap((f, i) => (labels[i] === read[i].name ? [] : [`${f} as ${labels[i]}`]));
  // Said once --year is read: a bad --year is its error alone, not notes on how the run would go and then the error.
  const notes: string[] = [];
  if (relabelled.length) notes.push(`compare: files that share a name are labelled by their path, in the tables and as their run folders: ${relabelled.join(', ')}`);
  const loaded = commonYears(files, read, (line) => notes.push(line)).map((s, i) => (labels[i] === s.name ? s : Object.freeze({ ...s, name: labels[i] })));
  const years = o.year === undefined ? compareYears(loaded) : yearsOption(o.year, loaded[0].years);
  notes.forEach((line) => note(line));
  const seed = seedOpt ?? loaded[0].monteCarlo.seed;
  const seeds = new Set(loaded.map((s) => s.monteCarlo.seed));
  if (seeds.size > 1)
    note(`compare: the files' seeds differ (${files.map((f, i) => `${f} ${loaded[i].monteCarlo.seed}`).join(', ')}); all run with seed ${seed} (${seedOpt === undefined ? 'the first file\'s' : '--seed'}), as common random numbers need one seed`);
  const n = runs ?? loaded[0].monteCarlo.runs;
  const scenarios = loaded.map((s) => withMonteCarlo(s, { seed, runs: n }));
  const compiled = scenarios.map((s, i) => compileChecked(s, files[i]));
  scenarios.forEach((s, i) => warnScenario(files[i], s, (line) => note(line.trimEnd())));
  const dir = o.out ?? join('out', `compare-${scenarios[0].name}`);
  checkOutputFolder('--out', dir);
  // The folder is the reference's (its default is named after it).
  checkOutputOf(dir, files[0], { named: o.out === undefined && labels[0] === read[0].name ? scenarios[0].name : undefined, kind: 'compare' });
  const c = await withOutputFolder(dir, (out) => compareToFolder(scenarios, out, { workers, metric: o.metric, years, files, compiled, progress, onNote: (line) => note(line.trimEnd()) }),
    { command: 'urbsim compare', scenarioFile: files[0], kind: 'compare' });
  return `${comparisonTable(c, o.metric, years)}\n\nwrote ${dir}/ (compare.arrow, compare-targets.arrow, meta.json) and one run folder per variant\n`;
}

/**
 * The variants' labels: in the tables, in compare.arrow and as their run folders (`<out>/<label>`). A file's
 * `name:`, unless another file shares it (also where case is ignored: one folder on such a file system), as a
 * curated scenario and a generated pilot of one area do (scenarios/dalian.yaml, scenarios/pilots/dalian.yaml): then
 * each of those is labelled by its path from here, folders joined by `-`, without `.yaml`
 * (`scenarios-dalian`, `scenarios-pilots-dalian`). One file given twice, or labels that would still share a folder
 * or take the name of a file of the comparison, are refused.
 *
 * @example
 * variantLabels(['scenarios/dalian.yaml', 'scenarios/pilots/dalian.yaml'], ['dalian', 'dalian']); // ['scenarios-dalian', 'scenarios-pilots-dalian']
 */
export function variantLabels(files: readonly string[], names: readonly string[]): string[] {
  const key = (n: string) => n.toLowerCase();
  const shared = (i: number) => names.some((n, j) => j !== i && key(n) === key(names[i]));
  const labels = names.map((name, i) => (shared(i) ? pathLabel(files[i]) : name));
  labels.forEach((label, i) => {
    const what = label === names[i] ? `is named "${label}"` : `is labelled "${label}" (its path; its name "${names[i]}" is shared)`;
    if ([...COMPARE_FILES, MANIFEST_FILE].includes(label)) throw new UsageError(`compare: ${files[i]} ${what}, which is a file of the comparison itself; give it another \`name:\``);
    // cluster/ stays when the folder is replaced (a variant folder of that name outlived its comparison); .urbsim/ is urbsim's work area.
    if ([WORK_DIR, ...KEPT_ENTRIES].includes(label))
      throw new UsageError(
        `compare: ${files[i]} ${what}, ${label === WORK_DIR ? 'the name of urbsim\'s work area' : 'the name of the folder where an output folder keeps a --slurm job (it stays when the output is replaced, so a run folder of that name would outlive its comparison)'}; give it another \`name:\``,
      );
    const long = nameTooLong(label);
    if (long !== undefined)
      throw new UsageError(`compare: ${files[i]} ${what}: ${long} bytes, longer than a run folder's name may be (${MAX_NAME_BYTES}); give it another \`name:\`, or run compare from nearer the file`);
    const j = labels.findIndex((l) => key(l) === key(label));
    if (j === i) return;
    if (sameFile(files[i], files[j])) throw new UsageError(`compare: ${files[j]} is given twice${files[i] !== files[j] ? ` (again as ${files[i]})` : ''}; give each variant once`);
    throw new UsageError(
      `compare: ${files[j]} and ${files[i]} would both write the run folder "${labels[j]}"${labels[j] !== label ? ` (as "${label}": one folder where case is ignored)` : ''}: ` +
        `each variant writes its run folder under its name, or under its path when names are shared, so give one of them another \`name:\``,
    );
  });
  return labels;
}

/** A file's path from here as a folder name: its folders and name joined by `-`, no `.yaml`, no `..`. */
function pathLabel(file: string): string {
  const parts = relative(process.cwd(), resolve(file)).split(sep).filter((p) => p !== '' && p !== '.' && p !== '..');
  parts[parts.length - 1] = parts[parts.length - 1].replace(/\.ya?ml$/i, '');
  return parts.join('-').replace(/[^\p{L}\p{N}._-]+/gu, '_');
}

/**
 * Every file projected over the years they share: the same base year (runs are paired from it), up to the earliest
 * last year. A file that projects further is cut there ({@link throughYear}: exact, every run's numbers up to that
 * year are its own), and `note` says so and names the targets dropped with the years; different base years are refused.
 */
function commonYears(files: readonly string[], scenarios: readonly ResolvedScenario[], note: (line: string) => void): ResolvedScenario[] {
  const span = (y: { start: number; end: number }) => `${y.start}–${y.end}`;
  const listed = () => files.map((f, i) => `${f} projects ${span(scenarios[i].years)}`).join(', ');
  if (scenarios.some((s) => s.years.start !== scenarios[0].years.start))
    throw new UsageError(`compare needs the same base year in every file (its runs are paired from it): ${listed()}; give them the same \`years: { start }\``);
  const end = Math.min(...scenarios.map((s) => s.years.end));
  if (scenarios.every((s) => s.years.end === end)) return [...scenarios];
  const dropped = scenarios.flatMap((s, i) => s.targets.filter((t) => t.year > end).map((t) => `${t.id} (${files[i]})`));
  note(`compare: ${listed()}: compared over the years they share, ${span({ start: scenarios[0].years.start, end })}${dropped.length ? `; targets after ${end} left out: ${dropped.join(', ')}` : ''}`);
  return scenarios.map((s) => throughYear(s, end));
}

/** `--year 2017,2020`: years of the projection, base year included. */
function yearsOption(raw: string, span: { start: number; end: number }): number[] {
  const years = raw.split(',').map((y) => y.trim());
  const bad = years.find((y) => !/^\d{4}$/.test(y) || Number(y) < span.start || Number(y) > span.end);
  // 2017，2020 as a Chinese input method types it: one word, full-width digits and comma.
  const half = raw.normalize('NFKC');
  const wide = half !== raw && /[\uff01-\uff5e]/.test(raw) ? ` (full-width characters, as a Chinese input method types them: write ${half.replaceAll(' ', '')})` : '';
  if (bad !== undefined) throw new UsageError(`--year: expected years from ${span.start} to ${span.end} separated by commas (e.g. ${span.start + 1},${span.end}), found "${bad}"${years.length > 1 ? ` in "${raw}"` : ''}${wide}`);
  return [...new Set(years.map(Number))].sort((a, b) => a - b);
}
