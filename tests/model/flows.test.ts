import { describe, expect, it } from 'vitest';
import {
  Flow, STATE_SIZE, Sex, Status, Workspace, idx, modelParams, mr, mu, statusTotal, standardFertilitySchedule, step,
} from '../../src/model/index.ts';
import { applySurvival } from '../../src/model/flows/survival.ts';
import { applyBirths, birthExposureStart } from '../../src/model/flows/births.ts';
import { advanceDuration } from '../../src/model/flows/duration.ts';
import { applyOutMigration } from '../../src/model/flows/outMigration.ts';
import { applyInMigration } from '../../src/model/flows/inMigration.ts';
import { applyLocalMoves } from '../../src/model/flows/localMoves.ts';
import { applyReclassification } from '../../src/model/flows/reclassification.ts';
import { applyHukouConversion } from '../../src/model/flows/hukouConversion.ts';
import { applySettlement } from '../../src/model/flows/settlement.ts';
import { plainSettlementPolicy } from '../../src/model/flows/settlementPolicy.ts';

// Hand-checked single flows: one cohort, one year, every other flow off.
const off = {
  startYear: 2020, endYear: 2021, migrantReturnMultiplier: 0, localDepartureRate: 0, awayReturnRate: 0, hukouExitRate: 0,
  inflow: 0, ruralToTownRate: 0, urbanHukouToTownRate: 0, reclassShare: 0, reclassPersons: 0, localSettleRate: 0, migrantSettleRate: 0,
  migrantNewbornStay: 1,
};
const fresh = () => ({ s: new Float64Array(STATE_SIZE), ws: new Workspace() });

describe('single flows, by hand', () => {
  it('survival carries 1,000 men aged 30 to age 31 with L(31)/L(30)', () => {
    const { s, ws } = fresh();
    const p = modelParams({ ...off, e0M: 75 });
    s[idx(Status.Uu, Sex.M, 30)] = 1000;
    applySurvival(s, p, 0, ws);
    const L = ws.survival[Sex.M].L;
    expect(s[idx(Status.Uu, Sex.M, 31)]).toBeCloseTo((1000 * L[31]) / L[30], 9);
    expect(s[idx(Status.Uu, Sex.M, 30)]).toBe(0);
    expect(ws.flows[Flow.deaths]).toBeCloseTo(1000 * (1 - L[31] / L[30]), 9);
  });

  it('the open age group keeps (P99 + P100+) · T(100)/T(99)', () => {
    const { s, ws } = fresh();
    const p = modelParams({ ...off, e0F: 80 });
    s[idx(Status.Rr, Sex.F, 99)] = 100;
    s[idx(Status.Rr, Sex.F, 100)] = 50;
    applySurvival(s, p, 0, ws);
    const L = ws.survival[Sex.F].L;
    expect(s[idx(Status.Rr, Sex.F, 100)]).toBeCloseTo((150 * L[100]) / (L[99] + L[100]), 9);
  });

  it('births: 1,000 migrant women aged 27, TFR 1.5, SRB 1.1', () => {
    const { s, ws } = fresh();
    const p = modelParams({ ...off, tfrMigrant: 1.5, sexRatioAtBirth: 1.1, e0F: 80, e0M: 76 });
    s[idx(mu(4), Sex.F, 27)] = 1000;
    birthExposureStart(s, p, 0, ws);
    applySurvival(s, p, 0, ws);
    applyBirths(s, p, 0, ws);
    const f = standardFertilitySchedule();
    const survived = 1000 * ws.survival[Sex.F].ratio[27];
    // B = ½·1.5·f(27)·1000 + ½·1.5·f(28)·1000·L(28)/L(27)
    const B = 0.5 * 1.5 * f[27] * 1000 + 0.5 * 1.5 * f[28] * survived;
    expect(ws.flows[Flow.births]).toBeCloseTo(B, 9);
    // Newborns take the mother's status, Mu[4], and survive to age 0 with L(0).
    expect(s[idx(mu(4), Sex.M, 0)]).toBeCloseTo(B * (1.1 / 2.1) * ws.survival[Sex.M].L[0], 9);
    expect(s[idx(mu(4), Sex.F, 0)]).toBeCloseTo(B * (1 / 2.1) * ws.survival[Sex.F].L[0], 9);
  });

  it('births: 30 % of migrant mothers\' newborns stay, the rest leave as out-migrants; local mothers\' all stay', () => {
    const { s, ws } = fresh();
    const p = modelParams({ ...off, tfrMigrant: 1.5, tfrUrbanHukou: 1.5, migrantNewbornStay: 0.3, sexRatioAtBirth: 1.1, e0F: 80, e0M: 76 });
    s[idx(mu(4), Sex.F, 27)] = 1000;
    s[idx(Status.Uu, Sex.F, 27)] = 1000;
    birthExposureStart(s, p, 0, ws);
    applySurvival(s, p, 0, ws);
    applyBirths(s, p, 0, ws);
    const f = standardFertilitySchedule();
    const survived = 1000 * ws.survival[Sex.F].ratio[27];
    const B = 0.5 * 1.5 * f[27] * 1000 + 0.5 * 1.5 * f[28] * survived; // each group's births, as above
    const L0M = ws.survival[Sex.M].L[0];
    const L0F = ws.survival[Sex.F].L[0];
    expect(ws.flows[Flow.births]).toBeCloseTo(2 * B, 9); // every birth in the city is counted
    expect(s[idx(mu(4), Sex.M, 0)]).toBeCloseTo(0.3 * B * (1.1 / 2.1) * L0M, 9);
    expect(s[idx(mu(4), Sex.F, 0)]).toBeCloseTo(0.3 * B * (1 / 2.1) * L0F, 9);
    expect(s[idx(Status.Uu, Sex.M, 0)]).toBeCloseTo(B * (1.1 / 2.1) * L0M, 9);
    expect(ws.flows[Flow.outMigrants]).toBeCloseTo(0.7 * B * ((1.1 / 2.1) * L0M + (1 / 2.1) * L0F), 9);
    // infants who die, die here whoever raises the survivors
    expect(ws.flows[Flow.deaths]).toBeCloseTo(1000 - survived + 1000 - survived + 2 * B * ((1.1 / 2.1) * (1 - L0M) + (1 / 2.1) * (1 - L0F)), 6);
  });

  it('duration: Mu[9] joins Mu[10+], Mu[0] is emptied', () => {
    const { s } = fresh();
    s[idx(mu(9), Sex.F, 40)] = 100;
    s[idx(mu(10), Sex.F, 40)] = 50;
    s[idx(mr(0), Sex.M, 20)] = 7;
    advanceDuration(s);
    expect(s[idx(mu(10), Sex.F, 40)]).toBe(150);
    expect(s[idx(mu(9), Sex.F, 40)]).toBe(0);
    expect(s[idx(mr(1), Sex.M, 20)]).toBe(7);
    expect(s[idx(mr(0), Sex.M, 20)]).toBe(0);
  });

  it('out-migration: hazard 0.1 × multiplier 2 takes 200 of 1,000 migrants; locals leave and return', () => {
    const { s, ws } = fresh();
    const hazard = new Float64Array(11);
    hazard[2] = 0.1;
    const profile = new Float64Array(101).fill(1);
    const p = modelParams({ ...off, migrantReturnHazard: hazard, migrantReturnMultiplier: 2, departureProfile: profile,
      localDepartureRate: 0.05, awayReturnRate: 0.2, hukouExitRate: 0.1, awayReturnUrbanShare: 0.25 });
    s[idx(mu(2), Sex.M, 30)] = 1000;
    s[idx(Status.Uu, Sex.F, 25)] = 1000; // 50 leave
    s[idx(Status.Ra, Sex.M, 35)] = 1000; // 200 return (50 to Ru, 150 to Rr), 100 give up the hukou
    applyOutMigration(s, p, 0, ws);
    expect(s[idx(mu(2), Sex.M, 30)]).toBeCloseTo(800, 12);
    expect(s[idx(Status.Uu, Sex.F, 25)]).toBeCloseTo(950, 12);
    expect(s[idx(Status.Ua, Sex.F, 25)]).toBeCloseTo(50, 12);
    expect(s[idx(Status.Ra, Sex.M, 35)]).toBeCloseTo(700, 12);
    expect(s[idx(Status.Ru, Sex.M, 35)]).toBeCloseTo(50, 12);
    expect(s[idx(Status.Rr, Sex.M, 35)]).toBeCloseTo(150, 12);
    expect(ws.flows[Flow.outMigrants]).toBeCloseTo(200 + 100, 9);
  });

  it('out-migration: return (80 %) and hukou exit (60 %) compete for the same away people, scaled to sum to 1', () => {
    const { s, ws } = fresh();
    const p = modelParams({ ...off, awayReturnRate: 0.8, hukouExitRate: 0.6, awayReturnUrbanShare: 1 });
    s[idx(Status.Ua, Sex.F, 40)] = 1400; // 800 / 1.4 × 1.4 = 800 come back, 600 give up the hukou, none stays away
    applyOutMigration(s, p, 0, ws);
    expect(s[idx(Status.Uu, Sex.F, 40)]).toBeCloseTo(800, 9);
    expect(s[idx(Status.Ua, Sex.F, 40)]).toBeCloseTo(0, 9);
    expect(ws.flows[Flow.outMigrants]).toBeCloseTo(600, 9);
  });

  it('in-migration: 10,000 arrivals, 20% children, 90% urban', () => {
    const { s, ws } = fresh();
    const p = modelParams({ ...off, inflow: 10_000, inflowChildShare: 0.2, inflowUrbanShare: 0.9 });
    applyInMigration(s, p, 0, ws);
    let children = 0;
    for (const st of [mu(0), mr(0)]) for (const x of [0, 1]) for (let a = 0; a <= 14; a++) children += s[idx(st, x, a)];
    expect(children).toBeCloseTo(2000, 6);
    expect(statusTotal(s, mu(0))).toBeCloseTo(9000, 6);
    expect(statusTotal(s, mr(0))).toBeCloseTo(1000, 6);
    expect(ws.flows[Flow.inMigrants]).toBeCloseTo(10_000, 6);
  });

  it('local moves: 1% of 1,000 villagers and 2% of 500 rural urban-hukou move to town', () => {
    const { s, ws } = fresh();
    const p = modelParams({ ...off, ruralToTownRate: 0.01, urbanHukouToTownRate: 0.02 });
    s[idx(Status.Rr, Sex.F, 50)] = 1000;
    s[idx(Status.Ur, Sex.M, 10)] = 500;
    applyLocalMoves(s, p, 0, ws);
    expect(s[idx(Status.Ru, Sex.F, 50)]).toBeCloseTo(10, 12);
    expect(s[idx(Status.Uu, Sex.M, 10)]).toBeCloseTo(10, 12);
  });

  describe('local moves: villagers move at one share whatever their hukou, unless the urban-hukou rate is set', () => {
    // 1,000 urban residents (Uu), 600 rural-hukou villagers (Rr: 400 women aged 50, 200 men aged 20) and 400 urban-hukou
    // villagers (Ur: men aged 40): resident rate ½, logit 0.
    const city = () => {
      const { s, ws } = fresh();
      s[idx(Status.Uu, Sex.F, 30)] = 1000;
      s[idx(Status.Rr, Sex.F, 50)] = 400;
      s[idx(Status.Rr, Sex.M, 20)] = 200;
      s[idx(Status.Ur, Sex.M, 40)] = 400;
      return { s, ws };
    };
    const pace = { ...off, ruralToTownRate: 0.05 };
    const noRate = (({ urbanHukouToTownRate: _, ...rest }) => rest)(pace);
    const moved = (s: Float64Array) => ({
      ru: s[idx(Status.Ru, Sex.F, 50)] + s[idx(Status.Ru, Sex.M, 20)],
      uu: s[idx(Status.Uu, Sex.M, 40)],
      rr: s[idx(Status.Rr, Sex.F, 50)] + s[idx(Status.Rr, Sex.M, 20)],
      ur: s[idx(Status.Ur, Sex.M, 40)],
    });

    it('share form: 5 % of each, 30 of 600 Rr and 20 of 400 Ur', () => {
      const { s, ws } = city();
      const p = modelParams(noRate);
      expect(p.urbanHukouToTownFollowsPace).toBe(true);
      applyLocalMoves(s, p, 0, ws);
      const m = moved(s);
      expect(m.ru).toBeCloseTo(30, 12);
      expect(m.uu).toBeCloseTo(20, 12);
      expect(m.rr).toBeCloseTo(570, 12);
      expect(m.ur).toBeCloseTo(380, 12);
    });

    it('logit form: from logit 0 with every rural resident a villager, the share tanh(c/2) of each, and the logit rises by exactly c', () => {
      const { s, ws } = city();
      applyLocalMoves(s, modelParams({ ...noRate, ruralToTownForm: 'logit' }), 0, ws);
      const share = Math.tanh(0.025); // (e^0.05 − 1)/(1 + e^0.05) = 0.0249948…
      const m = moved(s);
      expect(m.ru).toBeCloseTo(600 * share, 9);
      expect(m.uu).toBeCloseTo(400 * share, 9);
      expect(m.ur).toBeCloseTo(400 * (1 - share), 9);
      const urban = 1000 + m.ru + m.uu;
      expect(Math.log(urban / (m.rr + m.ur))).toBeCloseTo(0.05, 12);
    });

    it('the rate set (3 %): Ur move at it under either form, Rr at the form\'s share', () => {
      for (const form of ['share', 'logit'] as const) {
        const { s, ws } = city();
        const p = modelParams({ ...pace, urbanHukouToTownRate: 0.03, ruralToTownForm: form });
        expect(p.urbanHukouToTownFollowsPace).toBe(false);
        applyLocalMoves(s, p, 0, ws);
        const m = moved(s);
        expect(m.uu, form).toBeCloseTo(12, 12);
        expect(m.ur, form).toBeCloseTo(388, 12);
        expect(m.ru, form).toBeCloseTo(600 * (form === 'share' ? 0.05 : Math.tanh(0.025)), 9);
      }
    });

    it('the flag says which: a rate given with urbanHukouToTownFollowsPace true is not read', () => {
      const { s, ws } = city();
      applyLocalMoves(s, modelParams({ ...pace, urbanHukouToTownRate: 0.9, urbanHukouToTownFollowsPace: true }), 0, ws);
      expect(moved(s).uu).toBeCloseTo(20, 12);
    });
  });

  it('local moves, logit form: the villagers who move raise the logit of the resident rate by the pace', () => {
    const { s, ws } = fresh();
    // 1,200 urban residents (900 Uu, 300 Mu) and 900 rural (600 Rr, 200 Mr, 100 Ur); 500 away are not residents
    s[idx(Status.Uu, Sex.F, 30)] = 900;
    s[idx(mu(2), Sex.M, 25)] = 300;
    s[idx(Status.Rr, Sex.F, 50)] = 400;
    s[idx(Status.Rr, Sex.M, 20)] = 200;
    s[idx(mr(0), Sex.F, 30)] = 200;
    s[idx(Status.Ur, Sex.M, 40)] = 100;
    s[idx(Status.Ua, Sex.M, 30)] = 500;
    const p0 = 1200 / 2100;
    const logistic = (z: number) => 1 / (1 + Math.exp(-z));
    // the share of all rural residents that would carry logit p to logit p + 0.2, applied to the villagers (Rr)
    const c = (logistic(Math.log(p0 / (1 - p0)) + 0.2) - p0) / (1 - p0);
    applyLocalMoves(s, modelParams({ ...off, ruralToTownRate: 0.2, ruralToTownForm: 'logit' }), 0, ws);
    expect(c).toBeCloseTo(0.2 * p0, 2); // ≈ pace × rate for a small pace
    expect(s[idx(Status.Ru, Sex.F, 50)]).toBeCloseTo(400 * c, 9);
    expect(s[idx(Status.Ru, Sex.M, 20)]).toBeCloseTo(200 * c, 9);
    expect(s[idx(Status.Rr, Sex.F, 50)]).toBeCloseTo(400 * (1 - c), 9);
    expect(s[idx(mr(0), Sex.F, 30)]).toBe(200); // only villagers move
    // the share form of the same pace moves a fifth of them
    const { s: t, ws: wt } = fresh();
    t[idx(Status.Uu, Sex.F, 30)] = 900;
    t[idx(Status.Rr, Sex.F, 50)] = 400;
    applyLocalMoves(t, modelParams({ ...off, ruralToTownRate: 0.2 }), 0, wt);
    expect(t[idx(Status.Ru, Sex.F, 50)]).toBeCloseTo(80, 12);
  });

  it('local moves, logit form: with villagers the only rural residents, the logit rises by exactly the pace; none in town, nobody moves', () => {
    const { s, ws } = fresh();
    s[idx(Status.Uu, Sex.F, 30)] = 1000;
    s[idx(Status.Rr, Sex.F, 30)] = 1000;
    applyLocalMoves(s, modelParams({ ...off, ruralToTownRate: 0.1, ruralToTownForm: 'logit' }), 0, ws);
    const urban = s[idx(Status.Uu, Sex.F, 30)] + s[idx(Status.Ru, Sex.F, 30)];
    const rural = s[idx(Status.Rr, Sex.F, 30)];
    expect(Math.log(urban / rural)).toBeCloseTo(0.1, 12); // from logit 0
    expect(rural).toBeCloseTo(1000 * (1 - Math.tanh(0.05)), 9); // share (e^0.1 − 1)/(1 + e^0.1) = tanh 0.05
    const { s: t, ws: wt } = fresh();
    t[idx(Status.Rr, Sex.F, 30)] = 1000;
    applyLocalMoves(t, modelParams({ ...off, ruralToTownRate: 0.1, ruralToTownForm: 'logit' }), 0, wt);
    expect(t[idx(Status.Rr, Sex.F, 30)]).toBe(1000); // a resident rate of 0 stays 0 under the logit form
  });

  it('reclassification: share 10% + 100 scheduled persons of 2,000 rural residents, half get hukou', () => {
    const { s, ws } = fresh();
    const p = modelParams({ ...off, reclassShare: 0.1, reclassPersons: 100, reclassHukouShare: 0.5 });
    s[idx(Status.Rr, Sex.F, 40)] = 1000;
    s[idx(mr(3), Sex.M, 30)] = 1000;
    applyReclassification(s, p, 0, ws);
    // share = 0.1 + 100/2000 = 0.15: 150 villagers (75 to Ru, 75 to Uu), 150 migrants Mr→Mu.
    expect(s[idx(Status.Ru, Sex.F, 40)]).toBeCloseTo(75, 12);
    expect(s[idx(Status.Uu, Sex.F, 40)]).toBeCloseTo(75, 12);
    expect(s[idx(mu(3), Sex.M, 30)]).toBeCloseTo(150, 12);
    expect(ws.flows[Flow.reclassified]).toBeCloseTo(300, 9);
  });

  it('hukou conversion in place: 8% of the rural-hukou locals in the city get urban hukou where they live', () => {
    const { s, ws } = fresh();
    const p = modelParams({ ...off, hukouConversionRate: 0.08 });
    s[idx(Status.Rr, Sex.F, 40)] = 1000;
    s[idx(Status.Ru, Sex.M, 30)] = 500;
    s[idx(Status.Ra, Sex.M, 25)] = 200; // away: not converted
    s[idx(mu(2), Sex.F, 20)] = 300; // migrants: not the city's hukou
    s[idx(mr(2), Sex.F, 20)] = 100;
    applyHukouConversion(s, p, 0, ws);
    // 0.08 · 1,000 = 80 villagers Rr→Ur (still rural residents), 0.08 · 500 = 40 town dwellers Ru→Uu.
    expect(s[idx(Status.Rr, Sex.F, 40)]).toBeCloseTo(920, 12);
    expect(s[idx(Status.Ur, Sex.F, 40)]).toBeCloseTo(80, 12);
    expect(s[idx(Status.Ru, Sex.M, 30)]).toBeCloseTo(460, 12);
    expect(s[idx(Status.Uu, Sex.M, 30)]).toBeCloseTo(40, 12);
    expect(s[idx(Status.Ra, Sex.M, 25)]).toBe(200);
    expect(s[idx(mu(2), Sex.F, 20)]).toBe(300);
    expect(s[idx(mr(2), Sex.F, 20)]).toBe(100);
    // 80 + 40 = 120 converted in place; nobody settles (落户), is reclassified or relabelled: the other counters stay 0.
    expect(ws.flows[Flow.convertedInPlace]).toBeCloseTo(120, 9);
    expect([...ws.flows].filter((_, f) => f !== Flow.convertedInPlace).every((v) => v === 0)).toBe(true);
  });

  it('a change of the registry\'s definition relabels a share of the town dwellers left after conversion (Ru→Uu only)', () => {
    const { s, ws } = fresh();
    const p = modelParams({ ...off, hukouConversionRate: 0.1, hukouRelabelShare: 0.25 });
    s[idx(Status.Rr, Sex.F, 40)] = 1000;
    s[idx(Status.Ru, Sex.M, 30)] = 800;
    s[idx(Status.Uu, Sex.M, 30)] = 50;
    applyHukouConversion(s, p, 0, ws);
    // Villagers are converted only: 100 Rr→Ur. Town dwellers: 80 converted, then 25 % of the 720 left relabelled (180):
    // 540 stay Ru, Uu gains 260.
    expect(s[idx(Status.Rr, Sex.F, 40)]).toBeCloseTo(900, 12);
    expect(s[idx(Status.Ur, Sex.F, 40)]).toBeCloseTo(100, 12);
    expect(s[idx(Status.Ru, Sex.M, 30)]).toBeCloseTo(540, 12);
    expect(s[idx(Status.Uu, Sex.M, 30)]).toBeCloseTo(310, 12);
    // Counted apart: 100 + 80 = 180 converted, 180 relabelled; not settlement: no other counter moves.
    expect(ws.flows[Flow.convertedInPlace]).toBeCloseTo(180, 9);
    expect(ws.flows[Flow.relabelled]).toBeCloseTo(180, 9);
    expect([...ws.flows].filter((_, f) => f !== Flow.convertedInPlace && f !== Flow.relabelled).every((v) => v === 0)).toBe(true);
  });

  it('a relabelling alone (no conversion) moves only town dwellers', () => {
    const { s, ws } = fresh();
    s[idx(Status.Rr, Sex.F, 40)] = 1000;
    s[idx(Status.Ru, Sex.F, 40)] = 400;
    applyHukouConversion(s, modelParams({ ...off, hukouRelabelShare: 0.5 }), 0, ws);
    expect(s[idx(Status.Rr, Sex.F, 40)]).toBe(1000);
    expect(s[idx(Status.Ur, Sex.F, 40)]).toBe(0);
    expect(s[idx(Status.Ru, Sex.F, 40)]).toBeCloseTo(200, 12);
    expect(s[idx(Status.Uu, Sex.F, 40)]).toBeCloseTo(200, 12);
    // 0.5 · 400 = 200 relabelled, none converted.
    expect(ws.flows[Flow.relabelled]).toBeCloseTo(200, 9);
    expect(ws.flows[Flow.convertedInPlace]).toBe(0);
  });

  it('the change of definition can relabel villagers too: a share v of the villagers left after conversion (Rr→Ur)', () => {
    const { s, ws } = fresh();
    s[idx(Status.Rr, Sex.F, 40)] = 1000;
    s[idx(Status.Ru, Sex.M, 30)] = 400;
    applyHukouConversion(s, modelParams({ ...off, hukouConversionRate: 0.1, hukouRelabelShare: 0.25, hukouRelabelVillageShare: 0.2 }), 0, ws);
    // Villagers: 100 converted, then 20 % of the 900 left (180) relabelled: 720 stay Rr, Ur 280 — they stay in the village.
    expect(s[idx(Status.Rr, Sex.F, 40)]).toBeCloseTo(720, 12);
    expect(s[idx(Status.Ur, Sex.F, 40)]).toBeCloseTo(280, 12);
    // Town dwellers: 40 converted, then 25 % of the 360 left (90): 270 stay Ru, Uu 130.
    expect(s[idx(Status.Ru, Sex.M, 30)]).toBeCloseTo(270, 12);
    expect(s[idx(Status.Uu, Sex.M, 30)]).toBeCloseTo(130, 12);
    // Converted 100 + 40 = 140; relabelled 180 villagers + 90 town dwellers = 270.
    expect(ws.flows[Flow.convertedInPlace]).toBeCloseTo(140, 9);
    expect(ws.flows[Flow.relabelled]).toBeCloseTo(270, 9);
    expect([...ws.flows].filter((_, f) => f !== Flow.convertedInPlace && f !== Flow.relabelled).every((v) => v === 0)).toBe(true);
  });

  it('a villagers\' relabelling alone moves only villagers', () => {
    const { s, ws } = fresh();
    s[idx(Status.Rr, Sex.M, 50)] = 1000;
    s[idx(Status.Ru, Sex.M, 50)] = 400;
    applyHukouConversion(s, modelParams({ ...off, hukouRelabelVillageShare: 0.5 }), 0, ws);
    expect(s[idx(Status.Rr, Sex.M, 50)]).toBeCloseTo(500, 12);
    expect(s[idx(Status.Ur, Sex.M, 50)]).toBeCloseTo(500, 12);
    expect(s[idx(Status.Ru, Sex.M, 50)]).toBe(400);
    expect(s[idx(Status.Uu, Sex.M, 50)]).toBe(0);
  });

  it('hukou conversion raises the registered rate, not the resident rate: one year, everything else off', () => {
    // Registered: Uu 600 (town), Rr 300 (village), Ru 100 (town); migrants Mu 200 (town). No deaths: ages 30, e0 high.
    const p = modelParams({ ...off, hukouConversionRate: 0.1, tfrRuralHukou: 0, tfrUrbanHukou: 0, tfrMigrant: 0 });
    const q = modelParams({ ...off, tfrRuralHukou: 0, tfrUrbanHukou: 0, tfrMigrant: 0 });
    const at = (over: typeof p) => {
      const { s, ws } = fresh();
      s[idx(Status.Uu, Sex.F, 30)] = 600;
      s[idx(Status.Rr, Sex.F, 30)] = 300;
      s[idx(Status.Ru, Sex.F, 30)] = 100;
      s[idx(mu(5), Sex.F, 30)] = 200;
      step(s, over, 0, ws);
      const U = statusTotal(s, Status.Uu) + statusTotal(s, Status.Ur);
      const R = statusTotal(s, Status.Ru) + statusTotal(s, Status.Rr);
      const town = statusTotal(s, Status.Uu) + statusTotal(s, Status.Ru) + [...Array(11).keys()].reduce((a, d) => a + statusTotal(s, mu(d)), 0);
      const residents = U + R + [...Array(11).keys()].reduce((a, d) => a + statusTotal(s, mu(d)) + statusTotal(s, mr(d)), 0);
      return { registered: U / (U + R), resident: town / residents };
    };
    const withIt = at(p);
    const without = at(q);
    // Survival scales every cell alike (one age, one sex), so the shares are those of the counts:
    // registered 600/1000 → (600 + 0.1 · 400)/1000 = 64 %; resident 900/1200 either way.
    expect(without.registered).toBeCloseTo(0.6, 12);
    expect(withIt.registered).toBeCloseTo(0.64, 12);
    expect(withIt.resident).toBeCloseTo(0.75, 12);
    expect(without.resident).toBeCloseTo(0.75, 12);
  });

  it('reclassification counts the rural residents as out- and in-migration left them', () => {
    // Hand case: 1,000 Mr[3] men aged 30 leave at hazard 10 %, 500 arrive, all rural (inflowUrbanShare 0), and
    // 1,000 villagers stay put: rural residents 900 + 500 + 1,000 = 2,400, share = 200 / 2,400 from 200 scheduled persons.
    const p = modelParams({
      ...off, migrantReturnMultiplier: 1, migrantReturnHazard: Float64Array.from({ length: 11 }, () => 0.1), inflow: 500,
      inflowUrbanShare: 0, reclassPersons: 200, reclassHukouShare: 0,
    });
    const { s, ws } = fresh();
    s[idx(mr(3), Sex.M, 30)] = 1000;
    s[idx(Status.Rr, Sex.F, 40)] = 1000;
    applyOutMigration(s, p, 0, ws);
    applyInMigration(s, p, 0, ws);
    applyReclassification(s, p, 0, ws);
    expect(ws.flows[Flow.reclassified]).toBeCloseTo(200, 9);
    expect(s[idx(Status.Ru, Sex.F, 40)]).toBeCloseTo((1000 * 200) / 2400, 9);
    expect(s[idx(mu(3), Sex.M, 30)]).toBeCloseTo((900 * 200) / 2400, 9);
    expect(s[idx(mr(3), Sex.M, 30)]).toBeCloseTo(900 - (900 * 200) / 2400, 9);
  });

  it('reclassification reaches the last rural migrant row too (Mr[10+], women aged 100+)', () => {
    const { s, ws } = fresh();
    s[idx(mr(10), Sex.F, 100)] = 1000;
    applyReclassification(s, modelParams({ ...off, reclassShare: 0.1 }), 0, ws);
    expect(s[idx(mu(10), Sex.F, 100)]).toBeCloseTo(100, 9);
    expect(ws.flows[Flow.reclassified]).toBeCloseTo(100, 9);
  });

  it('reclassification with no rural resident moves nobody, whatever the share or scheduled persons', () => {
    for (const over of [{ reclassPersons: 500 }, { reclassShare: 0.3 }, {}]) {
      const { s, ws } = fresh();
      s[idx(Status.Uu, Sex.F, 40)] = 1000;
      s[idx(Status.Ru, Sex.F, 40)] = 100;
      const before = Float64Array.from(s);
      applyReclassification(s, modelParams({ ...off, ...over }), 0, ws);
      expect(ws.flows[Flow.reclassified]).toBe(0);
      expect([...s]).toEqual([...before]);
    }
  });

  it('settlement: 3% of local Ru; 10% of migrants with ≥ 3 years, parents and children alike', () => {
    const { s, ws } = fresh();
    const p = modelParams({ ...off, localSettleRate: 0.03, migrantSettleRate: 0.1, migrantSettleMinYears: 3 });
    s[idx(Status.Ru, Sex.M, 45)] = 1000;
    s[idx(mu(2), Sex.F, 30)] = 1000; // not yet eligible
    s[idx(mu(3), Sex.F, 30)] = 1000;
    s[idx(mu(3), Sex.M, 5)] = 400; // a child of a d = 3 household
    plainSettlementPolicy(p, 0, ws);
    applySettlement(s, p, 0, ws);
    expect(s[idx(Status.Uu, Sex.M, 45)]).toBeCloseTo(30, 12);
    expect(s[idx(mu(2), Sex.F, 30)]).toBe(1000);
    expect(s[idx(Status.Uu, Sex.F, 30)]).toBeCloseTo(100, 12);
    expect(s[idx(Status.Uu, Sex.M, 5)]).toBeCloseTo(40, 12);
    expect(ws.flows[Flow.settledLocal]).toBeCloseTo(30, 9);
    expect(ws.flows[Flow.settledMigrants]).toBeCloseTo(140, 9);
  });
});

describe('birth exposure: women at the start and the survivors at the end, before the year\'s moves', () => {
  it('counts neither arrivals of the year nor the settlers\' new status, and babies move with their families', () => {
    // 1,000 migrant women aged 30 (Mu[3]), none aged 29, and a fertility schedule all at age 30: the start of the
    // year exposes 1,000 women, its end (survivors aged 30, before the moves) none, so B = ½ · TFR 2 · 1,000 = 1,000,
    // whatever mortality does. 500 women aged 30 arrive and half the migrants settle (urban-hukou TFR 1) and a
    // fifth of Mu[3] leaves: counting at the very end of the year would add births to the 500 arrivals and move
    // half of the mothers to the urban-hukou TFR.
    const { s, ws } = fresh();
    const sched = new Float64Array(101);
    sched[30] = 1;
    const adult = new Float64Array(202);
    adult[101 + 30] = 1;
    const hazard = new Float64Array(11);
    hazard[3] = 0.2;
    const p = modelParams({
      ...off, fertilitySchedule: sched, tfrMigrant: 2, tfrUrbanHukou: 1, inflow: 500, inflowChildShare: 0, inflowAdult: adult,
      migrantReturnMultiplier: 1, migrantReturnHazard: hazard, migrantSettleRate: 0.5, migrantSettleMinYears: 0,
    });
    s[idx(mu(3), Sex.F, 30)] = 1000;
    step(s, p, 0, ws);
    expect(ws.flows[Flow.births]).toBeCloseTo(1000, 9);
    // the babies were born in Mu[3]: a fifth left with their families, the rest completed a year (Mu[4]) and half settled
    const uu0 = statusTotalAt(s, Status.Uu, 0);
    const mu40 = statusTotalAt(s, mu(4), 0);
    expect(uu0 / mu40).toBeCloseTo(1, 12);
    expect(statusTotalAt(s, mu(0), 0)).toBe(0);
    // a fifth of the surviving mothers and of the living babies left: babies alive at age 0 before the moves were
    // (uu0 + mu40) / 0.8, the other births died as infants, the rest of the deaths were mothers
    const babies = (uu0 + mu40) / 0.8;
    const mothersDied = ws.flows[Flow.deaths] - (ws.flows[Flow.births] - babies);
    expect(ws.flows[Flow.outMigrants]).toBeCloseTo(0.2 * (1000 - mothersDied + babies), 6);
  });
});

const statusTotalAt = (s: Float64Array, status: number, age: number): number => s[idx(status, Sex.M, age)] + s[idx(status, Sex.F, age)];

describe('births by the mother\'s hukou group, by hand', () => {
  it('urban-hukou, rural-hukou and migrant women each bear at their own TFR, wherever they live', () => {
    // 1,000 women aged 30 in every status and a schedule all at age 30 (none aged 29, so the end-of-year half is 0):
    // B_s = ½ · TFR_g · 1,000 with TFR 1.0 (Uu, Ur, Ua), 1.6 (Ru, Rr, Ra), 2.2 (Mu, Mr).
    const { s, ws } = fresh();
    const sched = new Float64Array(101);
    sched[30] = 1;
    const p = modelParams({ ...off, fertilitySchedule: sched, tfrUrbanHukou: 1, tfrRuralHukou: 1.6, tfrMigrant: 2.2, sexRatioAtBirth: 1.2 });
    const statuses = [Status.Uu, Status.Ur, Status.Ua, Status.Ru, Status.Rr, Status.Ra, mu(0), mu(7), mr(0), mr(10)];
    for (const st of statuses) s[idx(st, Sex.F, 30)] = 1000;
    birthExposureStart(s, p, 0, ws);
    applySurvival(s, p, 0, ws);
    applyBirths(s, p, 0, ws);
    const want = [500, 500, 500, 800, 800, 800, 1100, 1100, 1100, 1100];
    statuses.forEach((st, i) => expect(ws.births[st], `status ${st}`).toBeCloseTo(want[i], 9));
    expect(ws.flows[Flow.births]).toBeCloseTo(want.reduce((a, v) => a + v, 0), 9);
    // boys : girls at age 0 = SRB × L_M(0) / L_F(0), in every status alike
    const ratio = ws.survival[Sex.M].birthSurvival / ws.survival[Sex.F].birthSurvival;
    for (const st of statuses) expect(s[idx(st, Sex.M, 0)] / s[idx(st, Sex.F, 0)]).toBeCloseTo(1.2 * ratio, 12);
  });
});

describe('out-migration levers, by hand', () => {
  it('local departures follow the age profile', () => {
    // rate 10 % at the profile's peak: 1,000 at age 25 (profile 1) lose 100, 1,000 at age 60 (profile 0.2) lose 20
    const { s, ws } = fresh();
    const profile = new Float64Array(101);
    profile[25] = 1;
    profile[60] = 0.2;
    const p = modelParams({ ...off, localDepartureRate: 0.1, departureProfile: profile });
    s[idx(Status.Ru, Sex.M, 25)] = 1000;
    s[idx(Status.Ru, Sex.M, 60)] = 1000;
    s[idx(Status.Ur, Sex.F, 60)] = 500;
    applyOutMigration(s, p, 0, ws);
    expect(s[idx(Status.Ra, Sex.M, 25)]).toBeCloseTo(100, 12);
    expect(s[idx(Status.Ra, Sex.M, 60)]).toBeCloseTo(20, 12);
    expect(s[idx(Status.Ua, Sex.F, 60)]).toBeCloseTo(10, 12);
    expect(s[idx(Status.Ur, Sex.F, 60)]).toBeCloseTo(490, 12);
    expect(ws.flows[Flow.outMigrants]).toBe(0); // moving away keeps the hukou: not out-migration
  });

  it('a school shortage raises the return hazard by the elasticity × last year\'s shortage ratio', () => {
    // h = 0.1 × multiplier 1 × (1 + 2 × 0.25) = 0.15 of 1,000 migrants at d = 4
    const { s, ws } = fresh();
    const p = modelParams({ ...off, migrantReturnMultiplier: 1, migrantReturnHazard: new Float64Array(11).fill(0.1), returnShortageElasticity: 2 });
    s[idx(mr(4), Sex.F, 35)] = 1000;
    ws.schoolShortageRatio = 0.25;
    applyOutMigration(s, p, 0, ws);
    expect(ws.flows[Flow.outMigrants]).toBeCloseTo(150, 9);
    expect(s[idx(mr(4), Sex.F, 35)]).toBeCloseTo(850, 9);
  });
});

describe('in-migration levers, by hand', () => {
  it('a school shortage keeps children behind; housing slack draws more migrants', () => {
    // inflow 10,000 × (1 + 0.5 × slack 0.4) = 12,000 arrivals; child share 0.2 × (1 − 1.5 × shortage ratio 0.2) = 0.14
    const { s, ws } = fresh();
    const p = modelParams({ ...off, inflow: 10_000, inflowChildShare: 0.2, childShortageElasticity: 1.5, housingInflowElasticity: 0.5 });
    ws.schoolShortageRatio = 0.2;
    ws.housingSlackRatio = 0.4;
    applyInMigration(s, p, 0, ws);
    let children = 0;
    for (const st of [mu(0), mr(0)]) for (const x of [0, 1]) for (let a = 0; a <= 14; a++) children += s[idx(st, x, a)];
    expect(ws.flows[Flow.inMigrants]).toBeCloseTo(12_000, 6);
    expect(children).toBeCloseTo(0.14 * 12_000, 6);
  });
});

describe('reclassification counts only rural residents in its denominator', () => {
  it('scheduled persons are spread over Ur, Rr and Mr, not over the towns', () => {
    // 1,000 Rr + 1,000 Mr + 500 Ur rural residents, 4,000 urban people besides: 250 scheduled persons = 10 % of them.
    const { s, ws } = fresh();
    const p = modelParams({ ...off, reclassPersons: 250 });
    s[idx(Status.Rr, Sex.F, 40)] = 1000;
    s[idx(mr(2), Sex.M, 30)] = 1000;
    s[idx(Status.Ur, Sex.M, 50)] = 500;
    s[idx(Status.Uu, Sex.F, 40)] = 2000;
    s[idx(Status.Ru, Sex.F, 40)] = 1000;
    s[idx(mu(2), Sex.M, 30)] = 1000;
    applyReclassification(s, p, 0, ws);
    expect(ws.flows[Flow.reclassified]).toBeCloseTo(250, 9);
    expect(s[idx(Status.Ru, Sex.F, 40)]).toBeCloseTo(1100, 9);
    expect(s[idx(mu(2), Sex.M, 30)]).toBeCloseTo(1100, 9);
    expect(s[idx(Status.Uu, Sex.M, 50)]).toBeCloseTo(50, 9);
  });
});
