import { type ObservedPoint, parseObserved } from '../../src/io/readObserved.ts';

/** data/observed/observed.csv's header, written out: a test's rows are read as that file's are. */
export const OBSERVED_HEADER = 'area,metric,year,from_year,months,value,unit,definition,break,source,snippet,note';

/**
 * Huizhou's and Jinchang's resident population and rate in their 2013 base year and in 2015, as data/observed/observed.csv
 * has them (004:4931–4933, 001:371; 004:5988–5990, 001:401): two areas with figures after their base year.
 */
export const HUIZHOU_JINCHANG_ROWS = [
  'huizhou,resident_pop,2013,,,470,万人,resident_6month,,004:4931,,',
  'huizhou,resident_rate,2013,,,66,%,resident_6month,,004:4933,,',
  'huizhou,resident_pop,2015,,,475.5,万人,resident_6month,,001:371,,',
  'huizhou,resident_rate,2015,,,68.1,%,resident_6month,,001:371,,',
  'jinchang,resident_pop,2013,,,46.9,万人,resident_6month,,004:5988,,',
  'jinchang,resident_rate,2013,,,65.6,%,resident_6month,,004:5990,,',
  'jinchang,resident_pop,2015,,,47.05,万人,resident_6month,,001:401,,',
  'jinchang,resident_rate,2015,,,67.96,%,resident_6month,,001:401,,',
];

/** Observed figures from CSV rows under {@link OBSERVED_HEADER}, e.g. `observedPoints(['a,registered_rate,2013,,,41,%,registered_unified,,x,,'])`. */
export const observedPoints = (rows: readonly string[], file = 'test.csv'): ObservedPoint[] => parseObserved([OBSERVED_HEADER, ...rows].join('\n'), file);
