import { type ObservedPoint, parseObserved } from '../../src/io/readObserved.ts';

/** data/observed/observed.csv's header, written out: a test's rows are read as that file's are. */
export const OBSERVED_HEADER = 'area,metric,year,from_year,months,value,unit,definition,break,source,snippet,note';

/** Observed figures from CSV rows under {@link OBSERVED_HEADER}, e.g. `observedPoints(['a,registered_rate,2013,,,41,%,registered_unified,,x,,'])`. */
export const observedPoints = (rows: readonly string[], file = 'test.csv'): ObservedPoint[] => parseObserved([OBSERVED_HEADER, ...rows].join('\n'), file);
