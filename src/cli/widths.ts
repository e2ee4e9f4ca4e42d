import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { quantileSorted } from 'simple-statistics';
import { type CvRateError, type ErrorScale, type ScenarioInterval, type WidthCheck, WIDTH_METRICS, checkWidths, errorScales } from '../analysis/intervalWidths.ts';
import { InputError } from '../inputError.ts';
import { numberColumn } from '../io/readColumns.ts';
import { readSummaryStat } from '../io/readTables.ts';

/**
 * `urbsim widths DIR…`: the 80 % intervals of the resident and registered
 * rate of every scenario in the run or batch folders DIR, year by year, set
 * against the widths the cross-validated errors (`--cross-validation`, the
 * folder `urbsim backtest --cross-validate` wrote) imply at the scenario's
 * median and horizon (src/analysis/intervalWidths.ts); prints the error
 * scales, a row per horizon, and the scenarios narrower than the lower
 * bound (the smaller of the √h and h laws).
 *
 * @example
 * widthsCommand(['out/all'], { crossValidation: 'out/cross-validation' });
 */
export function widthsCommand(dirs: readonly string[], o: { crossValidation: string; all?: boolean }): string {
  const scales = errorScales(readCvErrors(o.crossValidation));
  if (!scales.length) throw new InputError(`${join(o.crossValidation, 'cross-validation.arrow')}: no held-out resident or registered rate to scale the widths by`);
  const runs = dirs.flatMap(runFolders);
  const checks = checkWidths(runs.flatMap(intervalsOf), scales);
  return widthsMarkdown(checks, scales, runs.length, join(o.crossValidation, 'cross-validation.arrow'), o.all ?? false);
}

function readCvErrors(dir: string): CvRateError[] {
  const file = join(dir, 'cross-validation.arrow');
  if (!existsSync(file)) throw new InputError(`${file}: not found; --cross-validation names the folder \`urbsim backtest --cross-validate\` wrote (npm run cross-validate writes out/cross-validation)`);
  let t;
  try {
    t = tableFromIPC(readFileSync(file));
  } catch (e) {
    throw new InputError(`${file}: not an Arrow table (${(e as Error).message})`);
  }
  for (const c of ['metric', 'observed', 'p50', 'horizon']) if (!t.getChild(c)) throw new InputError(`${file}: no column ${c}; written by another version of urbsim?`);
  const metric = t.getChild('metric')!;
  const observed = numberColumn(t, 'observed', 'cross-validation');
  const median = numberColumn(t, 'p50', 'cross-validation');
  const horizon = numberColumn(t, 'horizon', 'cross-validation');
  return Array.from({ length: t.numRows }, (_, i) => ({ metric: String(metric.get(i)), observed: observed[i], median: median[i], horizon: horizon[i] }));
}

const isRun = (dir: string) => existsSync(join(dir, 'meta.json')) && existsSync(join(dir, 'summary.arrow'));

/** A run folder as itself; a batch folder as its scenarios' folders. */
function runFolders(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`${dir}: no such folder; expected a run folder (urbsim run) or a batch folder (urbsim batch)`);
  if (isRun(dir)) return [dir];
  const members = readdirSync(dir).sort().map((d) => join(dir, d)).filter((d) => statSync(d).isDirectory() && isRun(d));
  if (!members.length) throw new InputError(`${dir}: neither a run folder (meta.json and summary.arrow) nor a batch folder (subfolders with them)`);
  return members;
}

function intervalsOf(dir: string): ScenarioInterval[] {
  let meta: { scenario?: { name?: string; years?: { start?: number } } };
  try {
    meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
  } catch (e) {
    throw new InputError(`${join(dir, 'meta.json')}: not readable urbsim metadata (${(e as Error).message})`);
  }
  const start = meta.scenario?.years?.start;
  if (typeof start !== 'number') throw new InputError(`${join(dir, 'meta.json')}: no scenario start year; not a run folder of urbsim`);
  const [p10, p50, p90] = ['p10', 'p50', 'p90'].map((s) => readSummaryStat(dir, s));
  return WIDTH_METRICS.flatMap((metric) =>
    [...(p50.get(metric) ?? new Map<number, number>()).keys()].sort((a, b) => a - b).map((year) => ({
      scenario: dir,
      metric,
      year,
      horizon: year - start,
      p10: p10.get(metric)!.get(year)!,
      p50: p50.get(metric)!.get(year)!,
      p90: p90.get(metric)!.get(year)!,
    })),
  );
}

const pts = (x: number) => (100 * x).toFixed(2);
const median = (v: number[]) => quantileSorted(v.sort((a, b) => a - b), 0.5);

/**
 * The check as Markdown: the error scales, the rule, how many scenarios are
 * narrower than implied in some year, and a line for each such scenario and
 * rate at its narrowest (every scenario and rate with `all`).
 */
export function widthsMarkdown(checks: readonly WidthCheck[], scales: readonly ErrorScale[], scenarios: number, source: string, all = false): string {
  const lines = [
    `Interval widths of ${scenarios} scenarios against the errors of ${source}.`,
    '',
    '| rate | held-out figures | horizons (years) | logit error of a year, errors growing as √h | as h |',
    '|---|---|---|---|---|',
    ...scales.map((s) => `| ${s.metric} | ${s.figures} | ${s.horizons[0]}–${s.horizons[1]} | ${s.sqrtLaw.toFixed(4)} | ${s.linearLaw.toFixed(4)} |`),
    '',
    'Logit error of a year: 80th percentile over the figures of |observed − model median| / (p(1 − p) · √h), or / (p(1 − p) · h),',
    'p the observed rate, h its horizon. Implied width of an 80 % interval at median p, h years ahead: 2 × that error × p(1 − p)',
    '× √h (errors growing as √h) or × h (as h); the smaller is the lower bound (beyond the horizons measured, √h). Narrower: below it.',
    '',
  ];
  const groups = new Map<string, WidthCheck[]>();
  for (const c of checks) {
    const k = `${c.scenario}\u0000${c.metric}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(c);
  }
  for (const metric of WIDTH_METRICS) {
    const gs = [...groups.values()].filter((g) => g[0].metric === metric);
    if (!gs.length) continue;
    const narrow = gs.filter((g) => g.some((c) => c.verdict === 'narrower'));
    lines.push(`**${metric}: ${narrow.length} of ${gs.length} scenarios narrower than implied in some year.**`, '');
    // By horizon: how many scenarios reach it, how many are narrower there, and the median ratio of width to lower bound.
    const byH = new Map<number, WidthCheck[]>();
    for (const c of gs.flat()) byH.set(c.horizon, [...(byH.get(c.horizon) ?? []), c]);
    const hs = [...byH.keys()].sort((a, b) => a - b);
    lines.push(`| horizon (years) | ${hs.join(' | ')} |`, `|---|${hs.map(() => '---|').join('')}`);
    lines.push(`| scenarios | ${hs.map((h) => byH.get(h)!.length).join(' | ')} |`);
    lines.push(`| narrower | ${hs.map((h) => byH.get(h)!.filter((c) => c.verdict === 'narrower').length).join(' | ')} |`);
    lines.push(`| median width / lower bound | ${hs.map((h) => median(byH.get(h)!.map((c) => c.width / c.lower)).toFixed(2)).join(' | ')} |`, '');
    const shown = all ? gs : narrow;
    if (!shown.length) continue;
    lines.push('| scenario (run folder) | years narrower | narrowest year (h) | median | 80 % interval | width (points) | implied (points) | width / lower bound |', '|---|---|---|---|---|---|---|---|');
    const worst = (g: WidthCheck[]) => g.reduce((a, c) => (c.width / c.lower < a.width / a.lower ? c : a));
    for (const g of shown.sort((a, b) => worst(a).width / worst(a).lower - worst(b).width / worst(b).lower)) {
      const w = worst(g);
      const years = g.filter((c) => c.verdict === 'narrower').map((c) => c.year);
      lines.push(
        `| ${w.scenario} | ${years.length ? `${years.length} of ${g.length} (${years[0]}–${years.at(-1)})` : `0 of ${g.length}`} | ${w.year} (${w.horizon}) | ${pts(w.p50)}% | ${pts(w.p10)}–${pts(w.p90)}% | ${pts(w.width)} | ${pts(w.lower)}–${pts(w.upper)} | ${(w.width / w.lower).toFixed(2)} |`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n')}`;
}
