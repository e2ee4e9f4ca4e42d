import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { displayPath } from '../io/displayPath.ts';
import { utf8Text } from '../io/utf8Text.ts';
import { InputError } from '../inputError.ts';
import { CsvError, parseCsvRecordsWithLines } from './parseCsv.ts';

/**
 * A file of data/areas that cannot be used: the message names the file and
 * line. An input error (exit code 2), never blamed on the scenario that
 * names a city.
 */
export class DataError extends InputError {
  override name = 'DataError';
}

export type AreaLevel = 'nation' | 'province' | 'city' | 'county' | 'district' | 'town';
export type SettlementMode = 'open' | 'conditions' | 'points' | 'mixed' | 'unspecified';

/** One row of data/areas/areas.csv: a pilot or case area and what is known about its rules. */
export type AreaRecord = {
  id: string;
  nameZh: string;
  nameEn: string;
  provinceZh: string;
  level: AreaLevel;
  /** Group in the seed 004 pilot list (计划单列市, 省会城市, …); '' when not a pilot. */
  pilotGroup: string;
  /** Seed files with section start lines, e.g. `004:884;001:407`. */
  sources: string;
  /** Only set where the text shows what the registered rate counts. */
  registeredRateDefinition?: 'hukou' | 'residence';
  /** What the registered rate is a share of, when the seeds let it be told (empty: the registered population). */
  registeredRateDenominator?: 'registered' | 'resident';
  settlementMode: SettlementMode;
  flags: string[];
  notes: string;
};

/** One row of data/areas/figures.csv: a number as written in a seed, with its line. */
export type Figure = {
  areaId: string;
  field: string;
  year: number;
  value: number;
  unit: string;
  seed: string;
  line: number;
  text: string;
};

export type RateMetric = 'resident_rate' | 'registered_rate';

/** The base-year picture of an area, in persons, yuan and fractions. */
export type CityFacts = {
  area: AreaRecord;
  /** Earliest year with resident population and both rates; else the earliest with a resident_pop or resident_rate figure; undefined if there is none. */
  baseYear: number | undefined;
  residentPop?: number;
  registeredPop?: number;
  migrantPop?: number;
  residentRate?: number;
  registeredRate?: number;
  /** Each target keeps its seed and line so callers can cite it. */
  targets: { year: number; metric: RateMetric; value: number; seed: string; line: number }[];
  /** Cumulative persons to settle by a year; `derived` says how, when the row is not a figure as the seed writes it (a yearly quota summed). */
  settleTargets: { year: number; persons: number; kind: 'total' | 'local' | 'nonlocal'; seed: string; line: number; derived?: string }[];
  costPerPerson?: number;
  costShares?: { government: number; enterprise: number; individual: number };
  /** The government's share of the cost per person where the seed prices the total and the government's part but does not split the rest. */
  costShareGovernment?: { value: number; seed: string; line: number; derived: string };
  /** Year the area abolished the agricultural / non-agricultural hukou split, when a seed says. */
  hukouUnified?: number;
  /** How a baseline population the seed gives only as a share of the residents was derived, by field (`registered_pop`, `migrant_pop`). */
  derived?: Record<string, string>;
  figures: Figure[];
};

const AREAS_URL = new URL('../../data/areas/areas.csv', import.meta.url);
const FIGURES_URL = new URL('../../data/areas/figures.csv', import.meta.url);

const LEVELS: readonly AreaLevel[] = ['nation', 'province', 'city', 'county', 'district', 'town'];
const MODES: readonly SettlementMode[] = ['open', 'conditions', 'points', 'mixed', 'unspecified'];

let areasCache: AreaRecord[] | undefined;
let figuresCache: Figure[] | undefined;


/** The records of a CSV file of data/areas with their lines; a malformed file is a {@link DataError} at its line. */
function csvRecords(text: string, file: string, columns: readonly string[]): { record: Record<string, string>; line: number }[] {
  let records;
  try {
    records = parseCsvRecordsWithLines(text);
  } catch (e) {
    if (e instanceof CsvError) throw new DataError(`${file}:${e.line}: ${e.problem}`);
    throw e;
  }
  const header = Object.keys(records[0]?.record ?? {});
  const missing = columns.filter((c) => !header.includes(c));
  if (records.length && missing.length) throw new DataError(`${file}:1: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  return records;
}

const AREA_COLUMNS = ['id', 'name_zh', 'name_en', 'province_zh', 'level', 'pilot_group', 'sources', 'registered_rate_definition', 'settlement_mode', 'flags', 'notes'];
const FIGURE_COLUMNS = ['area_id', 'field', 'year', 'value', 'unit', 'seed', 'line', 'text'];

/**
 * The areas of an areas.csv text (see {@link loadAreas}); `file` names it in
 * errors, which are {@link DataError}s at the line of the row.
 *
 * @example
 * areasFromCsv(readFileSync('data/areas/areas.csv', 'utf8'), 'data/areas/areas.csv').length; // every area
 */
export function areasFromCsv(text: string, file: string): AreaRecord[] {
  const seen = new Map<string, number>();
  return csvRecords(text, file, AREA_COLUMNS).map(({ record: r, line }) => {
    const oneOf = <T extends string>(value: string, allowed: readonly T[], what: string): T => {
      if (!(allowed as readonly string[]).includes(value)) throw new DataError(`${file}:${line}: ${what} of ${r.id}: expected one of ${allowed.join(', ')}, found "${value}"`);
      return value as T;
    };
    if (!/^[a-z0-9_]+$/.test(r.id)) throw new DataError(`${file}:${line}: id: expected lowercase letters, digits and _, found "${r.id}"`);
    if (seen.has(r.id)) throw new DataError(`${file}:${line}: area ${r.id} is listed twice (first on line ${seen.get(r.id)})`);
    seen.set(r.id, line);
    const def = r.registered_rate_definition;
    const area: AreaRecord = {
      id: r.id,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      provinceZh: r.province_zh,
      level: oneOf(r.level, LEVELS, 'level'),
      pilotGroup: r.pilot_group,
      sources: r.sources,
      settlementMode: oneOf(r.settlement_mode, MODES, 'settlement_mode'),
      flags: r.flags === '' ? [] : r.flags.split(';'),
      notes: r.notes,
    };
    if (def !== '') area.registeredRateDefinition = oneOf(def, ['hukou', 'residence'] as const, 'registered_rate_definition');
    const den = r.registered_rate_denominator ?? '';
    if (den !== '') area.registeredRateDenominator = oneOf(den, ['registered', 'resident'] as const, 'registered_rate_denominator');
    return area;
  });
}

/**
 * A CSV of data/areas as UTF-8 text and its name for messages; in another encoding a {@link DataError} naming it and
 * the line ({@link utf8Text}): saved as GBK, as Excel saves a CSV on a Chinese Windows, areas.csv read as replacement
 * characters without a word (`urbsim init dalian` wrote '# ������ Dalian (����ʡ)').
 */
function readDataCsv(url: URL): [text: string, file: string] {
  const file = displayPath(fileURLToPath(url));
  const read = utf8Text(readFileSync(url));
  if ('found' in read) throw new DataError(`${file}:${read.line}: expected a UTF-8 text (CSV) file, found ${read.found}`);
  return [read.text, file];
}

/**
 * All areas of data/areas/areas.csv, in file order. A malformed file is a
 * {@link DataError} naming it and the line.
 *
 * @example
 * loadAreas().filter((a) => a.pilotGroup !== '').length; // 64 pilots
 */
export function loadAreas(): AreaRecord[] {
  areasCache ??= areasFromCsv(...readDataCsv(AREAS_URL));
  return [...areasCache];
}

/**
 * The Chinese name of an area id (大连市 for `dalian`), or undefined for an
 * id data/areas does not know (or none).
 *
 * @example
 * areaNameZh('geermu'); // '格尔木市'
 */
export function areaNameZh(id: string | undefined): string | undefined {
  return id === undefined ? undefined : loadAreas().find((a) => a.id === id)?.nameZh;
}

/** Units the seeds write figures in (data/areas/README.md); any other is a typo or a new unit to teach the toolkit. */
export const FIGURE_UNITS = ['%', '个百分点', '人', '万人', '亿人', '名', '元', '万元', '亿元', '元/平米', '套', '万套', '个', '张', '万张', '万本', '户', '分', '年', '平方米', '平方公里'] as const;

/** The units allowed for the fields {@link cityFacts} turns into persons, yuan and fractions. */
const FIELD_UNITS: Record<string, readonly string[]> = (() => {
  const persons = ['人', '万人', '亿人', '名'];
  const rate = ['%'];
  return {
    resident_pop: persons, registered_pop: persons, migrant_pop: persons,
    settle_target: persons, settle_target_local: persons, settle_target_nonlocal: persons,
    resident_rate: rate, registered_rate: rate, target_resident_rate: rate, target_registered_rate: rate,
    cost_share_government: rate, cost_share_enterprise: rate, cost_share_individual: rate,
    cost_per_person: ['元', '万元', '亿元'],
  };
})();

/** Fields cityFacts reads once per area whatever the year: two figures of one area conflict at any years. */
const ONE_PER_AREA = new Set(['cost_per_person', 'cost_share_government', 'cost_share_enterprise', 'cost_share_individual']);

/**
 * The figures of a figures.csv text (see {@link loadFigures}); `file` names
 * it in errors, which are {@link DataError}s at the line of the row: an
 * unterminated quote or a row of the wrong width, a year, value or seed line
 * that is not a number, a unit not in {@link FIGURE_UNITS} (or not one of
 * its field's), and two figures of a field the toolkit reads
 * ({@link cityFacts}) for one area and year that differ — the file order
 * would silently pick one.
 *
 * @example
 * figuresFromCsv('area_id,field,year,value,unit,seed,line,text\nx,resident_pop,2013,1,kg,004,1,t\n', 'f.csv');
 * // throws DataError 'f.csv:2: unit of x resident_pop 2013: expected one of 人, 万人, 亿人, 名, found "kg"'
 */
export function figuresFromCsv(text: string, file: string): Figure[] {
  const first = new Map<string, { line: number; amount: number; value: string; unit: string }>();
  return csvRecords(text, file, FIGURE_COLUMNS).map(({ record: r, line }) => {
    const what = `${r.area_id} ${r.field} ${r.year}`;
    const number = (column: string, whole: boolean): number => {
      const v = r[column].trim() === '' ? NaN : Number(r[column]);
      if (!Number.isFinite(v) || (whole && !Number.isInteger(v))) throw new DataError(`${file}:${line}: ${column} of ${what}: expected ${whole ? 'a whole number' : 'a number'}, found "${r[column]}"`);
      return v;
    };
    const units = FIELD_UNITS[r.field] ?? FIGURE_UNITS;
    if (!units.includes(r.unit)) throw new DataError(`${file}:${line}: unit of ${what}: expected one of ${units.join(', ')}, found "${r.unit}"`);
    const figure: Figure = { areaId: r.area_id, field: r.field, year: number('year', true), value: number('value', false), unit: r.unit, seed: r.seed, line: number('line', true), text: r.text };
    if (FIELD_UNITS[r.field]) {
      const key = ONE_PER_AREA.has(r.field) ? `${r.area_id}\0${r.field}` : `${r.area_id}\0${r.field}\0${figure.year}`;
      const amount = r.unit === '%' ? clean(figure.value / 100) : clean(figure.value * unitScale(r.unit));
      const before = first.get(key);
      if (before && before.amount !== amount)
        throw new DataError(
          `${file}:${line}: ${what} is ${r.value} ${r.unit}, but line ${before.line} gives ${before.value} ${before.unit}: two figures of one field${ONE_PER_AREA.has(r.field) ? ' and area' : ', area and year'} must agree (keep the one the scenario should use)`,
        );
      if (!before) first.set(key, { line, amount, value: r.value, unit: r.unit });
    }
    return figure;
  });
}

/**
 * All figures of data/areas/figures.csv, in file order (seed 004 rows
 * first). A malformed file is a {@link DataError} naming it and the line.
 *
 * @example
 * loadFigures().filter((f) => f.areaId === 'dalian' && f.field === 'resident_rate');
 */
export function loadFigures(): Figure[] {
  figuresCache ??= figuresFromCsv(...readDataCsv(FIGURES_URL));
  return [...figuresCache];
}

/**
 * The area with this id, or undefined.
 *
 * @example
 * areaById('dongguan')?.settlementMode; // 'points'
 */
export function areaById(id: string): AreaRecord | undefined {
  return loadAreas().find((a) => a.id === id);
}

/**
 * The id of the one area a planner's name for it names, or undefined (none, or several): its id in any case
 * (`Weihai`), its English name (`Weihai`, `yicheng` for `Yicheng (Xiangyang)`), its Chinese name (`威海市`) or that
 * name without its last character when it is 市, 县, 区, 镇 or 省 (`威海`). Where no area is named so, a district's or
 * town's own name: its id's words after its city's (`yanta` of `xian_yanta`, not `xian`) or its Chinese name after its
 * city or county (`雁塔区`, `雁塔` of 西安市雁塔区): `yanta` suggested `yanji`. For "did you mean" where an id is expected
 * (`urbsim init`, `city:`): the edit distance never reaches `weihai` from `威海`.
 *
 * @example
 * areaIdByName('威海');   // 'weihai'
 * areaIdByName('Dalian'); // 'dalian'
 * areaIdByName('雁塔');   // 'xian_yanta'
 * areaIdByName('天津');   // undefined: no area is named so (Tianjin Ji County, Tianjin Jinnan District)
 */
export function areaIdByName(text: string): string | undefined {
  const t = text.trim().replace(/\s+/g, ' ').toLowerCase();
  if (!t) return undefined;
  const ids = new Set<string>();
  const byPart = new Set<string>();
  for (const a of loadAreas()) {
    const en = a.nameEn.toLowerCase();
    const names = [a.id, en, en.replace(/\s*\(.*\)$/, ''), a.nameZh, a.nameZh.replace(/[市县区镇省]$/, '')];
    if (names.includes(t)) ids.add(a.id);
    // The district's or town's own words, not its city's (shanghai of shanghai_jinshan names Shanghai, no area here):
    // 西安市雁塔区 → 雁塔区, 雁塔; 苍南县龙港镇 → 龙港镇, 龙港; 深圳市（光明新区） → 光明新区, 光明 (a name ending in its only
    // 市 or 县 keeps it: 德清县).
    const local = a.nameZh.replace(/[（）()]/g, '').replace(/^.*[市县](?=.)/, '');
    const parts = [...a.id.split('_').slice(1), ...(local !== a.nameZh ? [local, local.replace(/(新区|[市县区镇省])$/, '')] : [])];
    if (parts.includes(t)) byPart.add(a.id);
  }
  // A whole name first: `chongqing` is the municipality, though also a word of chongqing_zhucheng's id.
  const found = ids.size > 0 ? ids : byPart;
  return found.size === 1 ? [...found][0] : undefined;
}

/**
 * Multiplier from a seed unit to plain persons or yuan.
 *
 * Seeds count in 万 (10⁴) and 亿 (10⁸) of whatever follows: 万人, 万张, 万元,
 * 亿元 … Any other unit (人, 名, 元, %) is taken as written.
 *
 * @example
 * unitScale('万人') * 691.8; // 6918000
 */
export function unitScale(unit: string): number {
  if (unit.startsWith('亿')) return 1e8;
  if (unit.startsWith('万')) return 1e4;
  return 1;
}

// Decimal inputs like 71.4 / 100 leave float noise (0.7140000000000001); 12
// significant digits is far below any figure's precision.
const clean = (x: number): number => Number(x.toPrecision(12));
const toFraction = (f: Figure): number => clean(f.value / 100);
const toAmount = (f: Figure): number => Math.round(f.value * unitScale(f.unit));

/**
 * Base-year stocks and rates, targets, settlement targets and costs of one area.
 *
 * Populations are persons (万人 × 10,000), rates and shares fractions, costs
 * yuan. When a field has several figures (e.g. seed 004 and a case seed for
 * the same year), the first in file order wins, which puts the pilot plan
 * ahead of the case studies.
 *
 * @example
 * const d = cityFacts('dalian');
 * d.residentPop; // 6918000
 * d.targets.find((t) => t.year === 2020 && t.metric === 'registered_rate')?.value; // 0.725
 */
export function cityFacts(id: string): CityFacts {
  const area = areaById(id);
  if (!area) throw new Error(`cityFacts: unknown area '${id}'`);
  const figures = loadFigures().filter((f) => f.areaId === id);
  const first = (field: string, year?: number): Figure | undefined =>
    figures.find((f) => f.field === field && (year === undefined || f.year === year));
  // A case seed may add an older partial figure (Jinjiang's 2011 rate, Luoyang's 2010 rate) to a
  // plan that states a full baseline: the full baseline wins.
  const residentYears = figures.filter((f) => f.field === 'resident_pop' || f.field === 'resident_rate').map((f) => f.year);
  const completeYears = residentYears.filter((y) => ['resident_pop', 'resident_rate', 'registered_rate'].every((field) => first(field, y)));
  const baseYears = completeYears.length > 0 ? completeYears : residentYears;
  const baseYear = baseYears.length > 0 ? Math.min(...baseYears) : undefined;

  const facts: CityFacts = { area, baseYear, targets: [], settleTargets: [], figures };
  if (baseYear !== undefined) {
    const at = (field: string) => first(field, baseYear);
    const rp = at('resident_pop');
    const gp = at('registered_pop');
    const mp = at('migrant_pop');
    const rr = at('resident_rate');
    const gr = at('registered_rate');
    if (rp) facts.residentPop = toAmount(rp);
    if (gp) facts.registeredPop = toAmount(gp);
    if (mp) facts.migrantPop = toAmount(mp);
    if (rr) facts.residentRate = toFraction(rr);
    if (gr) facts.registeredRate = toFraction(gr);
    // A seed that gives the registered and migrant populations only as shares of the residents (Tianjin Jinnan,
    // 000:161: 户籍人口占78%，外来人口占22%): the populations they make of the resident one, said so. Without them the
    // registered population was taken equal to the resident one, and the area had no migrants.
    const derived: Record<string, string> = {};
    const ofResidents = (field: 'registered_pop' | 'migrant_pop', share: Figure | undefined) => {
      if (facts.residentPop === undefined || !share) return undefined;
      derived[field] = `derived: ${share.value}% of the resident population (seed ${share.seed} L${share.line})`;
      return Math.round(facts.residentPop * toFraction(share));
    };
    if (!gp) facts.registeredPop = ofResidents('registered_pop', at('registered_share_of_residents')) ?? facts.registeredPop;
    if (!mp) facts.migrantPop = ofResidents('migrant_pop', at('migrant_share_of_residents')) ?? facts.migrantPop;
    if (Object.keys(derived).length) facts.derived = derived;
  }

  const metricOf: Record<string, RateMetric> = {
    target_resident_rate: 'resident_rate',
    target_registered_rate: 'registered_rate',
  };
  const kindOf: Record<string, 'total' | 'local' | 'nonlocal'> = {
    settle_target: 'total',
    settle_target_local: 'local',
    settle_target_nonlocal: 'nonlocal',
  };
  for (const f of figures) {
    const metric = metricOf[f.field];
    if (metric) facts.targets.push({ year: f.year, metric, value: toFraction(f), seed: f.seed, line: f.line });
    const kind = kindOf[f.field];
    if (kind) facts.settleTargets.push({ year: f.year, persons: toAmount(f), kind, seed: f.seed, line: f.line });
  }
  facts.targets.sort((a, b) => a.year - b.year || a.metric.localeCompare(b.metric));
  facts.settleTargets.push(...quotaTargets(figures, baseYear, facts.settleTargets));
  facts.settleTargets.sort((a, b) => a.year - b.year || a.kind.localeCompare(b.kind));

  const unified = first('hukou_unified');
  if (unified) facts.hukouUnified = unified.value;
  const cost = first('cost_per_person');
  if (cost) facts.costPerPerson = toAmount(cost);
  const gov = first('cost_share_government');
  const ent = first('cost_share_enterprise');
  const ind = first('cost_share_individual');
  if (gov && ent && ind) {
    facts.costShares = { government: toFraction(gov), enterprise: toFraction(ent), individual: toFraction(ind) };
  }
  // A seed that prices the total per person and the government's part of it (Dongguan 004:4800–4802: 20万, of which
  // 政府成本 16.7万) gives the government's share, and nothing on how enterprises and individuals split the rest.
  const govCost = first('cost_per_person_government');
  if (!facts.costShares && cost && govCost && !first('cost_per_person_enterprise') && !first('cost_per_person_individual')) {
    const share = toAmount(govCost) / toAmount(cost);
    if (share > 0 && share <= 1)
      facts.costShareGovernment = { value: clean(share), seed: govCost.seed, line: govCost.line, derived: `${govCost.value}${govCost.unit} of ${cost.value}${cost.unit} (L${cost.line}) borne by the government` };
  }
  return facts;
}

/**
 * A plan's yearly settlement quotas (`settle_quota`, persons a year, at least)
 * as cumulative settlement-plan rows: a quota dated Y holds in each year after
 * the previous quota's year (or the base year) up to Y, so Langzhong's 1万 in
 * 2014 and 2万 a year to 2020 (004:9185–9186) are 13万 by 2020. A row the plan
 * states for the same year and kind wins (Yuncheng's 6万 by 2020, 004:7958,
 * over 7 × 1万). A share of the transfers from outside the city
 * (`settle_share_group:nonlocal`, Qingdao 004:1058) adds the non-local row.
 */
function quotaTargets(figures: Figure[], baseYear: number | undefined, stated: CityFacts['settleTargets']): CityFacts['settleTargets'] {
  if (baseYear === undefined) return [];
  const quotas = figures.filter((f) => f.field === 'settle_quota' && f.year > baseYear).sort((a, b) => a.year - b.year);
  const out: CityFacts['settleTargets'] = [];
  let from = baseYear;
  let sum = 0;
  const wan = (n: number) => `${clean(n / 1e4)}万`;
  const parts: string[] = [];
  for (const q of quotas) {
    const years = q.year - from;
    sum += toAmount(q) * years;
    const span = years === 1 ? `in ${q.year}` : `a year ${from + 1}–${q.year}`;
    parts.push(`${wan(toAmount(q))} ${span} (L${q.line})`);
    from = q.year;
    if (stated.some((s) => s.year === q.year && s.kind === 'total')) continue;
    out.push({ year: q.year, persons: sum, kind: 'total', seed: q.seed, line: q.line, derived: parts.length === 1 ? `${wan(toAmount(q))} ${span}` : `sum of the yearly quotas: ${parts.join(', ')}` });
  }
  for (const s of figures.filter((f) => f.field === 'settle_share_group:nonlocal')) {
    const total = out.find((t) => t.year === s.year);
    if (total && !stated.some((x) => x.year === s.year && x.kind === 'nonlocal'))
      out.push({ year: s.year, persons: Math.round(total.persons * toFraction(s)), kind: 'nonlocal', seed: s.seed, line: s.line, derived: `${s.value} % (at least) of the ${wan(total.persons)}` });
  }
  return out;
}
