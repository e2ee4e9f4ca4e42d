import type { CityFacts, CityFactsLookup, CityIds, CityNamed } from './cityFacts.ts';
import { DataError } from '../data/areas.ts';
import { didYouMean } from './didYouMean.ts';
import type { IssueSink } from './issueSink.ts';

/**
 * The facts of the city a scenario names, or undefined after reporting it
 * as unknown (with the id its name names, `cityNamed`, else the closest known id when the ids are known).
 *
 * @example
 * lookUpCity('dallian', { cityFacts, cityIds }, sink); // undefined; sink: unknown city "dallian", did you mean "dalian"?
 * lookUpCity('大连市', { cityFacts, cityIds, cityNamed }, sink); // undefined; sink: unknown city "大连市", did you mean "dalian"? (a city is named by its id …)
 */
export function lookUpCity(id: string, options: { readonly cityFacts?: CityFactsLookup; readonly cityIds?: CityIds; readonly cityNamed?: CityNamed }, sink: IssueSink): CityFacts | undefined {
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
  let named: string | undefined;
  try {
    named = options.cityNamed?.(id);
    hint = named ?? (options.cityIds && didYouMean(id, options.cityIds()));
  } catch (e) {
    if (e instanceof DataError) throw e;
    // suggestions are a courtesy: no list, no suggestion
  }
  // A name, not an id (威海市, Weihai): the id to write. The lookup's own "unknown area" repeats the line's news.
  const ids = 'a city is named by its id in data/areas/areas.csv';
  const reason = named ? `, did you mean ${JSON.stringify(named)}? (${ids})` : hint ? `, did you mean ${JSON.stringify(hint)}?` : why.startsWith('cityFacts: unknown area') ? ` (${ids})` : why ? ` (${why})` : '';
  sink.add(['city'], 'an area id known in data/areas', JSON.stringify(id), `unknown city ${JSON.stringify(id)}${reason}`);
  return undefined;
}
