/**
 * The 2010 census's children of migrants (ACWF 2013 from the census sample, ../shared/reference/china_reference.csv),
 * in 万, and what the engine's defaults take from them: children aged 0–5 and 6–14 living with migrant parents
 * (流动儿童, :559–560) and rural children aged 0–5 left behind by migrating parents (留守儿童, :563).
 *
 * @example
 * NEWBORN_STAY_RANGE; // { min: 0.295, max: 0.583 }
 */
export const CENSUS_YOUNG_CHILDREN = { withMigrantParents: 981, withMigrantParents6to14: 1472, leftBehindRural: 2342 } as const;

/**
 * Children aged 0–14 among migrants: the census's co-resident children 0–14 ({@link CENSUS_YOUNG_CHILDREN}, 2,453万)
 * over the migrants (流动人口 2.30亿 in 2011, :531, the count nearest the census that excludes moves within a city):
 * 10.7 %. Over the census's 2.61亿 people living away from their hukou place (:530, moves within a city included) it
 * would be 9.4 %. The CMDS's 21.7 % (2016, :539; 19.8 % in 2011, :536) is twice it: the survey samples migrant
 * households, not all migrants. The share of the baseline's migrant stock and of the arrivals.
 */
export const CENSUS_MIGRANT_CHILD_SHARE = 0.107;

/**
 * The largest share of the left-behind young children whose mother stayed home (only the father away) that the
 * default range allows, an **assumption**: the reference does not split the ACWF count by which parent left.
 */
export const LEFT_BEHIND_MOTHER_HOME_MAX = 0.7;

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * The share of migrant mothers' newborns raised in the city (`migrantNewbornStay`, src/model/README.md step 2 and
 * "Sources of uncertainty", 7), the range a scenario naming a city draws it from, uniform. Lower end: the census's
 * co-resident share of migrants' young children, 981 / (981 + 2,342) = 0.295, as if every left-behind child's mother
 * had migrated. The left-behind count also holds children whose mother stayed home, who are not a migrant mother's
 * newborn sent away; taking out a share m of them gives 981 / (981 + (1 − m) · 2,342): upper end at m = 0.7 (an
 * assumption), 0.583. The engine default is its midpoint.
 */
export const NEWBORN_STAY_RANGE = (() => {
  const { withMigrantParents: a, leftBehindRural: b } = CENSUS_YOUNG_CHILDREN;
  return { min: r3(a / (a + b)), max: r3(a / (a + (1 - LEFT_BEHIND_MOTHER_HOME_MAX) * b)) } as const;
})();

/** The engine default of `migrantNewbornStay`: the midpoint of {@link NEWBORN_STAY_RANGE}, 0.439. */
export const NEWBORN_STAY_MIDPOINT = r3((NEWBORN_STAY_RANGE.min + NEWBORN_STAY_RANGE.max) / 2);
