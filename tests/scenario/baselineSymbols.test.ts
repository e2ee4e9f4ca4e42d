import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync, readFileSync } from 'node:fs';
import { compileScenario } from '../../src/montecarlo/compileScenario.ts';
import { RunSampler } from '../../src/montecarlo/runSampler.ts';
import { loadScenario, ScenarioError } from '../../src/scenario/api.ts';
import { initScenario } from '../../src/batch/initScenario.ts';
import { writeScenarios } from './tempScenarios.ts';

// Dalian 2013 (seed 004 L889–891): 691.8万 residents, 591.4万 registered.
const scenario = (baseline: string, inflow: string, extra = '') =>
  `years: { start: 2013, end: 2016 }\nbaseline: { resident_pop: 691.8万, registered_pop: 591.4万, resident_rate: 68.5%, registered_rate: 63.1%${baseline} }\n` +
  `parameters:\n  inflow: "${inflow}"\n${extra}monte_carlo: { runs: 4, seed: 1 }\nuncertainty: none\n`;

const inflowOf = (text: string, run = 0): number[] => {
  const dir = writeScenarios({ 's.yaml': text });
  return Array.from(new RunSampler(compileScenario(loadScenario(join(dir, 's.yaml'))), 4).fill(run).inflow);
};

describe('expressions read the baseline figures by name', () => {
  it('residents, registered and the migrant stock (residents − registered when neither migrants nor away are given)', () => {
    // 5 % × (691.8 − 591.4)万 + 0.1 % × 691.8万 + 0.01 % × 591.4万 = 50,200 + 6,918 + 591.4
    expect(inflowOf(scenario('', '5% * baseline_migrant_pop + 0.1% * baseline_resident_pop + 0.01% * baseline_registered_pop'))).toEqual(
      Array(3).fill(50_200 + 6_918 + 591.4).map((v) => expect.closeTo(v, 6)),
    );
  });

  it('the stated migrant stock, or residents − registered + the stated away population', () => {
    expect(inflowOf(scenario(', migrant_pop: 110万', '5% * baseline_migrant_pop'))[0]).toBeCloseTo(55_000, 6);
    // away 20万: migrants = 691.8 − 591.4 + 20 = 120.4万
    expect(inflowOf(scenario(', away_pop: 20万', '5% * baseline_migrant_pop'))[0]).toBeCloseTo(60_200, 6);
  });

  it('beside a drawn value, run by run', () => {
    const text = scenario('', 'g * baseline_migrant_pop', '').replace('parameters:', 'variables:\n  g: { dist: uniform, min: 1%, max: 9% }\nparameters:');
    const dir = writeScenarios({ 's.yaml': text });
    const sampler = new RunSampler(compileScenario(loadScenario(join(dir, 's.yaml'))), 4);
    const ratios = [0, 1, 2, 3].map((r) => sampler.fill(r).inflow[1] / 1_004_000);
    for (const g of ratios) expect(g > 0.01 && g < 0.09).toBe(true);
    expect(new Set(ratios).size).toBe(4);
  });

  it('are reserved: a variable of that name is refused', () => {
    const text = scenario('', '5%').replace('parameters:', 'variables:\n  baseline_resident_pop: 1\nparameters:');
    const dir = writeScenarios({ 's.yaml': text });
    expect(() => loadScenario(join(dir, 's.yaml'))).toThrow(ScenarioError);
    expect(() => loadScenario(join(dir, 's.yaml'))).toThrow(/baseline_resident_pop.*reserved/);
  });

  it('an unknown name\'s message lists them among what an expression may read', () => {
    const dir = writeScenarios({ 's.yaml': scenario('', '5% * baseline_migrnt_pop') });
    expect(() => loadScenario(join(dir, 's.yaml'))).toThrow(
      'unknown name `baseline_migrnt_pop` (did you mean `baseline_migrant_pop`?); expressions may read year, t, pi, e, ' +
        "the baseline's figures (baseline_resident_pop, baseline_registered_pop, baseline_migrant_pop), parameters and variables",
    );
  });
});

describe('urbsim init: a planner who edits the baseline moves the arrivals with it', () => {
  it('the written inflow reads the baseline, not a copy of its figures', () => {
    const yaml = initScenario('dalian', { schema: 'x.json' }).yaml;
    const inflow = yaml.split('\n').find((l) => l.startsWith('  inflow:'))!;
    expect(inflow).toContain('baseline_migrant_pop');
    expect(inflow).not.toMatch(/\d万/);
    // Migrants doubled by the baseline alone (residents 691.8 → 792.2万, registered unchanged): at net migration 0
    // arrivals replace the migrants who leave, a share of the stock, so they double too (the city's yearly shock on
    // the inflow multiplies both runs alike). A copied 100.4万 would leave them unchanged.
    const dir = writeScenarios({});
    const edit = (resident: string, file: string) => {
      const text = yaml
        .replace(/resident_pop: 691\.8万/, `resident_pop: ${resident}`)
        .replace(/resident_rate: 68\.5%/, 'resident_rate: 70%')
        .replace(/  net_migration: .*/, '  net_migration: 0')
        .replace(/  migrant_return_multiplier: .*/, '  migrant_return_multiplier: 1');
      writeFileSync(join(dir, file), text);
      return new RunSampler(compileScenario(loadScenario(join(dir, file))), 10).fill(0).inflow[0];
    };
    const before = edit('691.8万', 'a.yaml');
    const after = edit('792.2万', 'b.yaml');
    expect(after / before).toBeCloseTo(2, 6);
    expect(readFileSync(join(dir, 'b.yaml'), 'utf8')).toContain('792.2万');
  });
});
