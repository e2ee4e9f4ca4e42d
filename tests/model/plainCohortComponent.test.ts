import { describe, expect, it } from 'vitest';
import {
  AGES, MAX_AGE, SEXES, STATUSES, STATUS_SIZE, SurvivalRatios, buildBaseline, defaultLifeTables, modelParams, project,
  standardFertilitySchedule,
} from '../../src/model/index.ts';

/**
 * With migration, settlement and reclassification off and one TFR for all,
 * the multistate engine must collapse to a textbook single-state
 * cohort-component projection (Preston, Heuveline & Guillot 2001, ch. 6):
 *   P(x+1, t+1) = P(x, t) · L(x+1)/L(x);  P(100+, t+1) = (P(99) + P(100+)) · T(100)/T(99)
 *   B = Σ f(x) · ½ (W(x, t) + W(x, t+1));  P(0, t+1) = B · share(sex) · L(0)
 * computed here on plain arrays, independently of the engine's flows.
 */
function plainProjection(pop0: Float64Array, years: number, tfr: number, srb: number, e0M: number, e0F: number): Float64Array[] {
  const lt = defaultLifeTables();
  const sr = [new SurvivalRatios(), new SurvivalRatios()];
  lt.M.fill(e0M, sr[0]);
  lt.F.fill(e0F, sr[1]);
  const f = standardFertilitySchedule().map((v) => v * tfr);
  const out = [pop0];
  let pop = pop0;
  for (let t = 0; t < years; t++) {
    const next = new Float64Array(SEXES * AGES);
    for (let s = 0; s < SEXES; s++) {
      const r = sr[s].ratio;
      for (let x = 0; x < MAX_AGE - 1; x++) next[s * AGES + x + 1] = pop[s * AGES + x] * r[x];
      next[s * AGES + MAX_AGE] = (pop[s * AGES + MAX_AGE - 1] + pop[s * AGES + MAX_AGE]) * r[MAX_AGE - 1];
    }
    let births = 0;
    for (let x = 0; x < AGES; x++) births += f[x] * 0.5 * (pop[AGES + x] + next[AGES + x]);
    next[0] = births * (srb / (1 + srb)) * sr[0].L[0];
    next[AGES] = births * (1 / (1 + srb)) * sr[1].L[0];
    out.push(next);
    pop = next;
  }
  return out;
}

describe('neutral engine = plain cohort-component projection', () => {
  it('matches by age and sex for 20 years', () => {
    const b = buildBaseline({ year: 2013, residentPop: 6_918_000, registeredPop: 5_914_000, residentRate: 0.685, registeredRate: 0.631 });
    const neutral = {
      startYear: 2013, endYear: 2033, e0M: 74.5, e0F: 79.5,
      tfrUrbanHukou: 1.4, tfrRuralHukou: 1.4, tfrMigrant: 1.4, migrantNewbornStay: 1, sexRatioAtBirth: 1.12,
      migrantReturnMultiplier: 0, localDepartureRate: 0, awayReturnRate: 0, hukouExitRate: 0, inflow: 0,
      ruralToTownRate: 0, urbanHukouToTownRate: 0, reclassShare: 0, reclassPersons: 0, localSettleRate: 0, migrantSettleRate: 0,
    };
    const r = project({ params: modelParams(neutral), initialState: b.state }, { keepStates: true });
    const collapse = (state: Float64Array): Float64Array => {
      const out = new Float64Array(SEXES * AGES);
      for (let s = 0; s < STATUSES; s++) for (let i = 0; i < STATUS_SIZE; i++) out[i] += state[s * STATUS_SIZE + i];
      return out;
    };
    const plain = plainProjection(collapse(b.state), 20, 1.4, 1.12, 74.5, 79.5);
    r.states!.forEach((state, t) => {
      const engine = collapse(state);
      for (let i = 0; i < engine.length; i++) expect(engine[i]).toBeCloseTo(plain[t][i], 6);
    });
    expect(r.columns.total_pop[20]).toBeCloseTo(plain[20].reduce((a, v) => a + v, 0), 5);
  });
});
