/**
 * The most any count of a scenario may be: 20亿 persons (and as many school places or dwellings, one per person).
 * No area of China holds more people than China, 13.40亿 at the 2010 census (1,339,724,852: the communiqué,
 * china_reference.csv:2's note; scenarios/national.yaml) and under 14.2亿 since; 20亿 leaves room above any of its
 * figures. More is a slip (万 applied twice: `691.8万万`, or `6918000万`) or a number beyond any population (1e308
 * was read, and counts then overflowed: a rate printed 0.0 %): refused where it is written rather than run.
 * A ceiling on what is written, not a range: searches and calibration scales of a count stay open above
 * (openMax in valueRule.ts).
 */
export const MOST_PERSONS = 2e9;
