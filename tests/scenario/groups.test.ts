import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { M, METRIC_COUNT } from '../../src/model/indicators.ts';
import { compileScenario } from '../../src/montecarlo/compileScenario.ts';
import { runMonteCarlo } from '../../src/montecarlo/runMonteCarlo.ts';
import { RunSampler } from '../../src/montecarlo/runSampler.ts';
import { GROUP_INDEX } from '../../src/model/settlementGroups.ts';
import { formatIssues, loadScenario, validateScenario } from '../../src/scenario/api.ts';
import { MINIMAL, writeScenarios } from './tempScenarios.ts';

const load = (body: string, extra: Record<string, string> = {}) => {
  const dir = writeScenarios({ 'g.yaml': MINIMAL + body, ...extra });
  return { dir, file: join(dir, 'g.yaml') };
};

describe('settlement_groups in scenarios', () => {
  it('fills a listed group\'s missing levers (eligible 100 %, take-up 100 %, no target) and reads 万 in expressions', () => {
    const s = loadScenario(load('settlement_groups:\n  rural_students: { eligible_share: 35%, yearly_target: "200万 / 5" }\n').file);
    expect(s.settlementGroups?.rural_students).toEqual({
      eligible_share: { kind: 'number', value: 0.35 },
      take_up: { kind: 'number', value: 1 },
      yearly_target: { kind: 'expr', text: '200万 / 5', symbols: [] },
    });
    expect(Object.keys(s.settlementGroups!)).toEqual(['rural_students']);
    // 200万 / 5 = 400,000 a year (seed 002:71), evaluated once per year for all runs
    const slot = compileScenario(s).slots.find((x) => x.name === 'settlement_groups.rural_students.yearly_target');
    expect(slot?.kind === 'static' && [...slot.values]).toEqual(Array(7).fill(400_000));
  });

  it('leaves scenarios without groups as they were (no key in the resolved form, so their hash is unchanged)', () => {
    expect('settlementGroups' in loadScenario(load('').file)).toBe(false);
  });

  it('draws a distributed lever per run into the group\'s yearly array, recorded as a params.arrow column', () => {
    const s = loadScenario(load('monte_carlo: { runs: 40, seed: 7 }\nsettlement_groups:\n  in_place: { take_up: { dist: uniform, min: 10%, max: 30% }, yearly_target: 64万 }\n').file);
    const c = compileScenario(s);
    expect(c.sampledNames).toEqual(['settlement_groups.in_place.take_up']);
    const sampler = new RunSampler(c, 40);
    const p = sampler.fill(3);
    const levers = p.settlementGroups[GROUP_INDEX.in_place];
    expect(levers.takeUp[0]).toBe(sampler.sampled[0]);
    expect(levers.takeUp[0]).toBeGreaterThanOrEqual(0.1);
    expect(levers.takeUp[0]).toBeLessThanOrEqual(0.3);
    expect([...levers.yearlyTarget]).toEqual(Array(7).fill(640_000));
    expect(p.settlementGroups[GROUP_INDEX.veterans].takeUp[0]).toBe(0); // not listed: off
  });

  it('lets a lever read parameters and variables, and checks expressions of the year against the lever\'s bounds', () => {
    const ok = loadScenario(load('variables: { share: 40% }\nparameters: { inflow: 20万 }\nsettlement_groups:\n  others: { take_up: share, yearly_target: "inflow / 10" }\n').file);
    expect(ok.settlementGroups?.others?.take_up).toEqual({ kind: 'expr', text: 'share', symbols: ['share'] });
    const bad = validateScenario(load('settlement_groups:\n  others: { take_up: "0.9 + 0.05 * t" }\n').file);
    expect(formatIssues(bad)).toContain('settlement_groups.others.take_up: expected a rate from 0% to 100% in every year, found 105% in 2016');
  });

  it('a variant raising one target, with the same seed, settles at least as many of that group by the end of every run', async () => {
    const base = 'monte_carlo: { runs: 12, seed: 11 }\nsettlement_groups:\n  urban_village: { eligible_share: 80%, take_up: { dist: uniform, min: 5%, max: 30% }, yearly_target: 2万 }\n';
    const { dir } = load(base, { 'more.yaml': 'extends: g.yaml\nsettlement_groups:\n  urban_village: { yearly_target: 4万 }\n' });
    const a = await runMonteCarlo(loadScenario(join(dir, 'g.yaml')));
    const b = await runMonteCarlo(loadScenario(join(dir, 'more.yaml')));
    expect([...b.sampled]).toEqual([...a.sampled]); // common random numbers: same take-up draws
    const n = a.years.length;
    for (let r = 0; r < 12; r++) {
      let sa = 0;
      let sb = 0;
      for (let y = 1; y < n; y++) {
        const i = (r * n + y) * METRIC_COUNT + M.settled_urban_village;
        expect(a.rows[i]).toBeLessThanOrEqual(20_000 + 1e-6);
        sa += a.rows[i];
        sb += b.rows[i];
      }
      // year by year it can be less: the pool the larger target emptied earlier is smaller later
      expect(sb).toBeGreaterThanOrEqual(sa - 1e-6);
    }
  });

  it('gives the same rows with 2 workers as with 1', async () => {
    const s = loadScenario(load('monte_carlo: { runs: 16, seed: 3 }\nsettlement_groups:\n  newgen_workers: { take_up: { dist: uniform, min: 5%, max: 20% } }\n  home_buyers: { yearly_target: 1万 }\n').file);
    const one = await runMonteCarlo(s, { workers: 1 });
    const two = await runMonteCarlo(s, { workers: 2, chunkSize: 5 });
    expect(Buffer.from(two.rows.buffer).equals(Buffer.from(one.rows.buffer))).toBe(true);
    expect(one.rows[(0 * one.years.length + 1) * METRIC_COUNT + M.settled_home_buyers]).toBeCloseTo(10_000, 6);
  }, 60_000);
});
