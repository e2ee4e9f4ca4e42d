import { buildBaseline, modelParams, project } from '../index.ts';

/**
 * `npm start`: a deterministic projection of Dalian 2013 → 2020 with the
 * engine's default parameters, printed year by year against the city's plan.
 * Figures from seed 004 (national pilot plan), lines 887–904.
 */
const baseline = buildBaseline({
  year: 2013,
  residentPop: 6_918_000, // 常住人口 691.8万 (L887)
  registeredPop: 5_914_000, // 户籍人口 591.4万 (L888)
  residentRate: 0.685, // 68.5% (L888)
  registeredRate: 0.631, // 63.1% (L888)
});
const targets: Record<number, [number, number]> = { 2017: [0.714, 0.67], 2020: [0.756, 0.725] }; // L896-904

const params = modelParams({
  startYear: 2013,
  endYear: 2020,
  inflow: 200_000,
  localSettleRate: 0.08,
  migrantSettleRate: 0.06,
  migrantSettleMinYears: 2,
  ruralToTownRate: 0.02,
});
const r = project({ params, initialState: baseline.state });

const pct = (v: number) => `${(v * 100).toFixed(1)}%`.padStart(7);
const wan = (v: number) => (Number.isNaN(v) ? '' : (v / 1e4).toFixed(1)).padStart(8);
console.log('urbsim: Dalian 大连 2013 → 2020, one deterministic run with default parameters');
console.log('baseline assumptions:');
for (const a of baseline.assumptions) console.log(`  ${a.key.padEnd(22)} ${Number.isNaN(a.value) ? '' : a.value.toFixed(3).padStart(12)}  ${a.why}`);
console.log('');
console.log('year  resident  registered   gap  residents万 registered万 settled万   plan (res / reg)');
for (let i = 0; i < r.years.length; i++) {
  const y = r.years[i];
  const c = r.columns;
  const plan = targets[y] ? `${pct(targets[y][0])} / ${pct(targets[y][1])}` : '';
  console.log(
    `${y}  ${pct(c.resident_rate[i])}  ${pct(c.registered_rate[i])}  ${pct(c.rate_gap[i])} ${wan(c.resident_pop[i])}    ${wan(c.registered_pop[i])}  ${wan(c.settled_local[i] + c.settled_migrants[i])}   ${plan}`,
  );
}
