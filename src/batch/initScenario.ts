import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { areaById, areaIdByName, cityFacts, loadAreas } from '../data/areas.ts';
import { parse } from 'yaml';
import { InputError } from '../inputError.ts';
import { SAFE_NAME } from '../scenario/scenarioName.ts';
import { didYouMean } from '../scenario/didYouMean.ts';
import { PLACEHOLDER, defaultParameterLines, defaultVariableLines, pilotScenarioYaml } from './pilotScenarioYaml.ts';

/** A scenario written for a user to start from, and what in it they must replace. */
export interface InitScenario {
  readonly yaml: string;
  /** Keys holding a placeholder (the data lack the figure), e.g. `baseline.resident_pop`. */
  readonly placeholders: readonly string[];
}

/** Where the toolkit's own files are, whatever the working directory. */
const TOOLKIT = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/**
 * The scenario `urbsim init AREA` writes for one of the areas of data/areas
 * (any of its 73: pilots, case areas, the nation): the same generator and
 * defaults as scenarios/pilots ({@link pilotScenarioYaml}), each seed figure
 * with its seed and line, each assumption commented as one, and what the
 * data lack filled with a placeholder the file and `placeholders` name.
 * `schema` is the path of scenarios/urbsim.schema.json as seen from where the
 * file will be. Throws {@link InputError} for an unknown area, with a
 * suggestion, and for an empty one.
 *
 * @example
 * const { yaml, placeholders } = initScenario('langzhong', { schema: '../scenarios/urbsim.schema.json' });
 * placeholders; // ['baseline.resident_pop']
 */
export function initScenario(id: string, o: { schema: string; name?: string }): InitScenario {
  // `init ""`, `init "$CITY"` with CITY unset: said so, not as an unknown area `` followed by the 73 ids.
  if (id.trim() === '')
    throw new InputError(`init: expected an area id of data/areas/areas.csv (e.g. urbsim init dalian) or --blank for a city of your own, found ${id === '' ? 'an empty text ("")' : `only spaces (${JSON.stringify(id)})`}`);
  if (!areaById(id)) {
    const ids = loadAreas().map((a) => a.id);
    // A name (威海, 威海市, Weihai) names its area's id; else the id nearest in spelling.
    const named = areaIdByName(id);
    const hint = named ?? didYouMean(id, ids);
    const area = named === undefined ? undefined : areaById(named)!;
    throw new InputError(
      `init: unknown area \`${id}\`${hint ? `, did you mean \`${hint}\`${area ? ` (${area.nameZh} ${area.nameEn})` : ''}?` : ''} (the ${ids.length} areas of data/areas/areas.csv, by id: ${ids.join(', ')}); or --blank for a city of your own`,
    );
  }
  const curated = `scenarios/${id}.yaml`;
  const name = o.name === undefined ? undefined : nameText(o.name);
  const yaml = pilotScenarioYaml(cityFacts(id), { init: { schema: o.schema, name, curated: existsSync(TOOLKIT(curated)) ? curated : undefined } })!;
  const placeholders = yaml
    .split('\n')
    .filter((l) => l.includes(`# ${PLACEHOLDER},`))
    .map((l) => {
      const key = l.trim().split(':')[0];
      return key === 'years' ? 'years.start' : `baseline.${key}`;
    });
  return { yaml, placeholders };
}

/**
 * A scenario name as `init` writes it after `name:`: checked as the scenario's name is (it names the output folder),
 * and quoted where YAML would read it as another value (2030, null, true). Written as given, `a/b` or `-x` made a
 * file that did not validate, `a: b` one that was not YAML, `x # y` the name x, an empty name none, and 2030 a number.
 *
 * @example
 * nameText('my-dalian'); // 'my-dalian'
 * nameText('2030');      // '"2030"'
 */
function nameText(name: string): string {
  if (!SAFE_NAME.test(name))
    throw new InputError(`init: --name: expected a name of letters, digits, _, and . or - after the first (it names the output folder), found ${JSON.stringify(name)}`);
  return parse(name) === name ? name : JSON.stringify(name);
}

/** The toolkit's JSON Schema of scenario files (absolute path). */
export const SCHEMA_PATH = TOOLKIT('scenarios/urbsim.schema.json');

/**
 * The scenario `urbsim init --blank` writes: a template for a city the
 * toolkit has no data on. Every figure of the city is a placeholder marked
 * `YOURS` (valid as it stands, so the file validates and runs before it is
 * edited), the uncertain behaviour the generator's default ranges, and each
 * key says what it means.
 *
 * @example
 * blankScenario({ schema: 'scenarios/urbsim.schema.json', name: 'my-city' }).yaml;
 */
export function blankScenario(o: { schema: string; name?: string }): InitScenario {
  const name = nameText(o.name ?? 'my-city');
  const yaml = [
    `# yaml-language-server: $schema=${o.schema}`,
    `# A scenario for a city of your own, written by \`urbsim init --blank\`. Every value marked YOURS is a placeholder:`,
    '# replace it with the city\'s figure and say where it is written (a plan, a yearbook, a bulletin). Values commented',
    '# "default" or "default range" are the generator\'s assumptions (src/batch/pilotScenarioYaml.ts): narrow them where',
    '# you know better, keep them as ranges where you do not. Keys and units: scenarios/README.md.',
    `name: ${name}`,
    'years: { start: 2020, end: 2030 }   # YOURS: the year of the baseline figures, and the last year to project',
    'registered_rate_definition: hukou   # YOURS: hukou (urban-hukou holders / registered) or residence (registered living in towns / registered)',
    'baseline:',
    '  resident_pop: 100万   # YOURS: 常住人口 (residents of at least 6 months)',
    '  registered_pop: 80万   # YOURS: 户籍人口',
    '  resident_rate: 60%   # YOURS: 常住人口城镇化率',
    '  registered_rate: 45%   # YOURS: 户籍人口城镇化率',
    '  # migrant_pop: 25万   # YOURS if known: residents holding another place\'s hukou (default: derived from the figures above)',
    '# plain settlement: a yearly rate of eligible migrants; see scenarios/README.md for open, conditions and points',
    'settlement_mode: plain',
    'variables:',
    ...defaultVariableLines(),
    'parameters:',
    ...defaultParameterLines('unspecified'),
    '  # cost_one_off: 100000   # YOURS: yuan per person made citizen (市民化), with cost_share_government / cost_share_enterprise',
    'shocks:',
    '  inflow: { ar1: { phi: 0.5, sigma: 0.1 } }   # default: yearly ups and downs of the inflow',
    'uncertainty: default   # year-to-year variation of the rates and errors of the baseline figures by caliber (src/model/README.md, "Sources of uncertainty")',
    'targets:   # YOURS: the plan\'s targets, each with its source',
    '  - { metric: resident_rate, year: 2030, op: ">=", value: 65%, source: "YOURS: the plan and its page" }',
    '  - { metric: registered_rate, year: 2030, op: ">=", value: 50%, source: "YOURS: the plan and its page" }',
    'settlement_plan:   # YOURS: people the plan promises to settle (落户) by a year, cumulative',
    '  - { year: 2030, persons: 10万, kind: total, source: "YOURS: the plan and its page" }',
    'monte_carlo: { runs: 1000, seed: 1, sampler: lhs }',
    '',
  ].join('\n');
  const placeholders = yaml
    .split('\n')
    .filter((l) => /^\s*[a-z_]+:.*# YOURS/.test(l))
    .map((l) => l.trim().split(':')[0]);
  return { yaml, placeholders };
}
