import { readFileSync } from 'node:fs';
import { AGES, MAX_AGE, SEXES } from './layout.ts';

/**
 * Default demographic schedules shipped in `data/demography/` (see its
 * README for sources), expanded to single years of age.
 *
 * @example
 * const mx = standardMortality();   // { M: Float64Array(101), F: Float64Array(101) }
 */

const dataFile = (name: string): string =>
  readFileSync(new URL(`../../data/demography/${name}`, import.meta.url), 'utf8');

function readCsv(name: string): Record<string, string>[] {
  const [head, ...rows] = dataFile(name).trim().split(/\r?\n/);
  const keys = head.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [keys[i], v])));
}

/** Ages covered by an age-group label: "0", "1-4", "95-99", "100+". */
function groupAges(label: string): number[] {
  if (label.endsWith('+')) return [Number(label.slice(0, -1))];
  const [a, b] = label.split('-').map(Number);
  const hi = b ?? a;
  return Array.from({ length: hi - a + 1 }, (_, i) => a + i);
}

let mortality: { M: Float64Array; F: Float64Array } | undefined;
/** UN WPP 2019, China 2010–2015 death rates, constant within each abridged group. */
export function standardMortality(): { M: Float64Array; F: Float64Array } {
  if (mortality) return mortality;
  const out = { M: new Float64Array(AGES), F: new Float64Array(AGES) };
  for (const r of readCsv('wpp2019_mx_2010_2015.csv')) {
    const target = r.sex === 'M' ? out.M : out.F;
    for (const a of groupAges(r.age_group)) if (a <= MAX_AGE) target[a] = Number(r.mx);
  }
  mortality = out;
  return out;
}

let pyramid: Float64Array | undefined;
/**
 * China 2010 census population by sex and single age, as shares summing to 1,
 * laid out `[sex * AGES + age]`; each 5-year group is spread evenly.
 */
export function standardPyramid(): Float64Array {
  if (pyramid) return pyramid;
  const out = new Float64Array(SEXES * AGES);
  let total = 0;
  for (const r of readCsv('census2010_pyramid.csv')) {
    const ages = groupAges(r.age_group);
    const per = Number(r.persons) / ages.length;
    const s = r.sex === 'M' ? 0 : 1;
    for (const a of ages) out[s * AGES + a] += per;
    total += Number(r.persons);
  }
  for (let i = 0; i < out.length; i++) out[i] /= total;
  pyramid = out;
  return out;
}

let fertility: Float64Array | undefined;
/** UN WPP 2019 China 2010–2015 age pattern of fertility, single ages, summing to 1. */
export function standardFertilitySchedule(): Float64Array {
  if (fertility) return fertility;
  const out = new Float64Array(AGES);
  let total = 0;
  for (const r of readCsv('wpp2019_pasfr_2010_2015.csv')) {
    const ages = groupAges(r.age_group);
    for (const a of ages) out[a] = Number(r.percent_of_tfr) / ages.length;
    total += Number(r.percent_of_tfr);
  }
  for (let a = 0; a < AGES; a++) out[a] /= total;
  fertility = out;
  return out;
}
