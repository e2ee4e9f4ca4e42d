import type { CityFacts, CityFactsLookup, CityIds } from './cityFacts.ts';
import { DataError } from '../data/areas.ts';
import { didYouMean } from './didYouMean.ts';
import type { IssueSink } from './issueSink.ts';

/**
 * The facts of the city a scenario names, or undefined after reporting it
 * as unknown (with the closest known id when the ids are known).
 *
 * @example
 * lookUpCity('dallian', { cityFacts, cityIds }, sink); // undefined; sink: unknown city "dallian", did you mean "dalian"?
 */
export function lookUpCity(id: string, options: { readonly cityFacts?: CityFactsLookup; readonly cityIds?: CityIds }, sink: IssueSink): CityFacts | undefined {
  let facts: CityFacts | undefined;
  let why = '';
  try {
    if (!options.cityFacts) why = 'no city data is available';
    else facts = options.cityFacts(id);
  } catch (e) {
    if (e instanceof DataError) throw e; // the data is broken, not the scenario's city
    why = (e as Error).message;
  }
  if (facts) return facts;
  let hint: string | undefined;
  try {
    hint = options.cityIds && didYouMean(id, options.cityIds());
  } catch (e) {
    if (e instanceof DataError) throw e;
    // suggestions are a courtesy: no list, no suggestion
  }
  const reason = hint ? `, did you mean ${JSON.stringify(hint)}?` : why ? ` (${why})` : '';
  sink.add(['city'], 'an area id known in data/areas', JSON.stringify(id), `unknown city ${JSON.stringify(id)}${reason}`);
  return undefined;
}
