import { describe, expect, it } from 'vitest';
import { readdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RETURN_HAZARD, YEARLY_DEFAULTS } from '../../src/model/params.ts';
import { PARAMETERS, PARAMETER_KEYS, ScenarioError, formatIssues, loadScenario, scenarioHash, validateScenario } from '../../src/scenario/api.ts';
import { compileScenario } from '../../src/montecarlo/compileScenario.ts';
import { emptyModelParams } from '../../src/montecarlo/compileWithTrees.ts';
import { dalianFacts } from './cityStub.ts';
import { MINIMAL, writeScenarios } from './tempScenarios.ts';

const load = (text: string, name = 's.yaml') => loadScenario(join(writeScenarios({ [name]: text }), name), { cityFacts: dalianFacts });
const issuesOf = (text: string) => formatIssues(validateScenario(join(writeScenarios({ 's.yaml': text }), 's.yaml'), { cityFacts: dalianFacts }));

describe('loadScenario: a fully specified, frozen scenario', () => {
  it('fills every default', () => {
    const s = load(MINIMAL);
    expect(s.version).toBe(1);
    expect(s.name).toBe('s');
    expect(s.years).toEqual({ start: 2013, end: 2020 });
    expect(s.baseline).toEqual({ residentPop: 6_918_000, registeredPop: 5_914_000, residentRate: 0.685, registeredRate: 0.631 });
    expect(Object.keys(s.parameters).sort()).toEqual([...PARAMETER_KEYS].sort());
    for (const k of PARAMETER_KEYS) expect(s.parameters[k]).toEqual({ kind: 'number', value: YEARLY_DEFAULTS[PARAMETERS[k].model] });
    expect(s.variables).toEqual({});
    expect(s.migrantReturnHazard).toEqual(DEFAULT_RETURN_HAZARD);
    expect(s.migrantSettleMinYears).toBe(3);
    expect(s.registeredRateDefinition).toBe('hukou');
    expect(s.settlementMode).toBe('plain');
    expect(s.schoolAge).toEqual({ min: 6, max: 14 });
    expect(s.parentsPerChild).toBe(1.5);
    expect(s.shocks).toEqual({});
    expect(s.targets).toEqual([]);
    expect(s.monteCarlo).toEqual({ runs: 1000, seed: 1, sampler: 'lhs' });
    expect(s.evaluationOrder).toEqual([]);
  });

  it('is frozen all the way down', () => {
    const s = load(`${MINIMAL}parameters: { migrant_settle_rate: { dist: uniform, min: 4%, max: 8% } }\n`);
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.parameters.migrant_settle_rate)).toBe(true);
    expect(Object.isFrozen(s.migrantReturnHazard)).toBe(true);
    expect(() => {
      (s.years as { start: number }).start = 2000;
    }).toThrow(TypeError);
  });

  it('reads every value form of the README example', () => {
    const s = load(`years: { start: 2013, end: 2020 }
baseline: { resident_pop: 691.8万, registered_pop: 591.4万, resident_rate: 68.5%, registered_rate: 63.1%, migrant_pop: 120万, away_pop: 10万, assume: { migrant_urban_share: 0.9 } }
registered_rate_definition: residence
variables:
  growth: { dist: normal, mean: 2%, sd: 1% }
parameters:
  inflow: "20万 * (1 + growth) ^ (year - 2013)"
  migrant_settle_rate: { dist: uniform, min: 4%, max: 8% }
  e0_female: "79 + 0.15 * (year - 2013)"
  local_settle_rate: 5%
  settle_quota: .inf
migrant_return_hazard: 8%
migrant_settle_min_years: 3
settlement_mode: points
school_age: { min: 7, max: 15 }
parents_per_child: 2
shocks:
  inflow: { ar1: { phi: 0.5, sigma: 0.1 } }
targets:
  - { metric: resident_rate, year: 2020, op: ">=", value: 75.6% }
  - { metric: migrant_pop, year: 2019, op: "<=", value: 150万, source: "my guess" }
settlement_plan:
  - { year: 2020, persons: 120万 }
monte_carlo: { runs: 200, seed: 42, sampler: independent }
`);
    expect(s.baseline).toEqual({ residentPop: 6_918_000, registeredPop: 5_914_000, residentRate: 0.685, registeredRate: 0.631, migrantPop: 1_200_000, awayPop: 100_000, assume: { migrantUrbanShare: 0.9 } });
    expect(s.registeredRateDefinition).toBe('residence');
    expect(s.parameters.inflow).toEqual({ kind: 'expr', text: '20万 * (1 + growth) ^ (year - 2013)', symbols: ['growth', 'year'] });
    expect(s.parameters.local_settle_rate).toEqual({ kind: 'number', value: 0.05 });
    expect(s.parameters.settle_quota).toEqual({ kind: 'number', value: Infinity });
    expect(s.migrantReturnHazard).toEqual(new Array(11).fill(0.08));
    expect(s.settlementMode).toBe('points');
    expect(s.schoolAge).toEqual({ min: 7, max: 15 });
    expect(s.parentsPerChild).toBe(2);
    expect(s.shocks).toEqual({ inflow: { type: 'ar1', phi: 0.5, sigma: 0.1 } });
    expect(s.targets).toEqual([
      { id: 'resident_rate>=0.756@2020', metric: 'resident_rate', year: 2020, op: '>=', value: 0.756, source: 's.yaml' },
      { id: 'migrant_pop<=1500000@2019', metric: 'migrant_pop', year: 2019, op: '<=', value: 1_500_000, source: 'my guess' },
    ]);
    expect(s.settlementPlan).toEqual([{ year: 2020, persons: 1_200_000, kind: 'total', source: 's.yaml' }]);
    expect(s.monteCarlo).toEqual({ runs: 200, seed: 42, sampler: 'independent' });
    expect(s.evaluationOrder).toEqual(['e0_female', 'growth', 'inflow', 'migrant_settle_rate']);
  });

  it('orders expressions after what they read', () => {
    const s = load(`${MINIMAL}variables:\n  z: "inflow / 1000"\n  a: 2%\nparameters:\n  inflow: "20万 * (1 + a) ^ t"\n  reclass_persons: "z * 3"\n`);
    expect(s.evaluationOrder).toEqual(['inflow', 'z', 'reclass_persons']);
  });
});

describe('urban-hukou villagers: the pace unless urban_hukou_to_town_rate is set (src/model/README.md, step 6)', () => {
  it('follows the pace when no file of the chain sets the rate, and moves at the rate when one does', () => {
    const dir = writeScenarios({
      'base.yaml': MINIMAL,
      'set.yaml': `${MINIMAL}parameters: { urban_hukou_to_town_rate: 0% }\n`,
      'child.yaml': 'extends: set.yaml\n',
      'plain-child.yaml': 'extends: base.yaml\nparameters: { rural_to_town_rate: 3% }\n',
    });
    const at = (f: string) => loadScenario(join(dir, f), { cityFacts: dalianFacts });
    expect(at('base.yaml').urbanHukouToTownFollowsPace).toBe(true);
    expect(at('plain-child.yaml').urbanHukouToTownFollowsPace).toBe(true);
    expect(at('set.yaml').urbanHukouToTownFollowsPace).toBe(false);
    expect(at('child.yaml').urbanHukouToTownFollowsPace).toBe(false);
    // and the engine is told
    expect(emptyModelParams(compileScenario(at('base.yaml'))).urbanHukouToTownFollowsPace).toBe(true);
    expect(emptyModelParams(compileScenario(at('child.yaml'))).urbanHukouToTownFollowsPace).toBe(false);
  });

  it('no shipped scenario sets the rate: none has a source for it', () => {
    for (const f of readdirSync('scenarios').filter((n) => n.endsWith('.yaml')))
      expect(loadScenario(join('scenarios', f)).urbanHukouToTownFollowsPace, f).toBe(true);
  });
});

describe('loadScenario: city data', () => {
  it('takes baseline, base year, definition, targets and settlement plan from the city', () => {
    const s = load('city: dalian\nyears: { end: 2035 }\n');
    expect(s.city).toBe('dalian');
    expect(s.years).toEqual({ start: 2013, end: 2035 });
    expect(s.baseline).toEqual({ residentPop: 6_918_000, registeredPop: 5_914_000, residentRate: 0.685, registeredRate: 0.631 });
    expect(s.targets.map((t) => [t.id, t.source])).toEqual([
      ['resident_rate>=0.714@2017', 'data: seed 004 L901'],
      ['registered_rate>=0.67@2017', 'data: seed 004 L901'],
      ['resident_rate>=0.756@2020', 'data: seed 004 L905'],
      ['registered_rate>=0.725@2020', 'data: seed 004 L905'],
    ]);
    expect(s.settlementPlan?.map((p) => [p.year, p.persons, p.source])).toEqual([
      [2017, 500_000, 'data: seed 004 L899'],
      [2020, 1_200_000, 'data: seed 004 L903'],
    ]);
  });

  it('lets the scenario override any of it', () => {
    // The start year stays the city's: its other baseline figures are of that year (a later start with them is refused, below).
    const s = load('city: dalian\nyears: { start: 2013, end: 2019 }\nbaseline: { resident_pop: 700万 }\nregistered_rate_definition: residence\n');
    expect(s.years).toEqual({ start: 2013, end: 2019 });
    expect(s.baseline.residentPop).toBe(7_000_000);
    expect(s.baseline.registeredPop).toBe(5_914_000);
    expect(s.registeredRateDefinition).toBe('residence');
    expect(s.targets.map((t) => t.year)).toEqual([2017, 2017]); // the city's 2020 targets fall outside the years
    expect(load('city: dalian\nyears: { end: 2035 }\ntargets: []\n').targets).toEqual([]);
    expect(load('city: dalian\nyears: { end: 2035 }\ntargets: [ { metric: rate_gap, year: 2030, op: "<=", value: 2% } ]\n').targets.map((t) => t.id)).toEqual(['rate_gap<=0.02@2030']);
  });

  it("uses the city's migrant figure only where it fits the populations, and a key set to nothing removes the city's value", () => {
    const withMigrants = (migrantPop: number) => (id: string) => (id === 'dalian' ? { ...dalianFacts('dalian')!, migrantPop } : undefined);
    const loadWith = (text: string, migrantPop: number) => loadScenario(join(writeScenarios({ 's.yaml': text }), 's.yaml'), { cityFacts: withMigrants(migrantPop) });
    // residents 691.8万 − registered 591.4万 = 100.4万 at least (nobody away)
    expect(loadWith('city: dalian\nyears: { end: 2020 }\n', 1_200_000).baseline.migrantPop).toBe(1_200_000);
    expect(loadWith('city: dalian\nyears: { end: 2020 }\n', 900_000).baseline.migrantPop).toBeUndefined();
    expect(loadWith('city: dalian\nyears: { end: 2020 }\nbaseline: { migrant_pop: 110万 }\n', 900_000).baseline.migrantPop).toBe(1_100_000);
    expect(loadWith('city: dalian\nyears: { end: 2020 }\nbaseline: { migrant_pop: }\n', 1_200_000).baseline.migrantPop).toBeUndefined();
    expect(() => loadWith('city: dalian\nyears: { end: 2020 }\nbaseline: { resident_pop: null }\n', 1_200_000)).toThrow('baseline.resident_pop: expected a number of persons, found nothing');
  });

  it("refuses a start year other than the city's base year while the city gives the baseline figures, which are of its base year", () => {
    // cityStub's Dalian: base year 2013, resident_pop 691.8万 … (seed 004 L887–891). Starting in 2015 ran Dalian's 2013
    // figures as 2015's, without a word.
    expect(issuesOf('city: dalian\nyears: { start: 2015, end: 2020 }\n')).toMatch(/\/s\.yaml:2:17 /);
    expect(issuesOf('city: dalian\nyears: { start: 2015, end: 2020 }\n')).toContain(
      `years.start: expected dalian's base year 2013, the year of the baseline figures data/areas gives for it (resident_pop, registered_pop, resident_rate, registered_rate), found 2015: ` +
        "to start in 2015, write dalian's 2015 figures under baseline; else start in 2013",
    );
    // Two of them written: the other two are still the city's.
    expect(issuesOf('city: dalian\nyears: { start: 2015, end: 2020 }\nbaseline: { resident_pop: 698.7万, resident_rate: 70%, registered_rate: 64% }\n')).toContain('(registered_pop), found 2015');
    // Every figure written, or the base year kept: nothing to say.
    expect(issuesOf('city: dalian\nyears: { start: 2015, end: 2020 }\nbaseline: { resident_pop: 698.7万, registered_pop: 594万, resident_rate: 70%, registered_rate: 64% }\n')).toBe('');
    expect(issuesOf('city: dalian\nyears: { start: 2013, end: 2020 }\n')).toBe('');
  });

  it('reports an unknown city, and does not ask for what the city would have given', () => {
    expect(issuesOf('city: atlantis\nyears: { end: 2035 }\n')).toMatch(/s\.yaml:1:7 city: unknown city "atlantis"$/);
  });

  it('reports what neither the scenario nor the city gives', () => {
    const facts = () => ({ area: {}, baseYear: 2013, residentPop: 6_918_000, targets: [] });
    const text = formatIssues(validateScenario(join(writeScenarios({ 's.yaml': 'city: x\nyears: { end: 2020 }\n' }), 's.yaml'), { cityFacts: facts }));
    // The file names a city already: "or name a city whose data has it" sent the writer after one more (Weihai's data has no registered_pop).
    expect(text).toContain("baseline.registered_pop: expected a number of persons, found nothing (city x's data gives none: write it here)");
    expect(text).toContain('baseline.resident_rate');
  });
});

describe('targets', () => {
  it('checks metric, year and value unit', () => {
    const text = issuesOf(`${MINIMAL}targets:\n  - { metric: resident_rate, year: 2012, value: 75% }\n  - { metric: migrant_pop, year: 2018, value: 5% }\n  - { metric: resident_rate, year: 2018, op: ">", value: 75% }\n  - { metric: resident_rate, year: 2019, value: 75% }\n  - { metric: resident_rate, year: 2019, value: 75% }\n`);
    expect(text).toContain("4:36 targets.0.year: expected a year within the scenario's years, 2013 to 2020, found 2012");
    expect(text).toContain('5:47 targets.1.value: expected a number of persons, like 6918000 or 691.8万, found 5% (percentages are only for rates and shares)');
    expect(text).toContain('6:46 targets.2.op: expected one of >=, <=, found ">"');
    expect(text).toContain('8:5 targets.4: duplicate target resident_rate>=0.75@2019');
  });
});

describe('scenarioHash', () => {
  const text = `${MINIMAL}name: h\nparameters: { migrant_settle_rate: { dist: uniform, min: 4%, max: 8% } }\nmonte_carlo: { runs: 100 }\n`;
  it('is the same for the same scenario wherever the file is, and whatever order the keys are in', () => {
    const a = load(text);
    const dir = writeScenarios({ 'elsewhere/other-name.yaml': `monte_carlo: { runs: 100 }\nname: h\n${MINIMAL}parameters: { migrant_settle_rate: { dist: uniform, max: 8%, min: 4% } }\n` });
    const b = loadScenario(join(dir, 'elsewhere/other-name.yaml'));
    expect(scenarioHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(scenarioHash(b)).toBe(scenarioHash(a));
  });
  it('changes with anything that changes the run, the number of runs included', () => {
    const base = scenarioHash(load(text));
    expect(scenarioHash(load(text.replace('runs: 100', 'runs: 101')))).not.toBe(base);
    expect(scenarioHash(load(text.replace('max: 8%', 'max: 9%')))).not.toBe(base);
    expect(scenarioHash(load(`${text}variables: { x: 1 }\n`))).not.toBe(base);
    expect(scenarioHash(load(text.replace('name: h', 'name: h2')))).not.toBe(base);
  });
});

describe('validateScenario', () => {
  it('returns nothing for a good scenario and every issue for a bad one, without throwing', () => {
    expect(validateScenario(join(writeScenarios({ 's.yaml': MINIMAL }), 's.yaml'))).toEqual([]);
    const issues = validateScenario(join(writeScenarios({ 's.yaml': 'years: { start: 2013, end: 2010 }\nbaseline: { resident_pop: -1 }\nfoo: 1\n' }), 's.yaml'));
    expect(issues.map((i) => i.path)).toEqual(['years.end', 'baseline.registered_pop', 'baseline.resident_rate', 'baseline.registered_rate', 'baseline.resident_pop', 'foo']);
  });

  it('says where a file is missing', () => {
    expect(validateScenario('no/such/file.yaml')).toEqual([expect.objectContaining({ file: 'no/such/file.yaml', line: 1, column: 1, message: 'cannot read the file: no such file' })]);
  });

  it('throws a ScenarioError whose format() prints one issue per line', () => {
    const dir = writeScenarios({ 's.yaml': `${MINIMAL}parameters:\n  inflow: { dist: normal, mean: 20万, sd: -3, lower: 0 }\n  local_settle_rate: 120%\n` });
    try {
      loadScenario(join(dir, 's.yaml'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      expect((e as ScenarioError).format()).toBe(
        [`${join(dir, 's.yaml')}:4:42 parameters.inflow.sd: expected a positive number, found -3`, `${join(dir, 's.yaml')}:5:22 parameters.local_settle_rate: expected a rate from 0% to 100%, found 120%`].join('\n'),
      );
      expect((e as ScenarioError).issues[0]).toEqual({ file: join(dir, 's.yaml'), path: 'parameters.inflow.sd', line: 4, column: 42, expected: 'a positive number', found: '-3', message: 'expected a positive number, found -3' });
    }
  });

  it('writes nothing anywhere', () => {
    const dir = writeScenarios({ 'good.yaml': MINIMAL, 'bad.yaml': 'years: 1\n' });
    copyFileSync(join(dir, 'good.yaml'), join(dir, 'copy.yaml'));
    const before = readdirSync(dir).sort();
    loadScenario(join(dir, 'good.yaml'));
    validateScenario(join(dir, 'bad.yaml'));
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});

describe('name', () => {
  it('must be usable as a folder name', () => {
    expect(load(`${MINIMAL}name: 大连-open_2.v1\n`).name).toBe('大连-open_2.v1');
    expect(issuesOf(`${MINIMAL}name: ../../etc\n`)).toContain('3:7 name: expected a name of letters, digits, _, . and - (it names the output folder), found "../../etc"');
    expect(issuesOf(`${MINIMAL}name: .hidden\n`)).toContain('name: expected a name of letters');
  });
});

describe('city data from src/data', () => {
  it('gives Dalian its seed 004 figures, cost included, each target citing its line', () => {
    const s = loadScenario(join(writeScenarios({ 'd.yaml': 'city: dalian\nyears: { end: 2020 }\n' }), 'd.yaml'));
    expect(s.years.start).toBe(2013);
    expect(s.baseline).toMatchObject({ residentPop: 6_918_000, registeredPop: 5_914_000, residentRate: 0.685, registeredRate: 0.631 });
    expect(s.targets.find((t) => t.id === 'resident_rate>=0.756@2020')?.source).toBe('data: seed 004 L913');
    expect(s.parameters.cost_one_off).toEqual({ kind: 'number', value: 110_000 });
    expect(s.parameters.cost_share_government).toEqual({ kind: 'number', value: 0.4 });
    expect(s.settlementPlan?.find((p) => p.year === 2020 && p.kind === 'total')?.persons).toBe(1_200_000);
  });

  it('suggests the closest known id for a misspelt city', () => {
    expect(formatIssues(validateScenario(join(writeScenarios({ 'd.yaml': 'city: dallian\nyears: { end: 2020 }\n' }), 'd.yaml')))).toMatch(/d\.yaml:1:7 city: unknown city "dallian", did you mean "dalian"\?$/);
  });

  it("a city written by its name (大连市, 大连, Dalian) is pointed to its id; an unknown one is told where the ids are, not the lookup's own words", () => {
    const issue = (city: string) => formatIssues(validateScenario(join(writeScenarios({ 'd.yaml': `city: ${city}\nyears: { end: 2020 }\n` }), 'd.yaml')));
    // data/areas/areas.csv: dalian,大连市,Dalian; 威海市 Weihai. The edit distance reached no id from a Chinese name, and
    // the message was 'unknown city "大连市" (cityFacts: unknown area '大连市')'.
    for (const [city, id] of [['大连市', 'dalian'], ['大连', 'dalian'], ['Dalian', 'dalian'], ['威海', 'weihai']])
      expect(issue(city)).toMatch(new RegExp(`d\\.yaml:1:7 city: unknown city "${city}", did you mean "${id}"\\? \\(a city is named by its id in data/areas/areas\\.csv\\)$`));
    expect(issue('atlantis')).toMatch(/d\.yaml:1:7 city: unknown city "atlantis" \(a city is named by its id in data\/areas\/areas\.csv\)$/);
  });
});

// `urbsim run dalian` after `urbsim init dalian` said only "dalian:1:1 cannot read the file: no such file".
describe('a scenario file that does not exist, named as an area is', () => {
  it('says the name is an area and how to write a scenario of it; any other missing file as before', () => {
    const dir = writeScenarios({});
    // Run from the project (as the tests are), its shipped scenarios of the area as the working folder shows them.
    expect(validateScenario(join(dir, 'dalian')).map((i) => i.message)).toEqual([
      'cannot read the file: no such file; dalian is an area of data/areas, not a scenario file: its scenarios are scenarios/dalian.yaml and scenarios/pilots/dalian.yaml ' +
        '(urbsim run scenarios/dalian.yaml), or urbsim init dalian --out dalian.yaml writes one to start from',
    ]);
    expect(validateScenario(join(dir, 'dalian.yaml')).map((i) => i.message)).toEqual(['cannot read the file: no such file']);
    expect(validateScenario(join(dir, 'nowhere')).map((i) => i.message)).toEqual(['cannot read the file: no such file']);
  });

  it('named by a planner\'s name for the area (urbsim run 大连): the area named, its shipped scenarios, urbsim init', () => {
    // `urbsim run 大连` said only "大连:1:1 cannot read the file: no such file". data/areas/areas.csv: dalian,大连市,Dalian;
    // weihai has a pilot scenario (scenarios/pilots/weihai.yaml) and no hand-curated one.
    const dir = writeScenarios({});
    const dalian = 'the area dalian of data/areas, not a scenario file: its scenarios are scenarios/dalian.yaml and scenarios/pilots/dalian.yaml (urbsim run scenarios/dalian.yaml), ' +
      'or urbsim init dalian --out dalian.yaml writes one to start from';
    for (const name of ['大连', '大连市', 'Dalian'])
      expect(validateScenario(join(dir, name)).map((i) => i.message)).toEqual([`cannot read the file: no such file; ${name} names ${dalian}`]);
    expect(validateScenario(join(dir, '威海')).map((i) => i.message)).toEqual([
      'cannot read the file: no such file; 威海 names the area weihai of data/areas, not a scenario file: its scenario is scenarios/pilots/weihai.yaml (urbsim run scenarios/pilots/weihai.yaml), ' +
        'or urbsim init weihai --out weihai.yaml writes one to start from',
    ]);
    // 天津 names two areas (Tianjin Ji County, Jinnan District): none pointed to.
    expect(validateScenario(join(dir, '天津')).map((i) => i.message)).toEqual(['cannot read the file: no such file']);
  });

  it('named without the .yaml of a file that is there (urbsim run scenarios/dalian): names that file, not urbsim init', () => {
    // `urbsim run scenarios/dalian` was told to write a scenario of the area with urbsim init, beside the shipped one.
    const dir = writeScenarios({ 'dalian.yaml': 'city: dalian\n', 'mine.yaml': 'city: dalian\n' });
    expect(validateScenario(join(dir, 'dalian')).map((i) => i.message)).toEqual([`cannot read the file: no such file; did you mean ${join(dir, 'dalian')}.yaml?`]);
    expect(validateScenario(join(dir, 'mine')).map((i) => i.message)).toEqual([`cannot read the file: no such file; did you mean ${join(dir, 'mine')}.yaml?`]);
  });
});
