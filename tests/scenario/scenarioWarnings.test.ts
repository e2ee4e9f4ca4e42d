import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/api.ts';
import { scenarioWarnings, writesRegisteredBreak, writtenParameterKeys } from '../../src/scenario/scenarioWarnings.ts';
import { cli } from '../helpers/cli.ts';
import { MINIMAL, writeScenarios } from './tempScenarios.ts';

const dir = writeScenarios({
  // The example: a city and an end year, nothing else.
  'bare.yaml': 'city: dalian\nyears: { end: 2020 }\n',
  // The same with the uncertainty a city scenario carries by default switched off.
  'bare-certain.yaml': 'city: dalian\nyears: { end: 2020 }\nuncertainty: none\n',
  'set.yaml': `${MINIMAL}parameters:\n  inflow: { dist: lognormal, median: 20万, sigma: 0.3 }\n  local_settle_rate: 4%\n  rural_to_town_rate: 2%\n  migrant_settle_rate: 5%\n`,
  // Settled by a parent file: what a file extends counts as written.
  'child.yaml': 'extends: set.yaml\nsettlement_mode: points\nparameters:\n  points_cutoff: 100\n',
  // Year-to-year variation of urban_hukou_to_town_rate: read only where the scenario sets the rate (step 6).
  'ur-process.yaml': 'extends: set.yaml\nuncertainty:\n  process:\n    urban_hukou_to_town_rate: { sigma: 0.2, phi: 0.5 }\n',
  'ur-shock.yaml': 'extends: set.yaml\nshocks:\n  urban_hukou_to_town_rate: { ar1: { phi: 0.5, sigma: 0.1 } }\nuncertainty:\n  process:\n    urban_hukou_to_town_rate: { sigma: 0.2, phi: 0.5 }\n',
  'ur-set.yaml': 'extends: ur-shock.yaml\nparameters:\n  urban_hukou_to_town_rate: 1%\n',
  // A cost of 市民化 priced, its split left to the engine (Dalian's 40 / 32 / 28 %), or half of it.
  'cost.yaml': 'extends: set.yaml\nparameters:\n  cost_one_off: 100000\n',
  'cost-recurring.yaml': 'extends: set.yaml\nparameters:\n  cost_one_off: 100000\n  cost_recurring: 2000\n  cost_share_government: 60%\n',
  'cost-split.yaml': 'extends: cost.yaml\nparameters:\n  cost_share_government: 60%\n  cost_share_enterprise: { dist: uniform, min: 10%, max: 30% }\n',
  // A change of count written with years after the end year (2013–2020): in none of the runs (2030 alone), or in one
  // run of three (2016 of 2016, 2021, 2030), it happens within the projection; it was accepted without a word. Years up
  // to the end: nothing to say.
  'break-late.yaml': 'extends: set.yaml\nuncertainty:\n  registered_break: { years: [2030], share: { min: 10%, max: 20% } }\n',
  'break-half.yaml': 'extends: set.yaml\nuncertainty:\n  registered_break: { years: [2016, 2021, 2030], share: { min: 10%, max: 20% } }\n',
  'break-in.yaml': 'extends: set.yaml\nuncertainty:\n  registered_break: { years: [2016, 2020], share: { min: 10%, max: 20% } }\n',
  // Cut short by a file extending it: the parent's break years now lie past its end.
  'break-cut.yaml': 'extends: break-in.yaml\nyears: { start: 2013, end: 2015 }\n',
  // Counted where people live (residence), the registered rate is not moved by a change of the hukou count: a break
  // written there was dropped without a word, as one after the end year had been.
  'residence.yaml': 'extends: set.yaml\nregistered_rate_definition: residence\nbaseline: { migrant_pop: 150万 }\n',
  'break-residence.yaml': 'extends: residence.yaml\nuncertainty:\n  registered_break: { years: [2016], share: { min: 10%, max: 20% } }\n',
  'closed-nation.yaml': `years: { start: 2013, end: 2020 }
baseline: { resident_pop: 1000万, registered_pop: 1000万, resident_rate: 50%, registered_rate: 40%, migrant_pop: 0 }
parameters:
  inflow: 0
  local_settle_rate: { dist: uniform, min: 1%, max: 3% }
  rural_to_town_rate: 1%
`,
});
const warn = (f: string) => scenarioWarnings(loadScenario(join(dir, f)), writtenParameterKeys(join(dir, f)), { breakWritten: writesRegisteredBreak(join(dir, f)) });

describe('scenarioWarnings', () => {
  it('a city and an end year alone: no inflow and the drivers at their defaults, uncertain only by the default uncertainty', () => {
    // A city scenario carries process variation, baseline errors and the hukou break by default: its runs differ.
    expect(warn('bare.yaml').map((x) => x.kind)).toEqual(['no-inflow', 'defaults']);
  });

  it('with uncertainty: none as well: nothing uncertain, no inflow, and the drivers at their defaults', () => {
    const w = warn('bare-certain.yaml');
    expect(w.map((x) => x.kind)).toEqual(['certain', 'no-inflow', 'defaults']);
    expect(w[0].message).toContain('p10 = p50 = p90');
    // The file has an uncertainty: key (none): the message said 'no uncertainty: key'.
    expect(w[0].message).toMatch(/^nothing is uncertain \(no parameter or variable is a distribution, no shocks, no uncertainty source: uncertainty: none, or neither city: nor uncertainty: given\): /);
    expect(w[1].message).toContain('inflow is 0, the engine default');
    // plain mode: the migrants' yearly rate is its driver; inflow is not listed twice
    expect(w[2].keys).toEqual(['local_settle_rate', 'rural_to_town_rate', 'migrant_settle_rate']);
    expect(w[2].message).toContain('local_settle_rate = 3%, rural_to_town_rate = 1%, migrant_settle_rate = 2%');
  });

  it('nothing to say when the drivers are set and something is drawn', () => {
    expect(warn('set.yaml')).toEqual([]);
  });

  it('keys set by an extended file count; the points mode brings its own drivers', () => {
    const w = warn('child.yaml');
    expect(w).toHaveLength(1);
    expect(w[0].keys).toEqual(['settle_willingness', 'points_base', 'points_per_year', 'points_sd']);
  });

  it('an inflow written as 0 with no migrants is meant: no warning about inflow or the migrants\' keys', () => {
    expect(warn('closed-nation.yaml')).toEqual([]);
  });

  it('variation of urban_hukou_to_town_rate in a scenario that does not set it: unread (Ur follow the pace), said once', () => {
    const w = warn('ur-process.yaml');
    expect(w.map((x) => x.kind)).toEqual(['unread']);
    expect(w[0].keys).toEqual(['urban_hukou_to_town_rate']);
    expect(w[0].message).toMatch(/^uncertainty\.process\.urban_hukou_to_town_rate varies a rate nothing reads: the scenario does not set parameters\.urban_hukou_to_town_rate/);
    expect(warn('ur-shock.yaml').map((x) => x.message)).toEqual([expect.stringMatching(/^uncertainty\.process\.urban_hukou_to_town_rate and shocks\.urban_hukou_to_town_rate vary a rate/)]);
    // set, the rate is read and its variation with it
    expect(warn('ur-set.yaml')).toEqual([]);
  });

  it("a cost priced but not split: the shares are the engine's, Dalian's, and said so; not where the files or the city's data split it", () => {
    // cost_one_off alone took Dalian's 40 % / 32 % silently, and solve printed the government's cost as the area's.
    const w = warn('cost.yaml');
    expect(w.map((x) => x.kind)).toEqual(['cost-split']);
    expect(w[0].keys).toEqual(['cost_share_government', 'cost_share_enterprise']);
    expect(w[0].message).toBe(
      "cost_one_off prices the cost of 市民化, but its split rests on the engine's default: cost_share_government = 40%, cost_share_enterprise = 32% (individuals the rest), " +
        "Dalian's split (seed 004 L950), not this area's, and so do the government's, enterprises' and individuals' costs solve and the reports print; set them under parameters, as ranges where the split is not known",
    );
    // Half the split written: the other half is said.
    const half = warn('cost-recurring.yaml');
    expect(half.map((x) => x.keys)).toEqual([['cost_share_enterprise']]);
    expect(half[0].message).toMatch(/^cost_one_off and cost_recurring price the cost of 市民化, but its split rests on the engine's default: cost_share_enterprise = 32% \(individuals the rest\), /);
    expect(warn('cost-split.yaml')).toEqual([]);
    // city: dalian alone: its data price the cost (11万, seed 004 L950) and split it, so the split is the city's: nothing
    // to say of it (bare.yaml's other warnings above). No cost priced: nothing either.
    expect(loadScenario(join(dir, 'bare.yaml')).parameters.cost_one_off).toEqual({ kind: 'number', value: 110000 });
    expect([...writtenParameterKeys(join(dir, 'bare.yaml'))].sort()).toEqual(['cost_one_off', 'cost_share_enterprise', 'cost_share_government']);
    expect(warn('bare.yaml').map((x) => x.kind)).not.toContain('cost-split');
    expect(warn('set.yaml')).toEqual([]);
  });

  it('a change of count (uncertainty.registered_break) written with years after the end year: said, with the share of runs it misses', () => {
    const late = warn('break-late.yaml');
    expect(late.map((x) => x.kind)).toEqual(['break-after-end']);
    expect(late[0].message).toBe(
      'uncertainty.registered_break: its year 2030 lies after the end year 2020, so the change of count never happens within the projection and changes nothing; ' +
        'give years from 2014 to 2020, or remove it (registered_break: none)',
    );
    // Two of three years after 2020, each drawn with equal odds: in 2 of every 3 runs no change of count by 2020.
    expect(warn('break-half.yaml').map((x) => x.message)).toEqual([
      'uncertainty.registered_break: 2 of its 3 years (2021, 2030) lie after the end year 2020: in about 2 of every 3 runs (each year is drawn with equal odds) ' +
        'the change of count happens after 2020, not within the projection; give years from 2014 to 2020 if it comes by then',
    ]);
    expect(warn('break-in.yaml')).toEqual([]);
    expect(warn('break-cut.yaml').map((x) => x.message)).toEqual([
      'uncertainty.registered_break: its years 2016, 2020 lie after the end year 2015, so the change of count never happens within the projection and changes nothing; ' +
        'give years from 2014 to 2015, or remove it (registered_break: none)',
    ]);
    // Told apart from the parameter keys (writtenParameterKeys lists those only); validate prints it after its ok.
    expect([writesRegisteredBreak(join(dir, 'break-late.yaml')), writesRegisteredBreak(join(dir, 'break-cut.yaml')), writesRegisteredBreak(join(dir, 'bare.yaml'))]).toEqual([true, true, false]);
    expect([...writtenParameterKeys(join(dir, 'break-late.yaml'))].sort()).toEqual(['inflow', 'local_settle_rate', 'migrant_settle_rate', 'rural_to_town_rate']);
    // Not written, the city's default is not said (its years past an end are the documented default: src/scenario/uncertaintyDefaults.ts).
    expect(warn('bare.yaml').map((x) => x.kind)).not.toContain('break-after-end');
  });

  it('a change of count written under registered_rate_definition: residence: said, as it changes nothing', () => {
    expect(loadScenario(join(dir, 'break-residence.yaml')).uncertainty?.registeredBreak).toBeUndefined();
    expect(warn('break-residence.yaml').map((x) => [x.kind, x.message])).toEqual([
      [
        'break-residence',
        'uncertainty.registered_break: written, but registered_rate_definition is residence: the registered rate counts registered people living in towns, ' +
          'which a change of the hukou count does not move, so the change is not drawn and changes nothing; remove it (registered_break: none), or count by hukou type (registered_rate_definition: hukou)',
      ],
    ]);
    // Not written (the residence count's default is none): nothing to say.
    expect(warn('residence.yaml')).toEqual([]);
  });

  it('urbsim validate prints the change of count past the end year (the file writes it) after ok', async () => {
    const r = await cli(['validate', join(dir, 'break-late.yaml')]);
    expect(r.code).toBe(0);
    expect(r.err).toBe(`urbsim: warning: ${join(dir, 'break-late.yaml')}: uncertainty.registered_break: its year 2030 lies after the end year 2020, so the change of count never happens within the projection and changes nothing; give years from 2014 to 2020, or remove it (registered_break: none)\n`);
  });

  it('urbsim validate prints them on standard error after ok', async () => {
    const r = await cli(['validate', join(dir, 'bare-certain.yaml')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('bare-certain.yaml: ok');
    expect(r.err.split('\n').filter((l) => l.startsWith('urbsim: warning: ')).length).toBe(3);
  });
});
