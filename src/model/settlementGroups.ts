import { MAX_AGE, STATUS_NAMES, Sex, Status } from './layout.ts';

/**
 * Where a source group's people are in the state: the local statuses and
 * urban migrants `Mu[d]` (from a least years of stay) it is drawn from, an
 * age band and the sexes. Everyone settled goes to `Uu` at the same sex and
 * age: urban hukou, living in town.
 */
export interface SettlementGroupFilter {
  readonly name: string;
  /** The seed's words for the group, and in English. */
  readonly zh: string;
  readonly en: string;
  /** Seed file:line of the group and its 2020 target. */
  readonly seed: string;
  /** Local statuses drawn from (`Ru`, `Rr`, `Ra`). */
  readonly locals: readonly number[];
  /** Least completed years of stay of the urban migrants drawn from; Infinity: no migrants. */
  readonly migrantMinStay: number;
  readonly ageMin: number;
  readonly ageMax: number;
  readonly sexes: readonly number[];
}

const BOTH = [Sex.M, Sex.F] as const;
const RU = [Status.Ru] as const;

/**
 * The catalogue of source groups of Shandong's plan (seed 002: eight groups
 * of migrant workers at 002:71, the urban-village residents at 002:96, the
 * people made urban where they live at 002:126), in the order they are
 * settled each year. Groups overlap (a rural-hukou 20-year-old in town is in
 * the pools of students, new-generation workers, home buyers and others):
 * each group draws on what the groups before it left, so nobody is settled
 * twice, and the narrowest pools come first. A narrow group's eligible share
 * is then a share of its whole band (students: of all rural-hukou
 * 18–22-year-olds), and the broad groups settle from what is left; the seed's
 * order of priority (002:71) would let the broad groups take their share of
 * the students before the students' turn. Age bands and years of stay are
 * this toolkit's reading of the words (src/model/README.md, step 8b); which
 * share of the band is in the group is the scenario's `eligible_share`.
 *
 * @example
 * SETTLEMENT_GROUP_FILTERS[GROUP_INDEX.rural_students].ageMin; // 18
 */
export const SETTLEMENT_GROUP_FILTERS = [
  // 农村籍 = rural hukou: at college in town, whether the census placed them in town or village
  { name: 'rural_students', zh: '农村籍大中专学生', en: 'college and technical-school students of rural origin', seed: '002:71',
    locals: [Status.Ru, Status.Rr], migrantMinStay: 0, ageMin: 18, ageMax: 22, sexes: BOTH },
  // discharged after two to five years of service, back in town or village
  { name: 'veterans', zh: '农村籍退役军人', en: 'veterans of rural origin', seed: '002:71',
    locals: [Status.Ru, Status.Rr], migrantMinStay: Infinity, ageMin: 20, ageMax: 24, sexes: [Sex.M] },
  { name: 'relatives', zh: '长期投靠子女的农村人口', en: 'rural people long living with their children in town', seed: '002:71',
    locals: RU, migrantMinStay: 0, ageMin: 60, ageMax: MAX_AGE, sexes: BOTH },
  // registered here, working in another province: they come back and settle in town
  { name: 'returnees', zh: '省外返乡农民工', en: 'migrant workers returning from other provinces', seed: '002:71',
    locals: [Status.Ra], migrantMinStay: Infinity, ageMin: 16, ageMax: 64, sexes: BOTH },
  // 长期: five or more years of stay for migrants; locals in town carry no stay, their share is eligible_share
  { name: 'first_gen_workers', zh: '长期在城镇稳定就业和居住的第一代农民工', en: 'first-generation migrant workers long settled in town', seed: '002:71',
    locals: RU, migrantMinStay: 5, ageMin: 36, ageMax: 64, sexes: BOTH },
  // born in or after 1980 (≤ 35 in 2015), with their children (及其家属)
  { name: 'newgen_workers', zh: '新生代农民工及其家属', en: 'new-generation migrant workers and their families', seed: '002:71',
    locals: RU, migrantMinStay: 0, ageMin: 0, ageMax: 35, sexes: BOTH },
  // buyers settle with their households: every age
  { name: 'home_buyers', zh: '在城镇购房的农村人口', en: 'rural people who bought a home in town', seed: '002:71',
    locals: RU, migrantMinStay: 0, ageMin: 0, ageMax: MAX_AGE, sexes: BOTH },
  { name: 'others', zh: '其他外来务工人员', en: 'other migrant workers', seed: '002:71',
    locals: RU, migrantMinStay: 0, ageMin: 16, ageMax: 64, sexes: BOTH },
  // villages joined to the built-up area count as urban in the statistics: their villagers are Ru
  { name: 'urban_village', zh: '城中村、城边村原有居民', en: 'original residents of urban and edge villages', seed: '002:96',
    locals: RU, migrantMinStay: Infinity, ageMin: 0, ageMax: MAX_AGE, sexes: BOTH },
  // 就地就近: the place becomes urban and the hukou too
  { name: 'in_place', zh: '农村就地转移就业人口', en: 'rural people with local non-farm jobs, made urban where they live', seed: '002:126',
    locals: [Status.Rr], migrantMinStay: Infinity, ageMin: 0, ageMax: MAX_AGE, sexes: BOTH },
] as const satisfies readonly SettlementGroupFilter[];

export type SettlementGroup = (typeof SETTLEMENT_GROUP_FILTERS)[number]['name'];
export const SETTLEMENT_GROUPS: readonly SettlementGroup[] = SETTLEMENT_GROUP_FILTERS.map((f) => f.name);
export const GROUP_COUNT = SETTLEMENT_GROUP_FILTERS.length;
/** Catalogue index of each group. */
export const GROUP_INDEX = Object.fromEntries(SETTLEMENT_GROUPS.map((g, i) => [g, i])) as Record<SettlementGroup, number>;

/**
 * A group's pool in words, for the docs and the JSON Schema.
 *
 * @example
 * describePool(SETTLEMENT_GROUP_FILTERS[GROUP_INDEX.first_gen_workers]); // 'Ru and Mu[d ≥ 5], aged 36–64'
 */
export function describePool(f: SettlementGroupFilter): string {
  const parts = f.locals.map((s) => STATUS_NAMES[s]);
  if (f.migrantMinStay < Infinity) parts.push(f.migrantMinStay > 0 ? `Mu[d ≥ ${f.migrantMinStay}]` : 'Mu');
  const ages = f.ageMin === 0 && f.ageMax === MAX_AGE ? 'all ages' : f.ageMax === MAX_AGE ? `aged ${f.ageMin}+` : `aged ${f.ageMin}–${f.ageMax}`;
  const who = f.sexes.length === 1 ? (f.sexes[0] === Sex.M ? 'men ' : 'women ') : '';
  const from = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
  return `${from}, ${who}${ages}`;
}
