import { describe, expect, it } from 'vitest';
import { saltelliDesign } from '../../src/analysis/saltelli.ts';
import { throughYear } from '../../src/analysis/throughYear.ts';
import { METRIC_COUNT } from '../../src/model/indicators.ts';
import { stream } from '../../src/montecarlo/rng.ts';
import { runMonteCarlo } from '../../src/montecarlo/runMonteCarlo.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';

const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('runMonteCarlo with given parameter values', () => {
  // Two sampled scalars (inflow, migrant_settle_rate) and AR(1) shocks on inflow.
  const scenario = dalianResolved({ runs: 30, end: 2016 });

  it('reproduces a drawn run exactly when given its draws (the drawn path and the given path are the same model)', async () => {
    const drawn = await runMonteCarlo(scenario);
    const given = await runMonteCarlo(scenario, { parameters: { names: drawn.sampledNames, values: drawn.sampled } });
    expect(bytes(given.rows).equals(bytes(drawn.rows))).toBe(true);
    expect([...given.sampled]).toEqual([...drawn.sampled]);
  });

  it('takes the columns in any order and runs one run per row, whatever monte_carlo.runs says', async () => {
    const drawn = await runMonteCarlo(scenario);
    const [a, b] = drawn.sampledNames;
    // Rows 0..9 of the drawn runs, columns swapped.
    const swapped = new Float64Array(20);
    for (let r = 0; r < 10; r++) {
      swapped[2 * r] = drawn.sampled[2 * r + 1];
      swapped[2 * r + 1] = drawn.sampled[2 * r];
    }
    const given = await runMonteCarlo(scenario, { parameters: { names: [b, a], values: swapped } });
    expect(given.runEnd - given.runStart).toBe(10);
    expect(bytes(given.rows).equals(bytes(drawn.rows.subarray(0, given.rows.length)))).toBe(true);
  });

  it('draws run r’s shocks from run shockRuns[r]’s streams', async () => {
    const drawn = await runMonteCarlo(scenario);
    const k = drawn.sampledNames.length;
    // Row 0 holds run 7's parameters and shock streams; row 1 run 7's parameters with run 3's shocks.
    const values = Float64Array.of(...drawn.sampled.subarray(7 * k, 8 * k), ...drawn.sampled.subarray(7 * k, 8 * k));
    const given = await runMonteCarlo(scenario, { parameters: { names: drawn.sampledNames, values, shockRuns: Int32Array.of(7, 3) } });
    const perRun = drawn.years.length * METRIC_COUNT;
    expect(bytes(given.rows.subarray(0, perRun)).equals(bytes(drawn.rows.subarray(7 * perRun, 8 * perRun)))).toBe(true);
    expect(bytes(given.rows.subarray(perRun)).equals(bytes(drawn.rows.subarray(7 * perRun, 8 * perRun)))).toBe(false);
  });

  it('runs a Saltelli design bit-identically on 1 and 2 workers', async () => {
    const n = 24;
    const u = saltelliDesign(n, 2, stream(5, 'saltelli', 'design'));
    // inflow 100k–300k, migrant_settle_rate 2–10 %: uniform numbers mapped by hand
    const values = u.map((x, i) => (i % 2 === 0 ? 100_000 + 200_000 * x : 0.02 + 0.08 * x));
    const shockRuns = Int32Array.from({ length: 4 * n }, (_, r) => (r >= n && r < 2 * n ? r : r % n));
    const names = ['inflow', 'migrant_settle_rate'];
    const one = await runMonteCarlo(scenario, { parameters: { names, values, shockRuns } });
    const two = await runMonteCarlo(scenario, { parameters: { names, values, shockRuns }, workers: 2, chunkSize: 7 });
    expect(one.rows.length).toBe(4 * n * one.years.length * METRIC_COUNT);
    expect(bytes(two.rows).equals(bytes(one.rows))).toBe(true);
    expect(bytes(two.sampled).equals(bytes(one.sampled))).toBe(true);
  });

  it('rejects values that do not fit the scenario’s sampled scalars', async () => {
    const names = ['inflow', 'migrant_settle_rate'];
    await expect(runMonteCarlo(scenario, { parameters: { names: ['inflow'], values: Float64Array.of(1) } })).rejects.toThrow(/not the scenario's sampled ones/);
    await expect(runMonteCarlo(scenario, { parameters: { names, values: Float64Array.of(1, 2, 3) } })).rejects.toThrow(/multiple of 2/);
    await expect(runMonteCarlo(scenario, { parameters: { names, values: Float64Array.of(1, NaN) } })).rejects.toThrow(/migrant_settle_rate in run 0 is NaN/);
    await expect(runMonteCarlo(scenario, { parameters: { names, values: Float64Array.of(1, 0.1), shockRuns: Int32Array.of(0, 1) } })).rejects.toThrow(/one run index per run/);
  });
});

describe('throughYear', () => {
  it('gives the full scenario’s numbers up to the year it stops at', async () => {
    const full = dalianResolved({ runs: 12, end: 2022 });
    const a = await runMonteCarlo(full);
    const b = await runMonteCarlo(throughYear(full, 2016));
    expect([...b.years]).toEqual([2013, 2014, 2015, 2016]);
    expect(b.scenario.targets).toEqual([]); // the fixture's targets are in 2017 and 2020
    const perRunA = a.years.length * METRIC_COUNT;
    const perRunB = b.years.length * METRIC_COUNT;
    for (let r = 0; r < 12; r++) expect(bytes(b.rows.subarray(r * perRunB, (r + 1) * perRunB)).equals(bytes(a.rows.subarray(r * perRunA, r * perRunA + perRunB)))).toBe(true);
    expect([...b.sampled]).toEqual([...a.sampled]);
  });
});
