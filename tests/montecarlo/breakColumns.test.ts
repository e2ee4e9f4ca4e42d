import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { runMonteCarlo } from '../../src/montecarlo/runMonteCarlo.ts';
import { writeRunOutputs } from '../../src/io/writeRunOutputs.ts';
import { sensitivity } from '../../src/analysis/sensitivity.ts';
import { M, METRIC_COUNT } from '../../src/model/indicators.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';

// The change of count's draws (uncertainty.registered_break: its year, b and v) are params.arrow columns, after the
// scenario's own sampled scalars, so that sensitivity can rank them (src/io/README.md, params.arrow).
const YEAR = 'uncertainty.registered_break.year';
const B = 'uncertainty.registered_break.share';
const V = 'uncertainty.registered_break.village_share';
const tmp = () => mkdtempSync(join(tmpdir(), 'urbsim-break-'));
const params = (dir: string) => tableFromIPC(readFileSync(join(dir, 'params.arrow')));
const column = (dir: string, name: string) => Float64Array.from(params(dir).getChild(name)!.toArray() as Float64Array);

const scenario = (runs: number) =>
  dalianResolved({
    runs,
    uncertainty: { process: {}, baseline: {}, registeredBreak: { years: [2015, 2016], share: { min: 0.2, max: 0.6 }, villageShare: { min: 0.01, max: 0.09 } } },
  });

describe('params.arrow records the change of count each run drew', () => {
  it('has a column for the year, b and v, each in its range, with both years drawn', async () => {
    const dir = tmp();
    const r = await runMonteCarlo(scenario(200), { workers: 1 });
    writeRunOutputs(dir, r, { workers: 1, startedAt: new Date() });
    const names = params(dir).schema.fields.map((f) => f.name);
    expect(names.slice(-3)).toEqual([YEAR, B, V]);
    expect(names.slice(0, 2)).toEqual(['run', 'seed']);
    const year = column(dir, YEAR);
    const b = column(dir, B);
    const v = column(dir, V);
    expect(new Set(year)).toEqual(new Set([2015, 2016]));
    for (let run = 0; run < 200; run++) {
      expect(b[run]).toBeGreaterThanOrEqual(0.2);
      expect(b[run]).toBeLessThanOrEqual(0.6);
      expect(v[run]).toBeGreaterThanOrEqual(0.01);
      expect(v[run]).toBeLessThanOrEqual(0.09);
    }
    // spread over the ranges, not one value
    expect(Math.max(...b) - Math.min(...b)).toBeGreaterThan(0.3);
    expect(Math.max(...v) - Math.min(...v)).toBeGreaterThan(0.06);
    // the column's metadata documents it
    const field = params(dir).schema.fields.find((f) => f.name === B)!;
    expect(field.metadata.get('unit')).toBe('fraction (0–1)');
  }, 60_000);

  it('is the year the registered rate jumps in: before it the run is the run without the break', async () => {
    const runs = 40;
    const r = await runMonteCarlo(scenario(runs));
    const without = await runMonteCarlo(dalianResolved({ runs, uncertainty: { process: {}, baseline: {} } }));
    const k = r.sampledNames.length;
    const at = (rows: Float64Array, run: number, year: number) => rows[(run * 8 + year - 2013) * METRIC_COUNT + M.registered_rate];
    for (let run = 0; run < runs; run++) {
      const year = r.sampled[run * k + r.sampledNames.indexOf(YEAR)];
      expect(at(r.rows, run, year - 1)).toBe(at(without.rows, run, year - 1));
      expect(at(r.rows, run, year)).toBeGreaterThan(at(without.rows, run, year));
    }
  });

  it('holds the same values for 1 and 2 workers and for two shards', async () => {
    const one = await runMonteCarlo(scenario(60), { workers: 1 });
    const two = await runMonteCarlo(scenario(60), { workers: 2, chunkSize: 7 });
    const s1 = await runMonteCarlo(scenario(60), { shard: { index: 1, count: 2 } });
    const s2 = await runMonteCarlo(scenario(60), { shard: { index: 2, count: 2 }, workers: 2 });
    expect(one.sampledNames.slice(-3)).toEqual([YEAR, B, V]);
    expect([...two.sampled]).toEqual([...one.sampled]);
    expect([...s1.sampled, ...s2.sampled]).toEqual([...one.sampled]);
    // and the runs themselves: each applied the break it recorded
    expect([...two.rows]).toEqual([...one.rows]);
    expect([...s1.rows, ...s2.rows]).toEqual([...one.rows]);
  }, 60_000);

  it('lists none when no year of the break falls in the projection, and no fixed part', async () => {
    const late = await runMonteCarlo(dalianResolved({ runs: 5, end: 2014, uncertainty: { process: {}, baseline: {}, registeredBreak: { years: [2015, 2016], share: { min: 0, max: 1 }, villageShare: { min: 0, max: 0.1 } } } }));
    expect(late.sampledNames.filter((n) => n.startsWith('uncertainty.'))).toEqual([]);
    const fixed = await runMonteCarlo(dalianResolved({ runs: 5, uncertainty: { process: {}, baseline: {}, registeredBreak: { years: [2015], share: { min: 0.5, max: 0.5 }, villageShare: { min: 0, max: 0.1 } } } }));
    expect(fixed.sampledNames.filter((n) => n.startsWith('uncertainty.'))).toEqual([V]);
  });
});

describe('sensitivity ranks the change of count like any sampled scalar', () => {
  it('gives b the registered rate of the break year, and the designed rows apply the values given', async () => {
    // One break year (2015), b uniform on 0–100 % of the few rural-hukou town dwellers and v on 0–5 % of the many
    // villagers: the 2015 registered rate's spread is the change of count's, hardly the inflow's or the take-up's.
    // Were the designed rows' b and v not applied (drawn from the run's stream instead), their indices would be 0.
    const s = dalianResolved({
      end: 2015, seed: 3, shocks: {},
      uncertainty: { process: {}, baseline: {}, registeredBreak: { years: [2015], share: { min: 0, max: 1 }, villageShare: { min: 0, max: 0.05 } } },
    });
    const r = await sensitivity(s, { metric: 'registered_rate', year: 2015, runs: 128, bootstrap: 20 });
    expect(r.parameters).toEqual(['inflow', 'migrant_settle_rate', B, V]); // no run randomness left: shocks off
    const [b, v] = [r.parameters.indexOf(B), r.parameters.indexOf(V)];
    expect(r.prcc[b]).toBeGreaterThan(0.9);
    expect(r.prcc[v]).toBeGreaterThan(0.9);
    expect(r.first[b] + r.first[v]).toBeGreaterThan(0.9);
    expect(Math.min(r.total[b], r.total[v])).toBeGreaterThan(0.3);
    expect(r.total[r.parameters.indexOf('inflow')]).toBeLessThan(0.05);
  }, 120_000);

  it('gives the year the registered rate of a year only one of the break years reaches, and the designed rows apply the year given', async () => {
    // Break in 2014 or 2015 (equal odds), b and v fixed (no column): the 2014 registered rate has the jump only in the
    // runs whose break is in 2014, so nearly all its variance is the year's. Were the designed rows' year not applied
    // (the first year every time), the year's Sobol' indices would be 0 while its PRCC over the plain runs stayed high.
    const s = dalianResolved({
      end: 2014, seed: 5, shocks: {},
      uncertainty: { process: {}, baseline: {}, registeredBreak: { years: [2014, 2015], share: { min: 0.5, max: 0.5 }, villageShare: { min: 0.05, max: 0.05 } } },
    });
    const r = await sensitivity(s, { metric: 'registered_rate', year: 2014, runs: 128, bootstrap: 20 });
    expect(r.parameters).toEqual(['inflow', 'migrant_settle_rate', YEAR]);
    const year = r.parameters.indexOf(YEAR);
    expect(r.prcc[year]).toBeLessThan(-0.9); // a break in 2015 leaves the 2014 rate lower
    expect(r.first[year]).toBeGreaterThan(0.9);
    expect(r.total[year]).toBeGreaterThan(0.9);
  }, 120_000);
});
