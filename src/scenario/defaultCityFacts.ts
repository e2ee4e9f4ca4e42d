import { areaIdByName, cityFacts, loadAreas } from '../data/areas.ts';
import type { CityFactsLookup, CityIds, CityNamed } from './cityFacts.ts';

/**
 * City facts from the toolkit's own data (`cityFacts` of src/data/areas.ts,
 * read from data/areas/), the default source for `city:` in scenarios.
 * Throws for an unknown id.
 *
 * @example
 * defaultCityFacts('dalian')?.residentPop; // 6918000
 */
export const defaultCityFacts: CityFactsLookup = (id) => cityFacts(id);

/**
 * The area ids of the toolkit's data.
 *
 * @example
 * defaultCityIds().includes('dalian'); // true
 */
export const defaultCityIds: CityIds = () => loadAreas().map((a) => a.id);

/**
 * The area of the toolkit's data a name names ({@link areaIdByName}).
 *
 * @example
 * defaultCityNamed('大连市'); // 'dalian'
 */
export const defaultCityNamed: CityNamed = (name) => areaIdByName(name);
