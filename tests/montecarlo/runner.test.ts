import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMonteCarlo } from '../../src/montecarlo/runMonteCarlo.ts';
import { writeRunOutputs, OUTPUT_FILES } from '../../src/io/writeRunOutputs.ts';
import { mergeResults } from '../../src/io/mergeResults.ts';
import { readRunOutputs } from '../../src/io/readRunOutputs.ts';
import { M, METRIC_COUNT } from '../../src/model/indicators.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'urbsim-'));
const arrowFiles = OUTPUT_FILES.filter((f) => f.endsWith('.arrow'));
const bytes = (dir: string) => Object.fromEntries(arrowFiles.map((f) => [f, readFileSync(join(dir, f))]));

describe('Monte Carlo reproducibility', () => {
  // Every source of uncertainty on: process variation, baseline draws and the registered-rate break draw from their own streams.
  const scenario = dalianResolved({
    runs: 120,
    uncertainty: {
      process: { inflow: { sigma: 0.2, phi: 0.5, scale: 'log' }, local_settle_rate: { sigma: 0.3, phi: 0.5, scale: 'logit' } },
      baseline: { resident_pop: { sd: 0.01 }, registered_rate: { sd: 0.005 } },
      registeredBreak: { years: [2015, 2016], share: { min: 0, max: 1 }, villageShare: { min: 0, max: 0.2 } },
    },
  });

  it('gives identical Arrow bytes for 1 and 2 workers and for two shards merged', async () => {
    const one = tmp();
    const two = tmp();
    const merged = tmp();
    writeRunOutputs(one, await runMonteCarlo(scenario, { workers: 1 }), { workers: 1, startedAt: new Date() });
    writeRunOutputs(two, await runMonteCarlo(scenario, { workers: 2, chunkSize: 7 }), { workers: 2, startedAt: new Date() });
    const s1 = tmp();
    const s2 = tmp();
    writeRunOutputs(s1, await runMonteCarlo(scenario, { shard: { index: 1, count: 2 } }), { workers: 1, startedAt: new Date(), shard: { index: 1, count: 2 } });
    writeRunOutputs(s2, await runMonteCarlo(scenario, { shard: { index: 2, count: 2 }, workers: 2 }), { workers: 2, startedAt: new Date(), shard: { index: 2, count: 2 } });
    writeRunOutputs(merged, mergeResults([readRunOutputs(s2), readRunOutputs(s1)]), { workers: 1, startedAt: new Date() });
    const a = bytes(one);
    for (const other of [bytes(two), bytes(merged)]) for (const f of arrowFiles) expect(other[f].equals(a[f]), f).toBe(true);
    const metaA = JSON.parse(readFileSync(join(one, 'meta.json'), 'utf8'));
    const metaB = JSON.parse(readFileSync(join(merged, 'meta.json'), 'utf8'));
    expect(metaB.hash).toBe(metaA.hash);
    expect(existsSync(join(one, 'trajectories.arrow.tmp-' + process.pid))).toBe(false);
  }, 60_000);

  it('differs with a different seed', async () => {
    const a = await runMonteCarlo(dalianResolved({ runs: 20, seed: 1 }));
    const b = await runMonteCarlo(dalianResolved({ runs: 20, seed: 2 }));
    expect(Buffer.from(a.rows.buffer).equals(Buffer.from(b.rows.buffer))).toBe(false);
  });

  it('shares draws between variants with the same seed (common random numbers)', async () => {
    const base = await runMonteCarlo(dalianResolved({ runs: 30 }));
    const variant = await runMonteCarlo(dalianResolved({ runs: 30, parameters: { local_settle_rate: { kind: 'number', value: 0.2 } } }));
    // Same sampled inflow and settlement rate in every run, and the same year-1 inflow (shock included).
    expect([...variant.sampled]).toEqual([...base.sampled]);
    const nYears = base.years.length;
    for (let r = 0; r < 30; r++) {
      const i = (r * nYears + 1) * METRIC_COUNT + M.in_migrants;
      expect(variant.rows[i]).toBe(base.rows[i]);
    }
  });
});

describe('Latin hypercube sampling', () => {
  it('puts exactly one run in each of the n strata of every sampled parameter', async () => {
    const n = 50;
    const r = await runMonteCarlo(dalianResolved({ runs: n, sampler: 'lhs', parameters: { migrant_settle_rate: { kind: 'dist', spec: { dist: 'uniform', min: 0, max: 1 } } } }));
    const k = r.sampledNames.indexOf('migrant_settle_rate');
    const strata = new Set<number>();
    for (let run = 0; run < n; run++) strata.add(Math.floor(r.sampled[run * r.sampledNames.length + k] * n));
    expect(strata.size).toBe(n);
  });
  it('independent sampling does not (with overwhelming probability)', async () => {
    const n = 50;
    const r = await runMonteCarlo(dalianResolved({ runs: n, sampler: 'independent', parameters: { migrant_settle_rate: { kind: 'dist', spec: { dist: 'uniform', min: 0, max: 1 } } } }));
    const k = r.sampledNames.indexOf('migrant_settle_rate');
    const strata = new Set<number>();
    for (let run = 0; run < n; run++) strata.add(Math.floor(r.sampled[run * r.sampledNames.length + k] * n));
    expect(strata.size).toBeLessThan(n); // P(all 50 distinct) = 50!/50^50 ≈ 3e-21
  });
});
