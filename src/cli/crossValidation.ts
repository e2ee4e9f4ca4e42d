import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { crossValidate } from '../analysis/crossValidate.ts';
import { crossValidationMarkdown } from '../analysis/crossValidationTable.ts';
import { fitDefaults } from '../analysis/fitDefaults.ts';
import { writeFileAtomic } from '../io/atomicWrite.ts';
import { withOutputFolder } from '../io/outputFolder.ts';
import { writeCrossValidation } from '../io/writeCrossValidation.ts';
import { PACE_KEYS, PACE_SCALE, registeredAreas, residentRateAreas } from '../batch/pilotDefaults.ts';
import { readObservedChecked } from './calibrate.ts';
import { checkOutputFile, checkOutputFolder, checkOwnJsonFile } from './outputPath.ts';
import { positiveInt, seedOption } from './options.ts';
import { UsageError } from './errors.ts';
import { runsText } from '../report/batchMarks.ts';
import { makeDirs } from '../io/makeDirs.ts';

/** Options of `urbsim backtest --cross-validate FILE` and `urbsim fit-defaults FILE`. */
export interface CrossValidateCliOptions {
  readonly runs?: string;
  readonly fitRuns?: string;
  readonly seed?: string;
  readonly workers: string;
  readonly out?: string;
  readonly ruralToTownForm?: string;
}

/** `--rural-to-town-form`: the form of the urbanization pace the pilots are run with (default share). */
function ruralToTownForm(raw: string | undefined): 'share' | 'logit' | undefined {
  if (raw === undefined || raw === 'share') return undefined;
  if (raw === 'logit') return 'logit';
  throw new UsageError(`--rural-to-town-form: expected share or logit, found "${raw}"`);
}

/** The runs and seed the README's figures were made with. */
export const CV_DEFAULTS = { runs: 1000, fitRuns: 2000, seed: 2014 } as const;

/**
 * `urbsim backtest --cross-validate FILE`: leave-one-area-out cross-validation
 * of the generated pilots against every figure of FILE after an area's base
 * year (src/analysis/crossValidate.ts); writes cross-validation.arrow,
 * cross-validation.md, meta.json and the folds' scenarios, and returns the
 * tables.
 *
 * @example
 * const text = await crossValidateCommand('data/observed/observed.csv', { workers: '2' }, console.error);
 */
export async function crossValidateCommand(observedFile: string, o: CrossValidateCliOptions, onStep: (s: string) => void): Promise<string> {
  const runs = positiveInt('--runs', o.runs, 10_000_000) ?? CV_DEFAULTS.runs;
  const fitRuns = positiveInt('--fit-runs', o.fitRuns, 10_000_000) ?? CV_DEFAULTS.fitRuns;
  const seed = seedOption(o.seed) ?? CV_DEFAULTS.seed;
  const workers = positiveInt('--workers', o.workers, 256)!;
  const form = ruralToTownForm(o.ruralToTownForm);
  const points = readObservedChecked(observedFile);
  const dir = o.out ?? join('out', 'cross-validation');
  checkOutputFolder('--out', dir);
  const startedAt = new Date();
  // The folds' scenarios are written while they run, and enter the output folder with the tables when all is done.
  const work = mkdtempSync(join(tmpdir(), 'urbsim-cv-'));
  try {
    return await withOutputFolder(dir, async (out) => {
      const scenarios = join(work, 'scenarios');
      const cv = await crossValidate(points, { runs, fitRuns, seed, dir: scenarios, fitDir: join(work, 'fit'), workers, onStep, ruralToTownForm: form });
      // Warnings go to stderr as they are, and into cross-validation.md and meta.json.
      for (const w of cv.warnings) onStep(`warning: ${w}`);
      const files = writeCrossValidation(out, cv, { observedFile, startedAt, scenarios });
      return `${crossValidationMarkdown(cv, observedFile)}\nwrote ${dir}/ (${files.join(', ')}) in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)} s\n`;
    }, { command: 'urbsim backtest --cross-validate' });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Which value of its likelihood the conversion's yearly variation is, as `urbsim fit-defaults` prints it. */
function conversionRuleText(r: { readonly rule?: 'maximum' | 'lower end'; readonly interval?: { readonly lower: number; readonly upper?: number }; readonly argmax: number }): string {
  return r.rule === 'maximum' && r.interval?.upper !== undefined
    ? `its likelihood's maximum; 80 % likelihood interval ${r.interval.lower.toFixed(2)}–${r.interval.upper.toFixed(2)}`
    : `the lower end of its 80 % likelihood interval; largest likelihood at ${r.argmax}`;
}

/**
 * `urbsim fit-defaults FILE --out JSON`: fit the defaults the generated pilots
 * draw from to the observed figures of FILE (src/analysis/fitDefaults.ts) and
 * write them as JSON; returns a summary.
 *
 * @example
 * await fitDefaultsCommand('data/observed/observed.csv', { out: 'data/observed/fitted-defaults.json', workers: '2' }, console.error);
 */
export async function fitDefaultsCommand(observedFile: string, o: CrossValidateCliOptions, onStep: (s: string) => void): Promise<string> {
  const fitRuns = positiveInt('--runs', o.runs, 10_000_000) ?? CV_DEFAULTS.fitRuns;
  const seed = seedOption(o.seed) ?? CV_DEFAULTS.seed;
  const workers = positiveInt('--workers', o.workers, 256)!;
  const out = o.out!;
  const form = ruralToTownForm(o.ruralToTownForm);
  checkOutputFile('--out', out);
  // Written anew over the defaults it fitted before (data/observed/fitted-defaults.json), never over another file.
  checkOwnJsonFile('--out', out, isFittedDefaults, 'the fitted defaults urbsim fit-defaults writes');
  const points = readObservedChecked(observedFile);
  const fitDir = mkdtempSync(join(tmpdir(), 'urbsim-fit-'));
  try {
    const command = `urbsim fit-defaults ${observedFile}${o.runs ? ` --runs ${fitRuns}` : ''}${o.seed ? ` --seed ${seed}` : ''}${form ? ` --rural-to-town-form ${form}` : ''}`;
    const fitted = await fitDefaults(points, { observedFile, command, runs: fitRuns, seed, dir: fitDir, workers, onArea: (a) => onStep(`fit ${a}`), ruralToTownForm: form });
    makeDirs(dirname(out));
    writeFileAtomic(out, `${JSON.stringify(fitted, null, 2)}\n`);
    const lines = [`fitted on ${observedFile}: ${fitted.areas.length} areas with figures after their base year (${runsText(fitRuns)} a pass, seed ${seed})`, ''];
    lines.push(`year-to-year variation of the urbanization pace: σ ${fitted.process.sigma.toFixed(3)} (φ ${fitted.process.phi} assumed), from ${residentRateAreas(fitted.process.pairs)}`);
    const r = fitted.registeredProcess;
    lines.push(
      r
        ? `year-to-year variation of the hukou conversion: σ ${r.sigma.toFixed(3)} (stationary sd ${r.stationarySd.toFixed(2)}, ${conversionRuleText(r)})${r.posterior ? `, each run drawing σ from ${r.posterior.sigmas.length} values ${r.posterior.sigmas[0].toFixed(2)}–${r.posterior.sigmas.at(-1)!.toFixed(2)}, its posterior (prior on the stationary sd ${r.posterior.prior})` : ''}, from ${registeredAreas(r.series)}, pooled (${r.series.map((x) => `${x.area} ${x.years.join('/')}${x.countBreak ? ' with a change of count' : ''}`).join(', ')})`
        : 'year-to-year variation of the hukou conversion: as the urbanization pace (no registered rates bound it from below)',
    );
    for (const key of PACE_KEYS) {
      const p = fitted.paces[key];
      const show = (z: number) => (PACE_SCALE[key] === 'logit' ? `${(100 / (1 + Math.exp(-z))).toPrecision(3)}%` : `${(100 * z).toPrecision(3)}%`);
      const range = `${show(p.center - 1.2816 * p.sd)} – ${show(p.center + 1.2816 * p.sd)}`;
      lines.push(`${key.padEnd(20)} ${p.fitted ? 'fitted' : 'not fitted (reference prior)'}: median ${show(p.center)}, 80 % ${range}; ${p.areas.length} areas (${p.areas.map((a) => a.area).join(', ')})`);
    }
    for (const h of fitted.history ?? []) {
      const pct = (z: number) => `${(100 / (1 + Math.exp(-z))).toPrecision(3)}%`;
      lines.push(`${h.area}: urbanization pace conditioned on its resident rate before ${h.baseYear} (${h.figures.join(' → ')}: ${(100 * h.gain).toFixed(2)} points a year, its pilot's drift ${(100 * h.driftAtCenter).toFixed(2)}): median ${pct(h.before.center)} (sd ${h.before.sd.toFixed(3)}) → ${pct(h.after.center)} (sd ${h.after.sd.toFixed(3)})`);
    }
    for (const t of fitted.migrantTakeUp ?? []) {
      const pct = (z: number) => `${(100 / (1 + Math.exp(-z))).toPrecision(3)}%`;
      lines.push(`${t.area}: migrants' take-up (${t.key}) from its own counts of migrants settled (${t.figures.join('; ')}) under the wide reference prior: median ${pct(t.median)}, 80 % ${pct(t.lower80)} – ${pct(t.upper80)}; its pilot draws logit-normal ${pct(t.pilot.center)}, σ ${t.pilot.sd.toFixed(3)}`);
    }
    // Warnings go to stderr as they are and into the summary (and the file's `warnings`).
    for (const w of fitted.warnings ?? []) onStep(`warning: ${w}`);
    if (fitted.warnings?.length) lines.push('', ...fitted.warnings.map((w) => `warning: ${w}`));
    lines.push('', `wrote ${out}`);
    return `${lines.join('\n')}\n`;
  } finally {
    rmSync(fitDir, { recursive: true, force: true });
  }
}

/** Fitted defaults `urbsim fit-defaults` wrote: the command that wrote them is their first key. */
function isFittedDefaults(json: unknown): boolean {
  const command = (json as { command?: unknown } | null | undefined)?.command;
  return typeof command === 'string' && command.startsWith('urbsim fit-defaults');
}
