import type { CityFacts, CityFactsLookup } from '../../src/scenario/cityFacts.ts';

/**
 * Dalian as the data module describes it (seed 004 L887–907), for tests that
 * must not depend on src/data: baseline 2013, targets 2017 and 2020.
 */
export const DALIAN: CityFacts = {
  area: { id: 'dalian', name: '大连', registeredRateDefinition: 'hukou' },
  baseYear: 2013,
  residentPop: 6_918_000,
  registeredPop: 5_914_000,
  residentRate: 0.685,
  registeredRate: 0.631,
  targets: [
    { year: 2017, metric: 'resident_rate', value: 0.714, seed: '004', line: 901 },
    { year: 2017, metric: 'registered_rate', value: 0.67, seed: '004', line: 901 },
    { year: 2020, metric: 'resident_rate', value: 0.756, seed: '004', line: 905 },
    { year: 2020, metric: 'registered_rate', value: 0.725, seed: '004', line: 905 },
  ],
  settleTargets: [
    { year: 2017, persons: 500_000, kind: 'total', seed: '004', line: 899 },
    { year: 2020, persons: 1_200_000, kind: 'total', seed: '004', line: 903 },
  ],
  figures: [],
};

/** Knows Dalian only; any other id is unknown. */
export const dalianFacts: CityFactsLookup = (id) => (id === 'dalian' ? DALIAN : undefined);
