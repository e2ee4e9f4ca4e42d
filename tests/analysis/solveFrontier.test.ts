import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frontierTable } from '../../src/analysis/frontierTable.ts';
import { solveFrontier } from '../../src/analysis/solveFrontier.ts';
import { solveLever } from '../../src/analysis/solveLever.ts';
import { solveTable } from '../../src/analysis/solveTable.ts';
import { writeFrontier } from '../../src/analysis/writeFrontier.ts';
import { readOutputFolder } from '../../src/report/readOutputFolder.ts';
import { renderSvg } from '../../src/report/renderSvg.ts';
import { reportCharts } from '../../src/report/reportCharts.ts';
import { M, METRIC_COUNT } from '../../src/model/indicators.ts';
import { runMonteCarlo } from '../../src/montecarlo/runMonteCarlo.ts';
import type { TargetSpec, ValueSpec } from '../../src/scenario/resolved.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';

const RUNS = 40;
// Locals moving to town and locals coming back vary run by run, so the probability is not a step.
const uncertain: Record<string, ValueSpec> = {
  rural_to_town_rate: { kind: 'dist', spec: { dist: 'uniform', min: 0, max: 0.08 } },
  away_return_rate: { kind: 'dist', spec: { dist: 'uniform', min: 0, max: 0.2 } },
};
const scenario = (local?: number, migrant?: number) =>
  dalianResolved({
    runs: RUNS,
    end: 2016,
    parameters: {
      ...uncertain,
      ...(local !== undefined && { local_settle_rate: { kind: 'number', value: local } }),
      ...(migrant !== undefined && { migrant_settle_rate: { kind: 'number', value: migrant } }),
    },
  });
const target: TargetSpec = { id: 'registered_rate>=0.67@2016', metric: 'registered_rate', op: '>=', value: 0.67, year: 2016 };

/** Share of runs whose registered rate in 2016 (year index 3) reaches 67 %, counted here from the rows. */
async function probabilityAt(local: number, migrant: number): Promise<number> {
  const r = await runMonteCarlo(scenario(local, migrant));
  let met = 0;
  for (let run = 0; run < RUNS; run++) if (r.rows[(run * 4 + 3) * METRIC_COUNT + M.registered_rate] >= 0.67) met++;
  return met / RUNS;
}

describe('solveFrontier', () => {
  it('matches a grid of runs: for each local rate, the least migrant rate whose runs meet the target half the time', async () => {
    const f = await solveFrontier(scenario(), {
      levers: [{ lever: 'local_settle_rate', range: [0, 0.3] }, { lever: 'migrant_settle_rate', range: [0, 0.4] }],
      targets: [target],
      probability: 0.5,
      grid: 4,
      tolerance: 0.02,
    });
    expect(f.status).toBe('found');
    expect(f.levers.map((l) => [l.helps, l.role])).toEqual([['up', 'grid'], ['up', 'solved']]);
    // The same question answered by brute force: every grid local rate × every migrant rate on the 0.02 grid.
    const locals = [0, 0.1, 0.2, 0.3];
    const migrants = Array.from({ length: 21 }, (_, i) => Number((i * 0.02).toFixed(2)));
    const expected: { local: number; migrant: number | undefined }[] = [];
    for (const local of locals) {
      let least: number | undefined;
      for (const m of migrants)
        if ((await probabilityAt(local, m)) >= 0.5) {
          least = m;
          break;
        }
      expected.push({ local, migrant: least });
    }
    const found = locals.map((local) => ({ local, migrant: f.frontier.find((p) => Math.abs(p.values[0] - local) < 1e-9)?.values[1] }));
    expect(found.map((x) => ({ local: x.local, migrant: x.migrant === undefined ? undefined : Number(x.migrant.toFixed(2)) }))).toEqual(expected);
    // At least one grid value has no answer and one has an interior one: the test would catch both kinds of error.
    expect(expected.some((e) => e.migrant === undefined)).toBe(true);
    expect(expected.some((e) => e.migrant !== undefined && e.migrant > 0)).toBe(true);
    expect(f.short.map((p) => p.values[0])).toEqual(expected.filter((e) => e.migrant === undefined).map((e) => e.local));
    // Each frontier point's probability is the one counted from its own runs.
    for (const p of f.frontier) expect(p.probability).toBe(await probabilityAt(p.values[0], p.values[1]));
  }, 120_000);

  it("a scenario that sets no 市民化 cost: the frontier's cost cells read '–', as the land quota's and the line under it ('not set'), not 0 yuan", async () => {
    const question = {
      levers: [{ lever: 'local_settle_rate', range: [0, 0.3] as [number, number] }, { lever: 'migrant_settle_rate', range: [0, 0.4] as [number, number] }],
      targets: [target],
      probability: 0.5,
      grid: 2,
      tolerance: 0.05,
    };
    // The cells under government, enterprises, individuals and land (ha) of every frontier row, cut at the header's columns.
    const costCells = (table: string) => {
      const lines = table.split('\n');
      const h = lines.findIndex((l) => l.startsWith('local_settle_rate  migrant_settle_rate'));
      const at = ['government', 'enterprises', 'individuals', 'land (ha)'].map((c) => lines[h].indexOf(c));
      const rows = lines.slice(h + 1, lines.findIndex((l, i) => i > h && l.startsWith('(settled:')));
      return rows.filter((r) => !r.includes('unreachable')).map((r) => at.map((a, k) => r.slice(a, at[k + 1]).trim()));
    };
    const plain = await solveFrontier(scenario(), question);
    expect(plain.frontier.length).toBeGreaterThan(0);
    expect(costCells(frontierTable(plain))).toEqual(plain.frontier.map(() => ['–', '–', '–', '–']));
    expect(frontierTable(plain)).toContain('市民化 cost not set (cost_one_off, cost_recurring)');
    // 11万 a person settled, 40 % borne by government and 32 % by enterprises (Dalian, seed 004 L950): yuan in each cell.
    const costed = dalianResolved({
      runs: RUNS,
      end: 2016,
      parameters: { ...uncertain, cost_one_off: { kind: 'number', value: 110_000 }, cost_share_government: { kind: 'number', value: 0.4 }, cost_share_enterprise: { kind: 'number', value: 0.32 } },
    });
    const paid = await solveFrontier(costed, question);
    for (const cells of costCells(frontierTable(paid))) {
      expect(cells.slice(0, 3).every((c) => /^\d+(\.\d)?(亿|万)$/.test(c))).toBe(true);
      expect(cells[3]).toBe('–');
    }
  }, 60_000);

  it("a scenario that sets a cost and land per person where nobody settles: 0 yuan and 0.0 ha, not '–' ('not set')", async () => {
    // Locals and migrants settle at 0 % a year and nothing else settles, so 0 persons a year; 11万 yuan and 50 m² a person
    // settled (cost_one_off, land_per_settled) are set: 0 × 110,000 = 0 yuan for each payer, 0 × 50 m² = 0.0 ha.
    const nobody = dalianResolved({
      runs: 20,
      end: 2016,
      parameters: {
        ...uncertain,
        local_settle_rate: { kind: 'number', value: 0 },
        migrant_settle_rate: { kind: 'number', value: 0 },
        cost_one_off: { kind: 'number', value: 110_000 },
        cost_share_government: { kind: 'number', value: 0.4 },
        land_per_settled: { kind: 'number', value: 50 },
      },
    });
    const always = { ...target, id: 'registered_rate>=0@2016', value: 0 }; // met at every combination's low end
    const f = await solveFrontier(nobody, {
      levers: [{ lever: 'local_settle_rate', range: [0, 0.3] }, { lever: 'migrant_settle_rate', range: [0, 0.4] }],
      targets: [always],
      probability: 0.5,
      grid: 2,
    });
    expect(f.frontier.map((pt) => [pt.values, pt.effects.settledPerYear])).toEqual([[[0, 0], 0]]);
    const lines = frontierTable(f).split('\n');
    const h = lines.findIndex((l) => l.startsWith('local_settle_rate  migrant_settle_rate'));
    const at = ['government', 'enterprises', 'individuals', 'land (ha)'].map((c) => lines[h].indexOf(c));
    expect(at.map((a, k) => lines[h + 1].slice(a, at[k + 1]).trim())).toEqual(['0', '0', '0', '0.0']);
    const said = '市民化 cost 2014–2016: government 0, enterprises 0, individuals 0 yuan; land quota earned 0.0 ha (medians over runs)';
    expect(lines).toContain(`  ${said}`);
    // The report, which reads the files written (the scenario from meta.json), labels the point the same: 0亿 yuan.
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-frontier-nobody-'));
    try {
      writeFrontier(join(dir, 'out'), f, { startedAt: new Date() });
      const [chart] = reportCharts(readOutputFolder(join(dir, 'out')), 'en');
      const labels = [...renderSvg(chart.draw).matchAll(/<text[^>]*>(P [^<]*)<\/text>/g)].map((m) => m[1]);
      expect(labels).toEqual([`P ${(100 * f.frontier[0].probability).toFixed(1)}% · 0亿 yuan`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // One lever: the answer is its low end, 0 %, where nobody settles either.
    const one = await solveLever(nobody, { lever: 'migrant_settle_rate', targets: [always], probability: 0.5, range: [0, 0.1] });
    expect([one.value, one.curve.find((c) => c.x === 0)!.effects.settledPerYear]).toEqual([0, 0]);
    expect(solveTable(one).split('\n')).toContain(`  ${said}`);
  }, 60_000);

  it('says "unreachable within the levers\' bounds" when every lever at its bound misses, naming the bounds', async () => {
    const f = await solveFrontier(scenario(), {
      levers: [{ lever: 'local_settle_rate', range: [0, 1] }, { lever: 'migrant_settle_rate', range: [0, 1] }],
      targets: [{ ...target, value: 0.95 }],
      probability: 0.5,
    });
    expect(f.status).toBe('unreachable');
    expect(f.frontier).toEqual([]);
    expect(f.best.values).toEqual([1, 1]);
    // Its runs with a thousands separator, as the project's other counts ("2,500 runs"; it printed "2500 runs per combination").
    expect(frontierTable({ ...f, runs: 2500 }).split('\n')[1]).toBe(`(2,500 runs per combination, seed ${f.seed}, the same draws for every combination; ${f.evaluations.length} combinations run)`);
    expect(f.message).toMatch(/^registered_rate ≥ 95% in 2016 with probability ≥ 50% is unreachable within the levers' bounds: best 0\.0% \(95% interval 0\.0%–8\.8%\) with local_settle_rate at 100%, its bound; migrant_settle_rate at 100%, its bound$/);
  }, 60_000);

  it('names a range end that could be widened, and a lever that does not act', async () => {
    // points_cutoff is read only in points mode: under the plain mode it moves nothing.
    const f = await solveFrontier(scenario(), {
      levers: [{ lever: 'points_cutoff', range: [50, 150] }, { lever: 'migrant_settle_rate', range: [0, 0.05] }],
      targets: [{ ...target, value: 0.95 }],
      probability: 0.5,
    });
    expect(f.levers.map((l) => l.helps)).toEqual(['none', 'up']);
    expect(f.levers[0].role).toBe('fixed');
    expect(f.message).toContain('migrant_settle_rate at 5%, the end of the range given (it may go to 100%: try --lever migrant_settle_rate=0%..100%)');
    expect(f.message).toContain('points_cutoff does not move it in the range searched');
  }, 60_000);

  it('refuses one lever, a lever named twice, a grid of one and a tolerance not above 0', async () => {
    const t = [target];
    await expect(solveFrontier(scenario(), { levers: [{ lever: 'local_settle_rate' }], targets: t, probability: 0.5 })).rejects.toThrow('at least two levers');
    await expect(
      solveFrontier(scenario(), { levers: [{ lever: 'local_settle_rate' }, { lever: 'local_settle_rate' }], targets: t, probability: 0.5 }),
    ).rejects.toThrow('lever local_settle_rate is named twice');
    await expect(
      solveFrontier(scenario(), { levers: [{ lever: 'local_settle_rate', range: [0, 1] }, { lever: 'migrant_settle_rate', range: [0, 1] }], targets: t, probability: 0.5, grid: 1 }),
    ).rejects.toThrow('grid: expected a whole number of values per lever, at least 2');
    // As solveLever refuses it (one check for both, checkSolveQuestion): a step of 0 would never narrow.
    for (const tolerance of [0, -0.01, Number.NaN])
      await expect(
        solveFrontier(scenario(), { levers: [{ lever: 'local_settle_rate', range: [0, 1] }, { lever: 'migrant_settle_rate', range: [0, 1] }], targets: t, probability: 0.5, tolerance }),
      ).rejects.toThrow(`--tolerance: expected a positive number, found ${tolerance}`);
  });
});
