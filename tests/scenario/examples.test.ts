import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileScenario } from '../../src/montecarlo/compileScenario.ts';
import { loadScenario, scenarioHash } from '../../src/scenario/api.ts';
import type { CityFactsLookup } from '../../src/scenario/cityFacts.ts';
import { defaultCityFacts } from '../../src/scenario/defaultCityFacts.ts';
import { DALIAN } from './cityStub.ts';

/** The toolkit's city data when it is there; otherwise Dalian as the stub knows it, and other cities by base year only. */
const cityFacts: CityFactsLookup = (id) => {
  try {
    const facts = defaultCityFacts(id);
    if (facts) return facts;
  } catch {
    // no data module yet: fall through to the stub
  }
  return id === 'dalian' ? DALIAN : { area: {}, baseYear: 2013, targets: [] };
};

const examples = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).map((f) => join('scenarios', f));

describe('example scenarios', () => {
  it.each(examples)('%s loads and compiles for the Monte Carlo', (f) => {
    const s = loadScenario(f, { cityFacts });
    expect(s.files[0]).toBe(f);
    const compiled = compileScenario(s);
    expect(compiled.steps).toBe(s.years.end - s.years.start);
  });

  it('dalian.yaml: Dalian 2013→2035 with uncertain inflow and settlement, targets from the city', () => {
    const s = loadScenario('scenarios/dalian.yaml', { cityFacts });
    expect(s.city).toBe('dalian');
    expect(s.years).toEqual({ start: 2013, end: 2035 });
    expect(s.baseline).toMatchObject({ residentPop: 6_918_000, registeredPop: 5_914_000, residentRate: 0.685, registeredRate: 0.631 });
    expect(s.parameters.inflow.kind).toBe('expr');
    expect(s.parameters.migrant_settle_rate.kind).toBe('dist');
    expect(s.targets.length).toBeGreaterThan(0);
    for (const t of s.targets) expect(t.source).toMatch(/^data/);
    // 20万 · (1 + g)^t inside an expression: 200000 in 2014 with g = 0
    const slot = compileScenario(s).slots.find((x) => x.name === 'inflow');
    expect(slot?.kind).toBe('expr');
    if (slot?.kind === 'expr') expect(slot.fn({ inflow_growth: 0, year: 2014, t: 1 })).toBe(200_000);
  });

  it('dalian-open.yaml: the same scenario with higher settlement, same seed', () => {
    const base = loadScenario('scenarios/dalian.yaml', { cityFacts });
    const open = loadScenario('scenarios/dalian-open.yaml', { cityFacts });
    expect(open.name).toBe('dalian-open');
    expect(open.files).toEqual(['scenarios/dalian-open.yaml', 'scenarios/dalian.yaml']);
    expect(open.monteCarlo.seed).toBe(base.monteCarlo.seed);
    expect(open.parameters.inflow).toEqual(base.parameters.inflow);
    expect(open.migrantSettleMinYears).toBeLessThan(base.migrantSettleMinYears);
    const mean = (s: typeof base) => {
      const v = s.parameters.migrant_settle_rate;
      return v.kind === 'dist' && v.spec.dist === 'uniform' ? (v.spec.min + v.spec.max) / 2 : NaN;
    };
    expect(mean(open)).toBeGreaterThan(mean(base));
    expect(scenarioHash(open)).not.toBe(scenarioHash(base));
  });
});
