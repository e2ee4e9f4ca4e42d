import { existsSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { CityFactsLookup, CityIds, CityNamed } from './cityFacts.ts';
import { defaultCityFacts, defaultCityIds, defaultCityNamed } from './defaultCityFacts.ts';
import { readScenarioChain } from './readScenarioChain.ts';
import { shippedScenarios } from './shippedScenarios.ts';
import { resolveScenario } from './resolve.ts';
import type { ResolvedScenario } from './resolved.ts';
import { ScenarioError, type ScenarioIssue } from './scenarioError.ts';
import type { ScenarioFile } from './scenarioFile.ts';

export interface LoadOptions {
  /** City facts for `city:` (default: `cityFacts` of src/data/areas.ts). */
  readonly cityFacts?: CityFactsLookup;
  /** The ids `cityFacts` knows, for suggestions (default: the areas of src/data/areas.ts when `cityFacts` is the default, else none). */
  readonly cityIds?: CityIds;
  /** The id a city's name names, for suggestions (default: {@link defaultCityNamed} when `cityFacts` is the default, else none). */
  readonly cityNamed?: CityNamed;
}

/**
 * Read a scenario file and the files it extends, merge them with its city's
 * data, validate everything and resolve it into its frozen, fully specified
 * form (every parameter present, defaults filled, quantities as plain
 * numbers). All problems are collected and thrown together as a
 * {@link ScenarioError}. Reads files only: nothing is written.
 *
 * @example
 * const s = loadScenario('scenarios/dalian.yaml');
 * s.parameters.migrant_settle_rate; // { kind: 'dist', spec: { dist: 'uniform', min: 0.03, max: 0.09 } }
 */
export function loadScenario(path: string, options: LoadOptions = {}): ResolvedScenario {
  const { scenario, issues } = run(path, options);
  if (!scenario) throw new ScenarioError(issues);
  return scenario;
}

/**
 * Every problem of a scenario file and the files it extends, without
 * throwing; empty when it loads.
 *
 * @example
 * validateScenario('scenarios/dalian.yaml'); // []
 */
export function validateScenario(path: string, options: LoadOptions = {}): ScenarioIssue[] {
  return run(path, options).issues;
}

function run(path: string, options: LoadOptions): { scenario?: ResolvedScenario; issues: ScenarioIssue[] } {
  const chain = readScenarioChain(path);
  const cityFacts = options.cityFacts ?? defaultCityFacts;
  const cityIds = options.cityIds ?? (cityFacts === defaultCityFacts ? defaultCityIds : undefined);
  const cityNamed = options.cityNamed ?? (cityFacts === defaultCityFacts ? defaultCityNamed : undefined);
  if (chain.issues.length) {
    const area = { cityIds, cityNamed, shipped: cityFacts === defaultCityFacts ? shippedScenarios : undefined };
    return { issues: withExtendedBy(chain.files.length ? chain.issues : chain.issues.map((i) => areaNotFile(path, i, area)), chain.files) };
  }
  const resolved = resolveScenario(chain, { cityFacts, cityIds, cityNamed });
  return { ...resolved, issues: withExtendedBy(resolved.issues, chain.files) };
}

/**
 * A scenario file that does not exist, named without its extension: when `<path>.yaml` is there (`urbsim run
 * scenarios/dalian`), the message names it; else, named as an area is — its id (`urbsim run dalian`, after `urbsim
 * init dalian`) or a planner's name for it (`urbsim run 大连`; `大连市`, `Dalian`: {@link CityNamed}) — it says
 * so, the scenario files the project ships for the area (`shipped`), and how to write one — not only "no such file".
 *
 * @example
 * areaNotFile('大连', issue, { cityIds: defaultCityIds, cityNamed: defaultCityNamed, shipped: shippedScenarios }).message;
 * // 'cannot read the file: no such file; 大连 names the area dalian of data/areas, not a scenario file: its scenarios are
 * // scenarios/dalian.yaml and scenarios/pilots/dalian.yaml (urbsim run scenarios/dalian.yaml), or urbsim init dalian --out dalian.yaml writes one to start from'
 * areaNotFile('scenarios/dalian', issue, { cityIds: defaultCityIds }).message; // 'cannot read the file: no such file; did you mean scenarios/dalian.yaml?'
 */
function areaNotFile(
  path: string,
  issue: ScenarioIssue,
  area: { readonly cityIds?: CityIds; readonly cityNamed?: CityNamed; readonly shipped?: (id: string) => string[] },
): ScenarioIssue {
  if (issue.found !== 'no such file' || extname(path) !== '') return issue;
  if (existsSync(`${path}.yaml`)) return { ...issue, message: `${issue.message}; did you mean ${path}.yaml?` };
  const name = basename(path);
  const id = area.cityIds?.().includes(name) ? name : area.cityNamed?.(name);
  if (id === undefined) return issue;
  const files = area.shipped?.(id) ?? [];
  const shipped = files.length ? `its scenario${files.length > 1 ? 's are' : ' is'} ${files.join(' and ')} (urbsim run ${files[0]}), or ` : '';
  return {
    ...issue,
    message: `${issue.message}; ${id === name ? `${id} is an area` : `${name} names the area ${id}`} of data/areas, not a scenario file: ${shipped}urbsim init ${id} --out ${id}.yaml writes one to start from`,
  };
}

/** Each issue in a parent file, with the chain of files that extend it (`files`: the scenario first, then its parents). */
function withExtendedBy(issues: readonly ScenarioIssue[], files: readonly ScenarioFile[]): ScenarioIssue[] {
  return issues.map((issue) => {
    const k = files.findIndex((f) => f.display === issue.file);
    return k > 0 ? { ...issue, extendedBy: files.slice(0, k).map((f) => f.display).reverse() } : issue;
  });
}
