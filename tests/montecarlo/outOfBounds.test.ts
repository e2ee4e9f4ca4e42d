import { summarize } from '../../src/analysis/summarize.ts';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outOfBoundsSummary, outOfBoundsWarnings } from '../../src/analysis/outOfBounds.ts';
import { resultTable } from '../../src/cli/resultTable.ts';
import { mergeResults } from '../../src/io/mergeResults.ts';
import { readRunOutputs } from '../../src/io/readRunOutputs.ts';
import { writeRunOutputs } from '../../src/io/writeRunOutputs.ts';
import { M, METRIC_COUNT } from '../../src/model/indicators.ts';
import { runMonteCarlo } from '../../src/montecarlo/runMonteCarlo.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';

// migrant_settle_rate = 0.05 + push · t / 4 with push ~ U(0, 0.8), t = 1 … 7 (2014 … 2020): above 1 from the
// year t > 3.8 / push, i.e. in runs with push > 0.95 · 4 / 7 = 0.543 (about a third), for 7 − ⌊3.8 / push⌋ years.
const scenario = (runs: number) =>
  dalianResolved({
    runs,
    seed: 5,
    shocks: {},
    variables: { push: { kind: 'dist', spec: { dist: 'uniform', min: 0, max: 0.8 } } },
    parameters: { migrant_settle_rate: { kind: 'expr', text: '0.05 + push * t / 4', symbols: ['push', 't'] } },
  });

/** Years of 1 … 7 in which 0.05 + push · t / 4 > 1, counted by hand from the drawn push. */
const handCount = (push: number) => Array.from({ length: 7 }, (_, i) => 0.05 + (push * (i + 1)) / 4).filter((v) => v > 1).length;

describe('parameters out of their bounds in a run', () => {
  it('counts, run by run, the years an expression of a drawn value left [0, 1], the same with any worker count', async () => {
    const r = await runMonteCarlo(scenario(300));
    const { checks, counts } = r.outOfBounds!;
    expect(checks.map((c) => [c.name, c.source])).toEqual([['migrant_settle_rate', 'expression']]);
    const push = r.sampledNames.indexOf('push');
    const k = r.sampledNames.length;
    const expected = Int32Array.from({ length: 300 }, (_, run) => handCount(r.sampled[run * k + push]));
    expect([...counts]).toEqual([...expected]);
    const runsOut = expected.filter((n) => n > 0).length;
    expect(runsOut).toBeGreaterThan(60); // about a third of 300: the case is real
    const two = await runMonteCarlo(scenario(300), { workers: 2, chunkSize: 17 });
    expect([...two.outOfBounds!.counts]).toEqual([...counts]);

    const total = expected.reduce((s, n) => s + n, 0);
    expect(outOfBoundsSummary(r)).toEqual([{ parameter: 'migrant_settle_rate', source: 'expression', min: 0, max: 1, runs: runsOut, runYears: total }]);
    const line = `warning: migrant_settle_rate (expression) gave values outside [0%, 100%] or not finite in ${runsOut} of 300 runs, ${total} run-years (clamped; a non-finite value makes the run NaN)`;
    expect(outOfBoundsWarnings(r)).toEqual([line]);
    expect(resultTable(r, summarize(r.rows, r.years), [])).toContain(`\n\n${line}`);
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-bounds-'));
    writeRunOutputs(dir, r, { workers: 1, startedAt: new Date() });
    expect(JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')).outOfBounds).toEqual(outOfBoundsSummary(r));

    // Shards keep only their totals; merged, the totals add up to the whole run's, and so does the warning.
    const parts = [1, 2, 3].map((index) => mkdtempSync(join(tmpdir(), `urbsim-bounds-shard${index}-`)));
    for (const [i, d] of parts.entries()) {
      const shard = { index: i + 1, count: 3 };
      writeRunOutputs(d, await runMonteCarlo(scenario(300), { shard }), { workers: 1, startedAt: new Date(), shard });
    }
    const merged = mergeResults(parts.map((d) => readRunOutputs(d)));
    expect(outOfBoundsSummary(merged)).toEqual(outOfBoundsSummary(r));
    expect(outOfBoundsWarnings(merged)).toEqual([line]);
  });

  it('writes its counts with a thousands separator, as the project\'s other counts (it wrote "in 3120 of 10000 runs, 12040 run-years")', () => {
    // Totals as merged shards carry them: 3,120 of 10,000 runs out of bounds, 12,040 run-years in all.
    const merged = { runStart: 0, runEnd: 10_000, outOfBoundsTotals: [{ parameter: 'migrant_settle_rate', source: 'expression', min: 0, max: 1, runs: 3120, runYears: 12_040 }] } as never;
    expect(outOfBoundsWarnings(merged)).toEqual([
      'warning: migrant_settle_rate (expression) gave values outside [0%, 100%] or not finite in 3,120 of 10,000 runs, 12,040 run-years (clamped; a non-finite value makes the run NaN)',
    ]);
  });

  it('counts shocks that push a rate over 1, and leaves the projection as it was (the kernel still clamps)', async () => {
    const shocked = dalianResolved({
      runs: 50,
      seed: 5,
      shocks: { local_settle_rate: { type: 'ar1', phi: 0.5, sigma: 0.3 } },
      parameters: { local_settle_rate: { kind: 'number', value: 0.9 } },
    });
    const r = await runMonteCarlo(shocked);
    const [summary] = outOfBoundsSummary(r);
    // 0.9 · exp(e) > 1 when e > ln(1/0.9) = 0.105, e ~ N(0, 0.3²/(1 − 0.25)) = N(0, 0.35²): 38 % of run-years.
    expect(summary).toMatchObject({ parameter: 'local_settle_rate', source: 'shocks' });
    expect(summary.runYears / (50 * 7)).toBeGreaterThan(0.25);
    expect(summary.runYears / (50 * 7)).toBeLessThan(0.5);
    // Counting is beside the kernel: rates stay in [0, 1] and every run is complete.
    for (let i = 0; i < r.rows.length / METRIC_COUNT; i++) {
      expect(r.rows[i * METRIC_COUNT + M.registered_rate]).toBeGreaterThanOrEqual(0);
      expect(r.rows[i * METRIC_COUNT + M.registered_rate]).toBeLessThanOrEqual(1);
    }
  });

  it('warns about nothing when every value is inside (numbers, distributions and year-only expressions are checked when read)', async () => {
    const r = await runMonteCarlo(dalianResolved({ runs: 20, shocks: {} }));
    expect(r.outOfBounds!.checks).toEqual([]);
    expect(outOfBoundsWarnings(r)).toEqual([]);
    expect(resultTable(r, summarize(r.rows, r.years), [])).not.toContain('warning');
  });
});
