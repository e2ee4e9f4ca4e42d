import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DataType } from 'apache-arrow';
import { quantileSorted } from 'simple-statistics';
import { type CvRateError, type HeldTo, type ScenarioInterval, type WidthCheck, WIDTH_METRICS, checkWidths, errorBound, heldFigures, scaleOf, unscaledFigures, usableFigure } from '../analysis/intervalWidths.ts';
import { InputError } from '../inputError.ts';
import { numberColumn } from '../io/readColumns.ts';
import { readSummaryStats } from '../io/readTables.ts';
import { loadScenario } from '../scenario/loadScenario.ts';
import { fileKind, isFolder, readRegularFile } from '../io/regularFile.ts';
import { readWeighed } from '../batch/weighedFile.ts';
import { batchMembers } from '../batch/batchMembers.ts';
import { readArrowFile } from '../io/readArrowFile.ts';
import { weighedForecast } from '../report/weighedForecast.ts';
import { SMALL_ESS, runsText } from '../report/batchMarks.ts';

/**
 * `urbsim widths DIR…`: the 80 % intervals of the resident and registered
 * rate of every scenario in the run or batch folders DIR, year by year, set
 * against the widths the cross-validated errors (`--cross-validation`, the
 * folder `urbsim backtest --cross-validate` wrote) imply at the scenario's
 * median and horizon, each rate held to the figures that measure what it
 * counts (src/analysis/intervalWidths.ts); prints the figures and the bounds
 * they give, a row per horizon, and the scenarios narrower than the lower
 * bound. A scenario a batch answered weighed by its area's own later figures
 * (weighed.json) is held by its weighed intervals after the last of them
 * ({@link intervalsOf}); then the plain runs of every scenario follow.
 *
 * @example
 * widthsCommand(['out/all'], { crossValidation: 'out/cross-validation' });
 */
export function widthsCommand(dirs: readonly string[], o: { crossValidation: string; all?: boolean }): string {
  // The folders first: a mistyped one is the user's first problem, whatever --cross-validation holds.
  // A folder named twice (itself and within its batch folder, or spelled two ways) is one scenario, under its first name.
  const seen = new Set<string>();
  const folders = dirs.flatMap(runFolders).filter((d) => !seen.has(resolve(d)) && seen.add(resolve(d)));
  const errors = readCvErrors(o.crossValidation);
  const rates = errors.filter((e) => (WIDTH_METRICS as readonly string[]).includes(e.metric));
  if (!rates.some(usableFigure)) throw new InputError(`${join(o.crossValidation, 'cross-validation.arrow')}: no held-out resident or registered rate to scale the widths by`);
  const runs = folders.map(intervalsOf);
  const answers = checkWidths(runs.flatMap((r) => r.weighed ?? r.plain), errors);
  const weighed = runs.filter((r) => r.weighed).length;
  const plain = weighed ? { checks: checkWidths(runs.flatMap((r) => r.plain), errors), weighed } : undefined;
  return widthsMarkdown(answers, errors, runs.length, join(o.crossValidation, 'cross-validation.arrow'), o.all ?? false, plain);
}

/** The rates whose held-out errors the bounds are made of. */
const RATES = new Set(['resident_rate', 'registered_rate']);

function readCvErrors(dir: string): CvRateError[] {
  // The file itself given: said so, not looked for inside it.
  if (basename(dir) === 'cross-validation.arrow') throw new InputError(`--cross-validation ${dir}: names the folder that holds cross-validation.arrow, not the file: --cross-validation ${dirname(dir)}`);
  const file = join(dir, 'cross-validation.arrow');
  // A link that leads nowhere (or to itself) exists as a link: not 'not found'.
  if (!existsSync(file) && lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()) throw new InputError(`${file}: a symbolic link that leads to no file; expected cross-validation.arrow (npm run cross-validate writes it anew)`);
  if (!existsSync(file)) throw new InputError(`${file}: not found; --cross-validation names the folder \`urbsim backtest --cross-validate\` wrote (npm run cross-validate writes out/cross-validation)`);
  // readArrowFile refuses an empty file too, which tableFromIPC reads as a table of no columns ('no column area').
  const t = readArrowFile(file);
  for (const c of ['area', 'metric', 'year', 'observed', 'p50', 'horizon', 'count_may_change', 'observation_sd']) if (!t.getChild(c)) throw new InputError(`${file}: no column ${c}; written by another version of urbsim? (npm run cross-validate writes it anew)`);
  // Checked here, before numberColumn reads them, to say how such a file is made anew.
  for (const c of ['year', 'observed', 'p50', 'horizon', 'observation_sd']) {
    const type = t.getChild(c)!.type;
    if (!DataType.isFloat(type) && !DataType.isInt(type)) throw new InputError(`${file}: column ${c} holds ${type}, not numbers; written by another program? (npm run cross-validate writes it anew)`);
  }
  const area = t.getChild('area')!;
  const metric = t.getChild('metric')!;
  // Stryker disable next-line StringLiteral: equivalent — the columns' presence and types are checked above, so numberColumn never names the table
  const num = (c: string) => numberColumn(t, c, 'cross-validation');
  const year = num('year');
  const countMayChange = t.getChild('count_may_change')!;
  const observed = num('observed');
  const median = num('p50');
  const horizon = num('horizon');
  const observationSd = num('observation_sd');
  // An sd that is missing, negative or not a number would silently change every bound (NaN passes no check below).
  const bad = observationSd.findIndex((v) => !(v >= 0 && v < Infinity));
  if (bad >= 0) throw new InputError(`${file}: row ${bad + 1}: observation_sd ${observationSd[bad]}; expected a finite sd ≥ 0 (npm run cross-validate writes it anew)`);
  // A rate's row outside its range would be scaled into any error, or dropped from the bound without a word.
  for (let i = 0; i < t.numRows; i++) {
    if (!RATES.has(String(metric.get(i)))) continue;
    const wrong = ([['observed', observed[i]], ['p50', median[i]]] as const).find(([, v]) => !(v >= 0 && v <= 1)) ?? (Number.isInteger(horizon[i]) && horizon[i] >= 1 ? undefined : (['horizon', horizon[i]] as const));
    if (wrong) throw new InputError(`${file}: row ${i + 1} (${metric.get(i)} of ${area.get(i)}): ${wrong[0]} ${wrong[1]}; expected ${wrong[0] === 'horizon' ? 'a whole number of years ≥ 1' : 'a rate between 0 and 1'} (npm run cross-validate writes it anew)`);
  }
  const counted = foldCounts(dir);
  return Array.from({ length: t.numRows }, (_, i) => {
    const e = { area: String(area.get(i)), metric: String(metric.get(i)), year: year[i], observed: observed[i], median: median[i], horizon: horizon[i], countMayChange: countMayChange.get(i) === true, observationSd: observationSd[i] };
    return e.metric === 'registered_rate' ? { ...e, ...counted(e.area, i + 1) } : e;
  });
}

/**
 * What each area's held-out registered rates count and over whom, as its fold's scenario (`scenarios/<area>.yaml`
 * of the cross-validation folder, the scenario the fold ran) says: `registered_rate_definition` and
 * `registered_rate_denominator`, resolved as a run resolves them (a city's facts fill what the file leaves out).
 * Without the file the rate's error cannot be carried between levels: refused.
 */
function foldCounts(dir: string): (area: string, row: number) => Pick<CvRateError, 'definition' | 'denominator'> {
  const known = new Map<string, Pick<CvRateError, 'definition' | 'denominator'>>();
  return (area, row) => {
    let c = known.get(area);
    // Stryker disable next-line ConditionalExpression: equivalent — a cache: loading the fold's scenario again gives the same
    if (!c) {
      const file = join(dir, 'scenarios', `${area}.yaml`);
      if (!existsSync(file))
        throw new InputError(`${file}: not found; row ${row} of ${join(dir, 'cross-validation.arrow')} is a registered rate of ${area}, and its fold's scenario says what that rate counts and over whom (registered_rate_definition, registered_rate_denominator), without which its error cannot be carried to another level (npm run cross-validate writes the folder anew)`);
      const s = loadScenario(file);
      c = { definition: s.registeredRateDefinition, denominator: s.registeredRateDenominator };
      known.set(area, c);
    }
    return c;
  };
}

const scenariosText = (n: number) => `${n} scenario${n === 1 ? '' : 's'}`;

const isRun = (dir: string) => existsSync(join(dir, 'meta.json')) && existsSync(join(dir, 'summary.arrow'));

/** A run folder as itself; a batch folder as its scenarios' folders. */
function runFolders(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new InputError(`${dir}: ${existsSync(dir) ? `is ${fileKind(statSync(dir))}` : 'no such folder'}; expected a run folder (urbsim run) or a batch folder (urbsim batch)`);
  if (isRun(dir)) return [dir];
  // A batch's own scenarios (its targets.arrow names them), not a folder an earlier batch into the same --out left.
  const table = join(dir, 'targets.arrow');
  const names = existsSync(table) ? batchMembers(dir, readArrowFile(table)) : readdirSync(dir).sort();
  const members = names.map((d) => join(dir, d)).filter((d) => isFolder(d) && isRun(d));
  if (!members.length) throw new InputError(`${dir}: neither a run folder (meta.json and summary.arrow) nor a batch folder (subfolders with them)`);
  return members;
}

/**
 * A run folder's intervals: `plain`, its runs' own, every year from its base year; `weighed`, where a batch kept its
 * answer weighed by its area's own figures after its base year (weighed.json, src/batch/weighedFile.ts), the weighed
 * runs' intervals in each year after the last of those figures ({@link weighedForecast}, as the charts draw them), the
 * horizon counted from that figure's year — the forecast's origin is the last figure it knows; the years up to it are
 * conditioned on the figures and not held. A weighed answer without such a year leaves the scenario to its plain runs.
 */
function intervalsOf(dir: string): { plain: ScenarioInterval[]; weighed?: ScenarioInterval[] } {
  const plain = plainIntervalsOf(dir);
  const w = weighedForecast(readWeighed(dir));
  if (!w) return { plain };
  // Few effective runs make the weighed p10 and p90 rough too, as the report says of its probabilities.
  const scenario = `${dir} (weighed to ${w.through}${w.kishRuns < SMALL_ESS ? `, ${runsText(w.kishRuns, 'effective')}: rough` : ''})`;
  const [first] = plain;
  // A registered rate over residents: the rural-hukou locals' share of the residents less the rate (slopeAt's room), the
  // share at the plain runs' medians (weighed.json keeps only the rates; plain room + plain p50), the rate the weighed p50.
  const locals = new Map(plain.filter((i) => i.room !== undefined).map((i) => [i.year, i.room! + i.p50]));
  const weighed = w.rows.map((i) => {
    const share = i.metric === 'registered_rate' ? locals.get(i.year) : undefined;
    return { ...(share !== undefined && { room: share - i.p50 }), scenario, metric: i.metric, year: i.year, horizon: i.year - w.through, p10: i.p10, p50: i.p50, p90: i.p90, definition: first.definition, breakFrom: first.breakFrom };
  });
  return { plain, weighed };
}

function plainIntervalsOf(dir: string): ScenarioInterval[] {
  let meta: { scenario?: { name?: string; years?: { start?: number }; registeredRateDefinition?: string; registeredRateDenominator?: string; uncertainty?: { registeredBreak?: { years?: number[] } } } };
  try {
    // Stryker disable next-line StringLiteral: equivalent — JSON.parse reads a Buffer as its UTF-8 text
    meta = JSON.parse(readRegularFile(join(dir, 'meta.json'), 'utf8'));
  } catch (e) {
    throw new InputError(`${join(dir, 'meta.json')}: not readable urbsim metadata (${(e as Error).message})`);
  }
  const s = meta.scenario;
  const start = s?.years?.start;
  if (!s || typeof start !== 'number') throw new InputError(`${join(dir, 'meta.json')}: no scenario start year; not a run folder of urbsim`);
  const definition = s.registeredRateDefinition === 'residence' ? 'residence' : 'hukou';
  // Stryker disable next-line ArrayDeclaration: equivalent — a break year that is no number gives NaN, which no year reaches, as none does
  const breakYears = s.uncertainty?.registeredBreak?.years ?? [];
  const breakFrom = breakYears.length ? Math.min(...breakYears) : undefined;
  const [p10, p50, p90] = readSummaryStats(dir, ['p10', 'p50', 'p90']);
  // A registered rate over residents: the rural-hukou locals' share of residents, (registered − away) / residents − rate, at the medians.
  const overResidents = definition === 'hukou' && s.registeredRateDenominator === 'resident';
  // Stryker disable next-line OptionalChaining: equivalent — urbsim's summary.arrow holds every metric
  const median = (m: string, year: number) => p50.get(m)?.get(year) ?? NaN;
  const roomIn = (year: number) => (median('registered_pop', year) - median('away_pop', year)) / median('resident_pop', year) - median('registered_rate', year);
  return WIDTH_METRICS.flatMap((metric) =>
    // Stryker disable next-line MethodExpression,ArrowFunction,ArithmeticOperator: equivalent — urbsim's summary.arrow lists the years ascending
    [...(p50.get(metric) ?? new Map<number, number>()).keys()].sort((a, b) => a - b).map((year) => ({
      ...(metric === 'registered_rate' && overResidents && { room: roomIn(year) }),
      scenario: dir,
      metric,
      year,
      horizon: year - start,
      p10: p10.get(metric)!.get(year)!,
      p50: p50.get(metric)!.get(year)!,
      p90: p90.get(metric)!.get(year)!,
      definition,
      breakFrom,
    })),
  );
}

const pts = (x: number) => (100 * x).toFixed(2);
const median = (v: number[]) => quantileSorted(v.sort((a, b) => a - b), 0.5);

/**
 * The check as Markdown: the figures each rate is held to and the bounds
 * they give at a few horizons, the rule, how many scenarios are
 * narrower than implied in some year, and a line for each such scenario and
 * rate at its narrowest (every scenario and rate with `all`). With `plain`
 * (some of `checks` are weighed answers), a paragraph saying how those are
 * held, and the same sections again for the plain runs of every scenario.
 */
export function widthsMarkdown(
  checks: readonly WidthCheck[],
  errors: readonly CvRateError[],
  scenarios: number,
  source: string,
  all = false,
  plain?: { readonly checks: readonly WidthCheck[]; readonly weighed: number },
): string {
  const GROUPS: readonly [HeldTo, string][] = [
    ['resident', 'resident rates; registered rates counted where people live'],
    ['registered, same count', 'registered rates by hukou type, before the scenario\'s first possible break of the count or without one'],
    ['registered, all', 'registered rates by hukou type, from that year on'],
  ];
  const at = [1, 2, 5, 10];
  const lines = [
    `Interval widths of ${scenariosText(scenarios)} against the errors of ${source}.`,
    '',
    `| held to | for | held-out figures | of which the count may have changed | scale | error, slowest growth, at ${at.join(' / ')} years | fastest growth |`,
    '|---|---|---|---|---|---|---|',
  ];
  for (const [group, text] of GROUPS) {
    const fs = heldFigures(errors, group);
    const bounds = at.map((h) => errorBound(fs, h, scaleOf(group)));
    if (!bounds[0]) continue;
    lines.push(`| ${group} | ${text} | ${bounds[0].figures} (${bounds[0].areas} area${bounds[0].areas === 1 ? '' : 's'}) | ${fs.filter((e) => e.countMayChange).length} | ${scaleOf(group)} | ${bounds.map((b) => b!.lower.toFixed(4)).join(' / ')} | ${bounds.map((b) => b!.upper.toFixed(4)).join(' / ')} |`);
  }
  lines.push(
    '',
    'Error: each held-out figure\'s |observed − model median| / slope(p), p the observed rate: resident rates (and registered rates counted where people live) on the logit scale, slope p(1 − p);',
    'registered rates by hukou type as a share of the rural-hukou locals, whom whatever moves them relabels, slope 1 − p for a held-out rate of the registered population',
    '(a scenario\'s rate over residents: the locals\' share of them at its median).',
    'Less the figure\'s own observation error (√(error² − observation_sd²) on the same scale: a scenario\'s runs are of the true rate, without it), carried from its horizon to h years —',
    'an error of a pace as √h (slowest) or h (fastest), one whose count may have changed (count_may_change) not at all beyond its horizon (slowest),',
    'every error as h below its horizon — and the 80th percentile over the figures. Implied width of an 80 % interval at median p: 2 × that error ×',
    'slope(p); the slowest growth gives the lower bound. Narrower: below it.',
    '',
  );
  const left = unscaledFigures(errors);
  if (left.length)
    lines.push(
      `Left out of every bound: ${left.length} held-out registered rate${left.length > 1 ? 's' : ''} over the resident population (${left.map((e) => `${e.area} ${e.year}`).join(', ')}): the share of the residents that is rural-hukou locals, the slope of such a rate on the rural scale, is not in the cross-validation's table.`,
      '',
    );
  if (plain)
    lines.push(
      `${plain.weighed} of the ${scenariosText(scenarios)} ${plain.weighed === 1 ? 'is' : 'are'} answered weighed by their area's own figures after its base year (weighed.json, written by \`urbsim batch\`): each is held by its weighed runs' intervals in the years after the last of those figures, at the horizon counted from that figure's year, the forecast's origin; the years up to it are conditioned on the figures and not held. The plain runs of every scenario, every year from its base year, after these.`,
      '',
    );
  lines.push(...metricSections(checks, all));
  if (plain) lines.push(`On the plain runs (every scenario's own runs, every year from its base year; ${plain.weighed === 1 ? 'the weighed one' : `the ${plain.weighed} weighed ones`} unweighed):`, '', ...metricSections(plain.checks, all));
  return `${lines.join('\n')}`;
}

/** Per rate: how many scenarios are narrower in some year, the check by horizon, and the scenarios by their narrowest year. */
function metricSections(checks: readonly WidthCheck[], all: boolean): string[] {
  const lines: string[] = [];
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
    lines.push(`**${metric}: ${narrow.length} of ${scenariosText(gs.length)} narrower than implied in some year.**`, '');
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
    lines.push('| scenario (run folder) | years narrower | narrowest year (h) | held to | median | 80 % interval | width (points) | implied (points) | width / lower bound |', '|---|---|---|---|---|---|---|---|---|');
    const worst = (g: WidthCheck[]) => g.reduce((a, c) => (c.width / c.lower < a.width / a.lower ? c : a));
    for (const g of shown.sort((a, b) => worst(a).width / worst(a).lower - worst(b).width / worst(b).lower)) {
      const w = worst(g);
      const years = g.filter((c) => c.verdict === 'narrower').map((c) => c.year);
      lines.push(
        `| ${w.scenario} | ${years.length ? `${years.length} of ${g.length} (${years[0]}–${years.at(-1)})` : `0 of ${g.length}`} | ${w.year} (${w.horizon}) | ${w.heldTo} | ${pts(w.p50)}% | ${pts(w.p10)}–${pts(w.p90)}% | ${pts(w.width)} | ${pts(w.lower)}–${pts(w.upper)} | ${(w.width / w.lower).toFixed(2)} |`,
      );
    }
    lines.push('');
  }
  return lines;
}
