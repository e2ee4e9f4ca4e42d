import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sensitivity, sensitivityPlan } from '../../src/analysis/sensitivity.ts';
import { sensitivityDesign } from '../../src/analysis/sensitivityDesign.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';

// Two pooled mixtures (the laws whose quantile is by inversion), a triangular and the fixture's lognormal inflow, and
// the fixture's ar1 shocks (a run's own randomness: one more block). Small enough to run in a second.
const scenario = dalianResolved({
  end: 2015,
  seed: 7,
  parameters: {
    migrant_settle_rate: { kind: 'dist', spec: { dist: 'logitnormalmix', weights: [0.3, 0.7], medians: [0.04, 0.07], sigmas: [0.3, 0.2] } },
    local_settle_rate: { kind: 'dist', spec: { dist: 'logitnormalmix', weights: [0.5, 0.5], medians: [0.01, 0.03], sigmas: [0.4, 0.4] } },
    tfr_migrant: { kind: 'dist', spec: { dist: 'triangular', min: 1.1, mode: 1.3, max: 1.6 } },
  },
});
const asked = { metric: 'registered_rate', year: 2015, runs: 24, bootstrap: 30 };
const sha = (a: Float64Array | Int32Array) => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');

// Every literal below was printed by the synchronous design of main at 316aa7d (sensitivityPlan's design, and
// sensitivity's figures), before the design was drawn in chunks: the chunked drawing must give them to the bit.
describe('the Saltelli design drawn in chunks, between turns of the event loop', () => {
  it('is the synchronous design to the bit, whatever the chunk (one chunk, or 7 cells: a chunk ends inside a row)', async () => {
    const plan = sensitivityPlan(scenario, asked);
    expect(plan.parameters).toEqual(['inflow', 'local_settle_rate', 'migrant_settle_rate', 'tfr_migrant', 'noise:shocks.inflow']);
    for (const chunk of [undefined, 7]) {
      const d = await sensitivityDesign(plan.design, { chunk });
      // (4 inputs + 2 + 1 block of the runs' own randomness) · 24 rows · 4 values
      expect(d.values.length).toBe(672);
      expect([...d.values.subarray(0, 4)]).toEqual([129497.8852816631, 0.010820066942680685, 0.06987816228224089, 1.2945661852855535]);
      expect([...d.values.subarray(668)]).toEqual([155776.02263716268, 0.02333598270062468, 0.06020541146196755, 1.5587997277824028]);
      expect(sha(d.values)).toBe('47461d31d0b214aaf5746b9fda48259c2c055b9f70c1ebe6ebfc5e429cd70635');
      expect(sha(d.shockRuns)).toBe('6f814c8594cc44fcfc16c42d0d4184e8b8b44a4f7ad9a6b4b46f8097b2fbcf82');
    }
  });

  it('gives the same sensitivity figures to the bit', async () => {
    const r = await sensitivity(scenario, asked);
    expect([...r.first]).toEqual([0.3438010025029891, 0.34312977121095467, 0.9343325375190191, 0.3455547454384139, 0.3438010025029891]);
    expect([...r.firstLower]).toEqual([0.06122526212155692, -0.037335886545596775, 0.9008912979186439, 0.06300074381487536, 0.06122526212155692]);
    expect([...r.firstUpper]).toEqual([0.6875876641238161, 0.6547423918245306, 0.9696863096422238, 0.6888949198396989, 0.6875876641238161]);
    expect([...r.total]).toEqual([0, 0.06471362239823089, 0.6557083975978121, 0.00001974035173343505, 0]);
    expect([...r.totalLower]).toEqual([0, 0.03011734063601552, 0.3454350118101446, 0.00001147196403295153, 0]);
    expect([...r.totalUpper]).toEqual([0, 0.09818774770853896, 1.034051875653204, 0.000032756215710516035, 0]);
    expect([...r.excessLower]).toEqual([0.06122526212155692, -0.1093803501150863, -0.10681198658282429, 0.06297901270335135, 0.06122526212155692]);
    expect([...r.excessUpper]).toEqual([0.6875876641238161, 0.6061773358490576, 0.6053628864967472, 0.6888678102642528, 0.6875876641238161]);
  });

  it('lets the event loop turn between chunks (a signal is answered) and says the rows of A and B drawn', async () => {
    const plan = sensitivityPlan(scenario, asked);
    const seen: string[] = [];
    let turns = 0;
    // A callback queued on the event loop: run between chunks, or (drawn in one go) only after the whole design.
    const spin = () => setImmediate(() => { turns++; if (turns < 1000) spin(); });
    spin();
    await sensitivityDesign(plan.design, { chunk: 16, onProgress: (done, total) => seen.push(`${done}/${total}@${turns}`) });
    // 2 · 24 rows · 4 values = 192 cells, 16 a chunk: 12 chunks of 4 rows each.
    expect(seen).toEqual(Array.from({ length: 12 }, (_, c) => `${4 * (c + 1)}/48@${c}`));
  });
});

describe("a shard's design: only the rows it runs drawn through their laws", () => {
  // 4 inputs + 2 + 1 blocks of 24 rows: 168 rows. Shards cut them as runs are cut: floor((i − 1)·168/count) up to floor(i·168/count).
  it('its rows are the whole design\'s to the bit, whatever the split; cells it does not need never drawn (left 0)', async () => {
    const plan = sensitivityPlan(scenario, asked);
    const full = await sensitivityDesign(plan.design);
    expect(sha(full.values)).toBe('47461d31d0b214aaf5746b9fda48259c2c055b9f70c1ebe6ebfc5e429cd70635');
    const k = 4;
    for (const count of [1, 2, 3, 7, 13, 168]) {
      for (let i = 1; i <= count; i++) {
        const first = Math.floor(((i - 1) * 168) / count);
        const end = Math.floor((i * 168) / count);
        const part = await sensitivityDesign(plan.design, { rows: [first, end], chunk: 7 });
        expect(sha(part.values.subarray(first * k, end * k)), `${i}/${count}`).toBe(sha(full.values.subarray(first * k, end * k)));
        expect(part.shockRuns).toEqual(full.shockRuns);
      }
    }
    // Shard 3 of 7: rows 48..71, block 2 (AB_0): A's rows and B's column 0 are drawn; B's other cells (rows 24..47,
    // columns 1..3) never go through their laws.
    const part = await sensitivityDesign(plan.design, { rows: [48, 72] });
    const bCells = [...part.values.subarray(24 * k, 48 * k)];
    expect(bCells.filter((_, c) => c % k !== 0).every((v) => v === 0)).toBe(true);
    expect(bCells.filter((_, c) => c % k === 0)).toEqual([...full.values.subarray(24 * k, 48 * k)].filter((_, c) => c % k === 0));
  });
});
