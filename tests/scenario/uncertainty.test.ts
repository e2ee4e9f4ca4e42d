import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatIssues, loadScenario, validateScenario } from '../../src/scenario/api.ts';
import type { CityFactsLookup } from '../../src/scenario/cityFacts.ts';
import { DALIAN } from './cityStub.ts';
import { MINIMAL, writeScenarios } from './tempScenarios.ts';

const load = (text: string, cityFacts?: CityFactsLookup) => loadScenario(join(writeScenarios({ 's.yaml': text }), 's.yaml'), cityFacts ? { cityFacts } : {});
const problems = (text: string) => formatIssues(validateScenario(join(writeScenarios({ 's.yaml': text }), 's.yaml')));
const facts = (over: Partial<typeof DALIAN>): CityFactsLookup => (id) => (id === 'dalian' ? { ...DALIAN, ...over } : undefined);

describe('uncertainty: defaults', () => {
  it('is none for a scenario without a city', () => {
    expect(load(MINIMAL).uncertainty).toEqual({ process: {}, baseline: {} });
  });

  it('with a city: process variation of the main rates, baseline errors by caliber, the 2015 or 2016 break', () => {
    const u = load('city: dalian\nyears: { end: 2020 }\n', facts({})).uncertainty!;
    expect(Object.keys(u.process).sort()).toEqual(
      ['hukou_conversion_rate', 'inflow', 'inflow_urban_share', 'local_settle_rate', 'migrant_return_multiplier', 'migrant_settle_rate', 'reclass_share', 'rural_to_town_rate', 'settle_willingness', 'tfr_migrant', 'tfr_rural_hukou', 'tfr_urban_hukou'],
    );
    expect(u.process.rural_to_town_rate!.scale).toBe('logit');
    expect(u.process.inflow).toMatchObject({ scale: 'log', phi: 0.5 });
    // Where arrivals live: stationary sd 0.5 on the logit scale at φ 0.9, so σ = 0.5 × √(1 − 0.81) = 0.218.
    expect(u.process.inflow_urban_share).toMatchObject({ scale: 'logit', phi: 0.9 });
    expect(u.process.inflow_urban_share!.sigma).toBeCloseTo(0.5 * Math.sqrt(1 - 0.81), 3);
    // Resident figures of 2013 are sample estimates (1 %, 0.4 points), the registered population a registry count;
    // the stub's areas.csv says what the registered rate counts (hukou), so it is a registry figure too.
    expect(u.baseline).toEqual({
      resident_pop: { caliber: 'sample', sd: 0.01 },
      registered_pop: { caliber: 'registry', sd: 0.01 },
      resident_rate: { caliber: 'sample', sd: 0.004 },
      registered_rate: { caliber: 'registry', sd: 0.004 },
    });
    expect(u.registeredBreak).toEqual({ years: [2015, 2016], share: { min: 0, max: 1 }, villageShare: { min: 0, max: 0.1 } });
  });

  it('the hukou conversion varies by its own σ drawn from the file\'s posterior values, the other paces by the resident pace\'s', () => {
    const file = JSON.parse(readFileSync(new URL('../../data/observed/fitted-defaults.json', import.meta.url), 'utf8'));
    const u = load('city: dalian\nyears: { end: 2020 }\n', facts({})).uncertainty!;
    const sigmas: number[] = file.registeredProcess.posterior.sigmas;
    expect(sigmas).toHaveLength(8);
    // Equal odds over the posterior's 8 values (to 4 significant digits), each s·√(1 − φ²) of its stationary sd.
    expect(u.process.hukou_conversion_rate!.sigma).toEqual({ dist: 'choice', values: sigmas.map((x) => Number(x.toPrecision(4))), weights: Array(8).fill(1 / 8) });
    file.registeredProcess.posterior.stationarySds.forEach((s: number, k: number) => expect(sigmas[k]).toBeCloseTo(s * Math.sqrt(1 - file.registeredProcess.phi ** 2), 12));
    expect(u.process.local_settle_rate!.sigma).toBeCloseTo(file.process.sigma, 3);
    // σ = s·√(1 − φ²) at the file's own stationary sd and φ.
    expect(file.registeredProcess.sigma).toBeCloseTo(file.registeredProcess.stationarySd * Math.sqrt(1 - file.registeredProcess.phi ** 2), 12);
    expect(file.registeredProcess.sigma).toBeGreaterThan(file.process.sigma);
  });

  it('takes the break at the city\'s own unification year, and none when it came before the base year', () => {
    expect(load('city: dalian\nyears: { end: 2020 }\n', facts({ hukouUnified: 2016 })).uncertainty!.registeredBreak!.years).toEqual([2016]);
    expect(load('city: dalian\nyears: { end: 2020 }\n', facts({ hukouUnified: 2004 })).uncertainty!.registeredBreak).toBeUndefined();
    expect(load('city: dalian\nyears: { end: 2020 }\nregistered_rate_definition: residence\n', facts({})).uncertainty!.registeredBreak).toBeUndefined();
  });

  it('with a city: the hukou conversion in place drawn from the law fitted across areas, unless the scenario sets it', () => {
    // Written out from data/observed/fitted-defaults.json by hand: the pooled law's mixture (src/analysis/paceLaw.ts),
    // component j's median 1 / (1 + e^−(center + κ (c_j − center))), sigma κ × s_j, weight w_j.
    const json = JSON.parse(readFileSync('data/observed/fitted-defaults.json', 'utf8'));
    const pace = json.paces.hukou_conversion_rate;
    const k = json.spread.factor;
    const law = load('city: dalian\nyears: { end: 2020 }\n', facts({})).parameters.hukou_conversion_rate;
    expect(law.kind === 'dist' && law.spec.dist).toBe('logitnormalmix');
    if (law.kind !== 'dist' || law.spec.dist !== 'logitnormalmix') return;
    const d = law.spec;
    expect(d.weights).toHaveLength(pace.mix.weights.length);
    pace.mix.weights.forEach((w: number, j: number) => {
      expect(d.weights[j]).toBeCloseTo(w, 3);
      expect(d.medians[j]).toBeCloseTo(1 / (1 + Math.exp(-(pace.center + k * (pace.mix.centers[j] - pace.center)))), 4);
      expect(d.sigmas[j]).toBeCloseTo(k * pace.mix.sds[j], 3);
    });
    expect(load('city: dalian\nyears: { end: 2020 }\n', facts({})).uncertainty!.hukouConversion).toEqual(law.spec);
    // Switched off, under the residence definition, without a city, or set by the scenario: not drawn.
    const zero = { kind: 'number', value: 0 };
    expect(load('city: dalian\nyears: { end: 2020 }\nuncertainty: { hukou_conversion: none }\n', facts({})).parameters.hukou_conversion_rate).toEqual(zero);
    expect(load('city: dalian\nyears: { end: 2020 }\nuncertainty: none\n', facts({})).parameters.hukou_conversion_rate).toEqual(zero);
    expect(load('city: dalian\nyears: { end: 2020 }\nregistered_rate_definition: residence\n', facts({})).parameters.hukou_conversion_rate).toEqual(zero);
    expect(load(MINIMAL).parameters.hukou_conversion_rate).toEqual(zero);
    expect(load('city: dalian\nyears: { end: 2020 }\nparameters: { hukou_conversion_rate: 1% }\n', facts({})).parameters.hukou_conversion_rate).toEqual({ kind: 'number', value: 0.01 });
  });

  it("with a city: migrants' newborns raised here drawn uniform from the 2010 census's young children, unless set", () => {
    // By hand (china_reference.csv:559, :563): 981 / (981 + 2,342) = 0.29521 → 0.295; with 70 % of the left-behind
    // children's mothers at home, 981 / (981 + 0.3 × 2,342) = 981 / 1,683.6 = 0.58268 → 0.583; midpoint 0.439.
    const law = { dist: 'uniform', min: 0.295, max: 0.583 };
    const city = load('city: dalian\nyears: { end: 2020 }\n', facts({}));
    expect(city.parameters.migrant_newborn_stay).toEqual({ kind: 'dist', spec: law });
    expect(city.uncertainty!.newbornStay).toEqual(law);
    // Under the residence definition too: it moves people, not a count.
    expect(load('city: dalian\nyears: { end: 2020 }\nregistered_rate_definition: residence\n', facts({})).parameters.migrant_newborn_stay).toEqual({ kind: 'dist', spec: law });
    // Switched off or without a city: the engine default, the midpoint; set by the scenario: its value.
    const mid = { kind: 'number', value: 0.439 };
    expect(load('city: dalian\nyears: { end: 2020 }\nuncertainty: { newborn_stay: none }\n', facts({})).parameters.migrant_newborn_stay).toEqual(mid);
    expect(load('city: dalian\nyears: { end: 2020 }\nuncertainty: { newborn_stay: none }\n', facts({})).uncertainty!.newbornStay).toBeUndefined();
    expect(load('city: dalian\nyears: { end: 2020 }\nuncertainty: none\n', facts({})).parameters.migrant_newborn_stay).toEqual(mid);
    expect(load(MINIMAL).parameters.migrant_newborn_stay).toEqual(mid);
    expect(load('city: dalian\nyears: { end: 2020 }\nparameters: { migrant_newborn_stay: 100% }\n', facts({})).parameters.migrant_newborn_stay).toEqual({ kind: 'number', value: 1 });
    // The other defaults stay on when only this one is switched off.
    expect(load('city: dalian\nyears: { end: 2020 }\nuncertainty: { newborn_stay: none }\n', facts({})).uncertainty!.hukouConversion).toBeDefined();
  });

  it('calls a registered rate whose definition the data do not give a plan figure (0.8 points)', () => {
    const u = load('city: dalian\nyears: { end: 2020 }\n', facts({ area: { id: 'dalian' } })).uncertainty!;
    expect(u.baseline.registered_rate).toEqual({ caliber: 'plan', sd: 0.008 });
  });
});

describe('uncertainty: written', () => {
  it('none and default as a whole', () => {
    expect(load('city: dalian\nyears: { end: 2020 }\nuncertainty: none\n', facts({})).uncertainty).toEqual({ process: {}, baseline: {} });
    expect(load(`${MINIMAL}uncertainty: default\n`).uncertainty!.registeredBreak).toEqual({ years: [2015, 2016], share: { min: 0, max: 1 }, villageShare: { min: 0, max: 0.1 } });
  });

  it('a mapping changes the defaults part by part and key by key', () => {
    const u = load(
      `${MINIMAL}uncertainty:\n  process: { inflow: { sigma: 0.3, phi: 0.2 }, tfr_migrant: none }\n  baseline: { resident_pop: census, registered_rate: { sd: 1% }, resident_rate: none }\n  registered_break: { years: [2016, 2017], share: { min: 20%, max: 60% } }\n`,
    ).uncertainty!;
    expect(u.process.inflow).toEqual({ sigma: 0.3, phi: 0.2, scale: 'log' });
    expect(u.process.tfr_migrant).toBeUndefined();
    expect(u.process.local_settle_rate).toBeDefined();
    expect(u.baseline).toEqual({
      resident_pop: { caliber: 'census', sd: 0.005 },
      registered_pop: { caliber: 'registry', sd: 0.01 },
      registered_rate: { sd: 0.01 },
    });
    // village_share left out takes the default, 0–10 % (src/model/README.md, sources of uncertainty 3), as any key left out
    expect(u.registeredBreak).toEqual({ years: [2016, 2017], share: { min: 0.2, max: 0.6 }, villageShare: { min: 0, max: 0.1 } });
    const v = load(`${MINIMAL}uncertainty:\n  registered_break: { years: [2016], share: { min: 0, max: 0 }, village_share: { min: 5%, max: 10% } }\n`).uncertainty!;
    expect(v.registeredBreak).toEqual({ years: [2016], share: { min: 0, max: 0 }, villageShare: { min: 0.05, max: 0.1 } });
  });

  it('part by part: none drops a part', () => {
    const u = load(`${MINIMAL}uncertainty: { process: none, registered_break: none }\n`).uncertainty!;
    expect(u.process).toEqual({});
    expect(u.registeredBreak).toBeUndefined();
    expect(Object.keys(u.baseline).length).toBe(4);
  });

  it('reports what is wrong, with the key path', () => {
    const text = problems(
      `${MINIMAL}uncertainty:\n  process: { inflow: { sigma: -1, phi: 0.5 }, growth: { sigma: 1, phi: 0 } }\n  baseline: { resident_pop: survey, registered_rate: { sd: 150% } }\n  registered_break: { years: [2012], share: { min: 60%, max: 20% }, village_share: { min: 30%, max: 10% } }\n`,
    );
    expect(text).toContain('uncertainty.process.inflow.sigma');
    expect(text).toContain('uncertainty.process.growth: unknown key `growth`');
    expect(text).toContain('uncertainty.baseline.resident_pop');
    expect(text).toContain('uncertainty.baseline.registered_rate.sd: expected a rate from 0% to 100%, found 150%');
    expect(text).toContain('uncertainty.registered_break.years.0: expected a year after the base year 2013, found 2012');
    expect(text).toContain('uncertainty.registered_break.share.max: expected a share at least min 60%, found 20%');
    expect(text).toContain('uncertainty.registered_break.village_share.max: expected a share at least min 30%, found 10%');
  });

  it('refuses a break year written twice (the years are drawn with equal odds: one written twice would be a constant input, or twice as likely)', () => {
    const text = problems(`${MINIMAL}uncertainty:\n  registered_break: { years: [2015, 2016, 2015], share: { min: 20%, max: 60% } }\n`);
    expect(text).toContain('uncertainty.registered_break.years.2: expected each year once (drawn with equal odds), found 2015 again');
    expect(problems(`${MINIMAL}uncertainty:\n  registered_break: { years: [2015, 2016], share: { min: 20%, max: 60% } }\n`)).toBe('');
  });

  it('checks a break written out under the residence definition too, which then draws none', () => {
    const residence = `years: { start: 2013, end: 2020 }\nbaseline: { resident_pop: 100万, registered_pop: 80万, resident_rate: 60%, registered_rate: 45%, migrant_pop: 30万 }\nregistered_rate_definition: residence\n`;
    const text = problems(`${residence}uncertainty:\n  registered_break: { years: [2012], share: { min: 60%, max: 20% }, village_share: { min: 30%, max: 10% } }\n`);
    expect(text).toContain('uncertainty.registered_break.years.0: expected a year after the base year 2013, found 2012');
    expect(text).toContain('uncertainty.registered_break.share.max: expected a share at least min 60%, found 20%');
    expect(text).toContain('uncertainty.registered_break.village_share.max: expected a share at least min 30%, found 10%');
    const fine = `${residence}uncertainty:\n  registered_break: { years: [2015], share: { min: 0, max: 1 }, village_share: { min: 0, max: 10% } }\n`;
    expect(problems(fine)).toBe('');
    expect(load(fine).uncertainty!.registeredBreak).toBeUndefined();
  });

  it('refuses a yearly sd that would pin every run at 0 or 1, .inf included', () => {
    for (const sigma of ['.inf', '1e308', '5.01']) {
      const text = problems(`${MINIMAL}uncertainty:\n  process: { hukou_conversion_rate: { sigma: ${sigma}, phi: 0.5 } }\n`);
      expect(text, sigma).toContain('uncertainty.process.hukou_conversion_rate.sigma');
    }
    expect(problems(`${MINIMAL}shocks: { inflow: { ar1: { phi: 0.5, sigma: .inf } } }\n`)).toContain('shocks.inflow.ar1.sigma');
    expect(load(`${MINIMAL}uncertainty:\n  process: { hukou_conversion_rate: { sigma: 5, phi: 0.5 } }\n`).uncertainty!.process.hukou_conversion_rate!.sigma).toBe(5);
  });

  it('takes a law of the yearly sd, drawn once a run, and refuses one that can leave 0–5', () => {
    const law = load(`${MINIMAL}uncertainty:\n  process: { hukou_conversion_rate: { sigma: { dist: choice, values: [0.3, 0.9, 2] }, phi: 0.5 } }\n`).uncertainty!.process.hukou_conversion_rate!;
    expect(law).toEqual({ sigma: { dist: 'choice', values: [0.3, 0.9, 2], weights: [1 / 3, 1 / 3, 1 / 3] }, phi: 0.5, scale: 'logit' });
    const text = problems(`${MINIMAL}uncertainty:\n  process: { hukou_conversion_rate: { sigma: { dist: uniform, min: 1, max: 6 }, phi: 0.5 } }\n`);
    expect(text).toContain('uncertainty.process.hukou_conversion_rate.sigma');
    expect(text).toContain('6');
    expect(problems(`${MINIMAL}uncertainty:\n  process: { hukou_conversion_rate: { sigma: { dist: normal, mean: 1, sd: 0.5 }, phi: 0.5 } }\n`)).toContain('uncertainty.process.hukou_conversion_rate.sigma');
  });
});
