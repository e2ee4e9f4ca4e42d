import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { frontierLine, frontierTable } from '../../src/analysis/frontierTable.ts';
import { everyRunIdentical } from '../../src/analysis/everyRunIdentical.ts';
import { solveFrontier } from '../../src/analysis/solveFrontier.ts';
import { solveLever } from '../../src/analysis/solveLever.ts';
import { curveLine, solveTable } from '../../src/analysis/solveTable.ts';
import { solveTargets } from '../../src/analysis/solveTargets.ts';
import { loadScenario } from '../../src/scenario/api.ts';

const dir = mkdtempSync(join(tmpdir(), 'urbsim-solve-same-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Nothing drawn at random: every run is one projection. The 2020 registered rate is above 60 % at any settlement
// rate searched (README's `urbsim run` of the same scenario), so each value meets the target in all 30 runs.
const yaml = (inflow: string) =>
  `name: same\ncity: dalian\nyears: { start: 2013, end: 2020 }\nuncertainty: none\n` +
  `parameters: { inflow: ${inflow}, local_settle_rate: 6%, rural_to_town_rate: 3%, migrant_settle_rate: 6% }\n` +
  `monte_carlo: { runs: 30, seed: 3 }\ntargets:\n  - { metric: registered_rate, year: 2020, op: ">=", value: 60% }\n`;
const load = (name: string, inflow: string) => {
  writeFileSync(join(dir, `${name}.yaml`), yaml(inflow));
  return loadScenario(join(dir, `${name}.yaml`));
};
const same = load('same', '20万');
const drawn = load('drawn', '{ dist: lognormal, median: 20万, sigma: 0.3 }');

// Hand-computed: 30 runs meeting of 30, Wilson 95 %: lower 30 / (30 + 1.96²) = 0.8865 → 88.6 %.
const NOTE =
  '(P(met): at every value searched the 30 runs are one projection — the scenario draws nothing at random — so P(met) is 0% or 100%: ' +
  'deterministic, no Monte Carlo error; solve.arrow still keeps the Wilson interval 30 independent runs would have)';

describe('everyRunIdentical', () => {
  it('two or more runs with the same values, NaN as NaN; one run is no evidence', () => {
    expect(everyRunIdentical(Float64Array.of(1, NaN, Infinity, 1, NaN, Infinity, 1, NaN, Infinity), 3)).toBe(true);
    expect(everyRunIdentical(Float64Array.of(1, NaN, 1, 0), 2)).toBe(false);
    expect(everyRunIdentical(Float64Array.of(1, 2, 1, 2, 1, 2.000001), 3)).toBe(false);
    expect(everyRunIdentical(Float64Array.of(1, 2), 1)).toBe(false);
  });
});

describe('urbsim solve on a scenario that draws nothing at random: no Wilson interval, a note as urbsim run prints', () => {
  it('one lever: P(met) without interval, the note, no "within sampling error" line; the stored interval kept', async () => {
    // Asked 100 %: a Wilson interval (88.6–100 %) holds it at every value, which "within sampling error" would list.
    const s = await solveLever(same, { lever: 'migrant_settle_rate', targets: solveTargets(same, '1'), probability: 1, range: [0.01, 0.2] });
    expect(s.curve.map((c) => [c.x, c.probability, c.same])).toEqual([[0.01, 1, true], [0.2, 1, true]]);
    expect(s.curve[0].lower).toBeCloseTo(30 / (30 + 1.96 ** 2), 3);
    const lines = solveTable(s).split('\n');
    expect(lines.slice(2, 6)).toEqual([
      'migrant_settle_rate  P(met)   settled/yr',
      expect.stringMatching(/^1% {19}100\.0% {3} +\S+万 {3}← answer$/),
      expect.stringMatching(/^20% {18}100\.0% {3} +\S+万$/),
      NOTE,
    ]);
    expect(solveTable(s)).not.toContain('interval 8');
    expect(solveTable(s)).not.toContain('within sampling error');
    expect(s.message).toBe(
      'migrant_settle_rate = 1%, the low end of [1%, 20%], already meets registered_rate ≥ 60% in 2020 with probability ≥ 100% (P = 100.0%: every run the same projection, no Monte Carlo error)',
    );
    expect(curveLine('migrant_settle_rate', s.curve[0], s.range)).toBe('migrant_settle_rate = 1%: P = 100.0% (every run the same)');
  }, 60_000);

  it('a frontier: no interval column, the note; the evaluations as they come without an interval', async () => {
    const f = await solveFrontier(same, {
      levers: [{ lever: 'migrant_settle_rate', range: [0.01, 0.2] }, { lever: 'local_settle_rate', range: [0.01, 0.2] }],
      targets: solveTargets(same, '1'), probability: 0.8,
    });
    expect(f.evaluations.every((e) => e.same)).toBe(true);
    const text = frontierTable(f);
    expect(text).toMatch(/^migrant_settle_rate {2}local_settle_rate {2}P\(met\) {2}settled\/yr {2}vs plan/m);
    expect(text).not.toContain('95% interval');
    expect(text).toContain(NOTE.replace('at every value searched', 'in every combination run').replace('solve.arrow', 'frontier.arrow'));
    expect(frontierLine(f.levers, f.evaluations[0])).toMatch(/: P = 100\.0% \(every run the same\)$/);
  }, 60_000);

  it('runs that differ keep their intervals, and no note', async () => {
    const s = await solveLever(drawn, { lever: 'migrant_settle_rate', targets: solveTargets(drawn, '1'), probability: 0.8, range: [0.01, 0.2] });
    expect(s.curve.every((c) => c.same === false)).toBe(true);
    expect(solveTable(s).split('\n')[2]).toBe('migrant_settle_rate  P(met)   95% interval     settled/yr');
    expect(solveTable(s)).not.toContain('one projection');
    expect(curveLine('migrant_settle_rate', s.curve[0], s.range)).toMatch(/\(\d+\.\d%–\d+\.\d%\)$/);
  }, 60_000);
});
