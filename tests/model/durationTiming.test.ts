import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETURN_HAZARD, DURATIONS, Flow, STATE_SIZE, Sex, Workspace, buildBaseline, idx, modelParams, mr, mu, statusTotal, step,
} from '../../src/model/index.ts';

// Every flow but mortality and the migrants' return off, so only h(d) and survival act on the migrant blocks.
const still = {
  startYear: 2020, endYear: 2021, tfrUrbanHukou: 0, tfrRuralHukou: 0, tfrMigrant: 0, localDepartureRate: 0, awayReturnRate: 0,
  hukouExitRate: 0, inflow: 0, ruralToTownRate: 0, urbanHukouToTownRate: 0, reclassShare: 0, reclassPersons: 0, localSettleRate: 0,
  migrantSettleRate: 0,
};

describe('return hazard timing: h(d) acts on the years of stay completed at the start of the year', () => {
  it('last year\'s arrivals leave at h(0)', () => {
    // 1,000 women aged 30 who arrived last year (Mu[0]); h(0) = 15 %, every other h 5 %. After the year, whatever
    // mortality took, the leavers and the stayers (now Mu[1]) stand as 15 : 85.
    const s = new Float64Array(STATE_SIZE);
    s[idx(mu(0), Sex.F, 30)] = 1000;
    const hazard = Float64Array.from({ length: DURATIONS }, (_, d) => (d === 0 ? 0.15 : 0.05));
    const ws = new Workspace();
    step(s, modelParams({ ...still, migrantReturnHazard: hazard }), 0, ws);
    expect(statusTotal(s, mu(0))).toBe(0);
    expect(ws.flows[Flow.outMigrants] / statusTotal(s, mu(1))).toBeCloseTo(0.15 / 0.85, 12);
    expect(ws.flows[Flow.outMigrants] + statusTotal(s, mu(1)) + ws.flows[Flow.deaths]).toBeCloseTo(1000, 9);
  });

  it('a baseline stationary under the hazard stays stationary when no other flow acts', () => {
    // Every duration block has the same ages, so mortality takes the same share of each; with no inflow, the
    // shares of d = 1..10+ among the migrants who stayed are those the baseline had.
    const b = buildBaseline({ year: 2020, residentPop: 1e6, registeredPop: 8e5, residentRate: 0.7, registeredRate: 0.5 });
    const shares = (state: Float64Array): number[] => {
      const m = Array.from({ length: DURATIONS - 1 }, (_, k) => statusTotal(state, mu(k + 1)) + statusTotal(state, mr(k + 1)));
      const t = m.reduce((a, v) => a + v, 0);
      return m.map((v) => v / t);
    };
    const before = shares(b.state);
    const s = Float64Array.from(b.state);
    step(s, modelParams({ ...still, migrantReturnHazard: Float64Array.from(DEFAULT_RETURN_HAZARD) }), 0, new Workspace());
    const after = shares(s);
    for (let d = 0; d < DURATIONS - 1; d++) expect(after[d], `d = ${d + 1}`).toBeCloseTo(before[d], 12);
  });
});
