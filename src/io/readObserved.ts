import { readRegularFile } from './regularFile.ts';
import { MOST_PERSONS } from '../scenario/mostPersons.ts';
import { utf8Text } from './utf8Text.ts';
import { CsvError, columnsTwice, parseCsvWithLines } from '../data/parseCsv.ts';
import { METRICS, type Metric } from '../model/indicators.ts';
import { didYouMean } from '../scenario/didYouMean.ts';
import { metricHint } from '../scenario/metricHint.ts';
import { DEFINITION_NAMES, OBSERVED_DEFINITIONS, type DefinitionName, definitionFits } from './observedDefinitions.ts';
import { fsErrorText } from './fsErrorText.ts';

/** One observed figure, in model units (rates as fractions, counts as persons). */
export interface ObservedPoint {
  readonly file: string;
  /** 1-based line of the row in its file. */
  readonly line: number;
  readonly area: string;
  readonly metric: Metric;
  /** Year-end for stocks; last year of the period for flows. */
  readonly year: number;
  /** Flows: first year of the period (= year for one year). Stocks: undefined. */
  readonly fromYear?: number;
  /** Flows covering only part of their last year: the months covered, or 'part' when the source does not say. */
  readonly months?: number | 'part';
  readonly value: number;
  /** The value and unit as written. */
  readonly written: string;
  readonly definition: DefinitionName;
  /** This figure starts a new definition in its (area, metric) series. */
  readonly break: boolean;
  /** Definition segment of the series: 0 before the first break, then 1, 2, …. */
  readonly segment: number;
  readonly source: string;
  readonly snippet: string;
  readonly note: string;
}

export interface ObservedIssue {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** Problems of an observed CSV, all of them, each with its file and line. */
export class ObservedError extends Error {
  override name = 'ObservedError';
  constructor(readonly issues: readonly ObservedIssue[]) {
    super(issues.map((i) => `${i.file}${i.line > 0 ? `:${i.line}` : ''}: ${i.message}`).join('\n')); // line 0: the file as a whole
  }
}

/** Metrics that count what happened during a year, and so may be summed over a period. */
export const FLOW_METRICS: ReadonlySet<Metric> = new Set<Metric>([
  'births', 'deaths', 'in_migrants', 'out_migrants', 'settled_local', 'settled_migrants', 'reclassified', 'converted_in_place', 'relabelled',
  'cost_government', 'cost_enterprise', 'cost_individual', 'land_quota_m2', 'transfer_yuan', 'settled', 'new_migrants',
]);
/** Metrics written in % in an observed file. */
export const RATE_METRICS: ReadonlySet<Metric> = new Set<Metric>(['resident_rate', 'registered_rate', 'rate_gap', 'migrant_children_public_share']);

const REQUIRED = ['area', 'metric', 'year', 'value', 'unit', 'definition', 'source'] as const;
const OPTIONAL = ['from_year', 'months', 'break', 'snippet', 'note'] as const;
const COLUMNS: readonly string[] = [...REQUIRED, ...OPTIONAL];
/** Counts as the plans write them: persons, permits (张, 本), places, units, yuan, with 万 / 亿. */
const COUNT_UNIT = /^(万|亿)?(人|名|张|本|套|个|元|平方米)?$/;
const NUMBER = /^-?\d+(\.\d+)?$/;
const YEARS = { min: 1949, max: 2100 };

export interface ReadObservedOptions {
  /** Known area ids (data/areas/areas.csv); an area not among them is an error with a "did you mean". */
  readonly areas?: readonly string[];
}

/**
 * Read an observed-series CSV (format: data/observed/README.md): one figure
 * per row with its year, area, metric, value and unit, the statistical
 * definition it was counted under, an optional break mark where the
 * definition changed, and its source. Every problem is collected and thrown
 * at once as an {@link ObservedError} naming file and line: a bad year, an
 * unknown metric or definition (with a "did you mean"), a unit that does not
 * fit the metric, a missing source, a duplicate figure or a change of
 * definition without a break mark.
 *
 * @example
 * const points = readObserved('data/observed/observed.csv');
 * points.filter((p) => p.area === 'dalian' && p.metric === 'registered_rate').map((p) => [p.year, p.value]);
 * // [[2013, 0.631], [2015, 0.712]]
 */
export function readObserved(file: string, options: ReadObservedOptions = {}): ObservedPoint[] {
  let bytes: Buffer;
  try {
    bytes = readRegularFile(file); // a pipe or a device is refused before it is opened: reading one hung the command
  } catch (e) {
    throw new ObservedError([{ file, line: 0, message: `cannot read the file: ${fsErrorText(e)}` }]);
  }
  // Excel on a Chinese Windows saves CSV as GBK: every 万人 and 名 became replacement characters, a problem a row.
  const decoded = utf8Text(bytes);
  if ('found' in decoded) throw new ObservedError([{ file, line: decoded.line, message: `expected a UTF-8 text (CSV) file, found ${decoded.found}` }]);
  return parseObserved(decoded.text, file, options);
}

/** {@link readObserved} on text already in memory; `file` names it in messages. */
export function parseObserved(text: string, file: string, options: ReadObservedOptions = {}): ObservedPoint[] {
  const issues: ObservedIssue[] = [];
  const at = (line: number, message: string) => issues.push({ file, line, message });
  let parsed;
  try {
    parsed = parseCsvWithLines(text);
  } catch (e) {
    if (e instanceof CsvError) throw new ObservedError([{ file, line: e.line, message: e.problem }]);
    throw e;
  }
  const [header = [], ...rows] = parsed.rows;
  const lines = parsed.lines.slice(1);
  // A header of one column holding the columns' names between tabs or semicolons (a spreadsheet's text export, Excel's
  // CSV where the decimal mark is a comma): it was an unknown column of all the names, "did you mean `area`?".
  const separator = header.length === 1 ? ['\t', ';'].find((c) => header[0].split(c).map((h) => h.trim()).includes('area')) : undefined;
  if (separator !== undefined)
    throw new ObservedError([{ file, line: 1, message: `the header is one column of names separated by ${separator === ';' ? 'semicolons' : 'tabs'}: expected columns separated by commas (save the file as CSV with commas)` }]);
  const col = new Map(header.map((h, j) => [h.trim(), j]));
  // A column written twice: the Map kept the later one (calibrate ran on it). The rows are not read then: which of the
  // two columns a row's figure is in is not known.
  const twice = columnsTwice(header);
  for (const problem of twice) at(1, problem);
  for (const h of col.keys()) {
    if (!COLUMNS.includes(h)) {
      const hint = didYouMean(h, COLUMNS);
      at(1, `unknown column \`${h}\`${hint ? `, did you mean \`${hint}\`?` : ''} (columns: ${COLUMNS.join(', ')})`);
    }
  }
  const missing = REQUIRED.filter((c) => !col.has(c));
  if (missing.length) at(1, `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${REQUIRED.join(', ')}, optionally ${OPTIONAL.join(', ')})`);
  if (missing.length || header.length === 0 || twice.length) throw new ObservedError(issues);

  const knownAreas = options.areas ? new Set(options.areas) : undefined;
  const drafts: Omit<ObservedPoint, 'segment'>[] = [];
  rows.forEach((row, k) => {
    const line = lines[k];
    if (row.length === 1 && row[0].trim() === '') return; // blank line
    if (row.length !== header.length) return void at(line, `${row.length} fields, the header has ${header.length}`);
    const get = (c: string) => (col.has(c) ? row[col.get(c)!].trim() : '');
    const before = issues.length;

    const area = get('area');
    if (area === '') at(line, 'area: empty (expected an area id from data/areas/areas.csv)');
    else if (knownAreas && !knownAreas.has(area)) {
      const hint = didYouMean(area, knownAreas);
      at(line, `area: unknown area \`${area}\`${hint ? `, did you mean \`${hint}\`?` : ''} (ids are in data/areas/areas.csv)`);
    }

    const metricRaw = get('metric');
    const metric = (METRICS as readonly string[]).includes(metricRaw) ? (metricRaw as Metric) : undefined;
    if (!metric) {
      at(line, `metric: unknown metric \`${metricRaw}\`${metricHint(metricRaw)} (expected an urbsim metric, src/model/indicators.ts)`);
    }
    const flow = metric !== undefined && FLOW_METRICS.has(metric);

    const year = readYear(get('year'));
    if (year === undefined) at(line, `year: expected a year from ${YEARS.min} to ${YEARS.max}, found "${get('year')}"`);

    let fromYear: number | undefined;
    const fromRaw = get('from_year');
    if (fromRaw !== '') {
      fromYear = readYear(fromRaw);
      if (fromYear === undefined) at(line, `from_year: expected a year from ${YEARS.min} to ${YEARS.max}, found "${fromRaw}"`);
      else if (year !== undefined && fromYear > year) at(line, `from_year: the period ${fromYear}–${year} ends before it starts`);
      if (metric && !flow) at(line, `from_year: ${metric} is a stock (counted at year end); a period is only for flows (${[...FLOW_METRICS].join(', ')})`);
    }
    if (flow && fromYear === undefined) fromYear = year;

    let months: number | 'part' | undefined;
    const monthsRaw = get('months');
    if (monthsRaw !== '') {
      const n = Number(monthsRaw);
      if (monthsRaw === 'part') months = 'part';
      else if (Number.isInteger(n) && n >= 1 && n <= 11) months = n;
      else at(line, `months: expected the months of the last year covered (1–11) or "part", found "${monthsRaw}"`);
      if (metric && !flow) at(line, `months: ${metric} is a stock; months are only for flows`);
    }

    const written = get('value');
    const unit = get('unit');
    let value = NaN;
    if (!NUMBER.test(written)) at(line, `value: expected a number written with digits and a decimal point, found "${written}"`);
    else if (written.startsWith('-') && metric !== 'rate_gap') at(line, `value: ${metric ?? 'the metric'} cannot be negative, found ${written}`);
    if (metric && RATE_METRICS.has(metric)) {
      if (unit !== '%') at(line, `unit: ${metric} is a rate, written in %; found "${unit}"`);
      else if (NUMBER.test(written)) {
        value = Number(`${written}e-2`);
        if (Math.abs(value) > 1) at(line, `value: ${written}% is more than 100%`);
        // A share written as a fraction beside its % (0.645 for 64.5 %): no area's urbanization rate is under 1 %, and the
        // figure read as 0.645 % weighed every run as far from it, silently (calibrate said only "outside every run").
        else if ((metric === 'resident_rate' || metric === 'registered_rate') && value > 0 && value < 0.01)
          at(line, `value: ${metric} of ${written}% is under 1%, which no area's is: the value is in percent, so a share of ${written} is written ${+(Number(written) * 100).toPrecision(10)} (did you mean ${+(Number(written) * 100).toPrecision(10)}?)`);
      }
    } else if (metric) {
      const m = COUNT_UNIT.exec(unit);
      if (!m) at(line, `unit: expected a count unit (人, 名, 张, 本, 套, 个, 元, 平方米, optionally after 万 or 亿) or nothing, found "${unit}"`);
      else if (NUMBER.test(written)) {
        value = Number(`${written}e${m[1] === '万' ? 4 : m[1] === '亿' ? 8 : 0}`);
        // A population (a stock of persons, read on the log scale) of no one, or of more people than China has, is a
        // slip (a unit of 万 after a count in persons): it took every run's weight (calibrate ran on with 1 effective run).
        if (metric.endsWith('_pop') && !(value >= 1 && value <= MOST_PERSONS))
          at(line, `value: ${metric} ${written}${unit} is ${value < 1 ? 'less than one person' : 'more than 20亿 persons (more people than China has)'}; expected a population from 1 person to 20亿`);
      }
    }

    const defRaw = get('definition');
    const definition = (DEFINITION_NAMES as readonly string[]).includes(defRaw) ? (defRaw as DefinitionName) : undefined;
    if (!definition) {
      const hint = didYouMean(defRaw, DEFINITION_NAMES);
      at(line, `definition: unknown definition \`${defRaw}\`${hint ? `, did you mean \`${hint}\`?` : ''} (definitions: data/observed/README.md)`);
    } else if (metric && !definitionFits(definition, metric)) {
      at(line, `definition: ${definition} does not apply to ${metric} (it applies to ${OBSERVED_DEFINITIONS[definition].metrics.join(', ')})`);
    }

    const breakRaw = get('break');
    if (breakRaw !== '' && breakRaw !== 'yes') at(line, `break: expected "yes" or nothing, found "${breakRaw}"`);
    const source = get('source');
    if (source === '') at(line, 'source: empty (say where the figure comes from, e.g. 001:427 for seed 001 line 427, or a yearbook table)');

    if (issues.length > before) return;
    drafts.push({
      file, line, area, metric: metric!, year: year!, fromYear, months, value, written: `${written}${unit}`, definition: definition!,
      break: breakRaw === 'yes', source, snippet: get('snippet'), note: get('note'),
    });
  });
  const points = withSegments(drafts, at);
  if (issues.length) throw new ObservedError(issues.sort((a, b) => a.line - b.line));
  return points;
}

function readYear(raw: string): number | undefined {
  const n = Number(raw);
  return raw !== '' && Number.isInteger(n) && n >= YEARS.min && n <= YEARS.max ? n : undefined;
}

/**
 * Number the definition segments of each (area, metric) series and check
 * that a repeated figure or a change of definition carries a break mark: a
 * series silently mixing definitions would fit the model to a jump that is
 * only a change of counting.
 */
function withSegments(drafts: readonly Omit<ObservedPoint, 'segment'>[], at: (line: number, message: string) => void): ObservedPoint[] {
  const series = new Map<string, Omit<ObservedPoint, 'segment'>[]>();
  for (const d of drafts) {
    const key = `${d.area}\u0000${d.metric}`;
    series.set(key, [...(series.get(key) ?? []), d]);
  }
  const segment = new Map<Omit<ObservedPoint, 'segment'>, number>();
  for (const list of series.values()) {
    const sorted = [...list].sort((a, b) => a.year - b.year || a.line - b.line);
    const seen = new Map<string, Omit<ObservedPoint, 'segment'>>();
    let s = 0;
    sorted.forEach((p, i) => {
      const key = `${p.year}|${p.fromYear ?? ''}|${p.months ?? ''}`;
      const twin = seen.get(key);
      if (twin && !p.break) at(p.line, `duplicate of line ${twin.line} (${p.area} ${p.metric} ${periodText(p)}); mark the later one break: yes if the definition changed`);
      seen.set(key, p);
      const prev = sorted[i - 1];
      if (prev && prev.definition !== p.definition && !p.break)
        at(p.line, `definition changes from ${prev.definition} (line ${prev.line}) to ${p.definition} without a break mark (write yes in the break column)`);
      if (p.break && i > 0) s++;
      segment.set(p, s);
    });
  }
  return drafts.map((d) => ({ ...d, segment: segment.get(d)! }));
}

/**
 * A point's period as text: `2015` for a stock or one year, `2011–2015`,
 * with the months of a part year (`2016 (9 months)`).
 *
 * @example
 * periodText({ year: 2016, fromYear: 2015, months: 11 }); // '2015–2016 (11 months of 2016)'
 */
export function periodText(p: Pick<ObservedPoint, 'year' | 'fromYear' | 'months'>): string {
  const span = p.fromYear !== undefined && p.fromYear !== p.year ? `${p.fromYear}–${p.year}` : `${p.year}`;
  if (p.months === undefined) return span;
  return `${span} (${p.months === 'part' ? 'part' : `${p.months} months`} of ${p.year})`;
}
