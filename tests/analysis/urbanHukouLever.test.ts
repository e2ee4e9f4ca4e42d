import { describe, expect, it } from 'vitest';
import { withLever } from '../../src/analysis/withLever.ts';
import { withLeverRanges } from '../../src/analysis/withLeverRanges.ts';
import { METRICS, METRIC_COUNT } from '../../src/model/indicators.ts';
import { runMonteCarlo } from '../../src/montecarlo/runMonteCarlo.ts';
import type { ResolvedScenario } from '../../src/scenario/resolved.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';

// A scenario that does not set urban_hukou_to_town_rate: its urban-hukou villagers (Ur) move to town at the
// villagers' share of the pace (src/model/README.md, step 6). Dalian's baseline has no Ur (its urban-hukou residents
// all fit in towns); a conversion of 5 % of the rural-hukou villagers a year makes some. A lever on the key (urbsim solve / sensitivity --lever)
// sets the rate, so Ur must then move at it, as they do when a scenario file sets it.
const scenario: ResolvedScenario = { ...dalianResolved({ runs: 2, end: 2016, shocks: {}, parameters: { hukou_conversion_rate: { kind: 'number', value: 0.05 } } }), urbanHukouToTownFollowsPace: true };

const residentRate2016 = async (s: ResolvedScenario) => {
  const r = await runMonteCarlo(s);
  const m = METRICS.indexOf('resident_rate');
  const y = r.years.indexOf(2016);
  return Array.from({ length: r.runEnd - r.runStart }, (_, run) => r.rows[(run * r.years.length + y) * METRIC_COUNT + m]);
};

describe('a lever on urban_hukou_to_town_rate', () => {
  it('withLever: Ur move at the lever\'s rate, not at the pace (the resident rate differs between 0 and 100 %)', async () => {
    expect(withLever(scenario, 'urban_hukou_to_town_rate', 0.3).urbanHukouToTownFollowsPace).toBe(false);
    // another lever leaves the flag as the scenario has it
    expect(withLever(scenario, 'migrant_settle_rate', 0.05).urbanHukouToTownFollowsPace).toBe(true);
    const none = await residentRate2016(withLever(scenario, 'urban_hukou_to_town_rate', 0));
    const all = await residentRate2016(withLever(scenario, 'urban_hukou_to_town_rate', 1));
    // every urban-hukou villager moved to town in 2014 raises the resident rate; none moving lowers it below the pace's
    for (let run = 0; run < none.length; run++) expect(all[run] - none[run]).toBeGreaterThan(0.001);
  });

  it('withLeverRanges: the drawn rate is read', () => {
    const s = withLeverRanges(scenario, [{ lever: 'urban_hukou_to_town_rate', lo: 0, hi: 0.5 }]);
    expect(s.urbanHukouToTownFollowsPace).toBe(false);
    expect(s.parameters.urban_hukou_to_town_rate).toEqual({ kind: 'dist', spec: { dist: 'uniform', min: 0, max: 0.5 } });
    expect(withLeverRanges(scenario, [{ lever: 'migrant_settle_rate', lo: 0, hi: 0.5 }]).urbanHukouToTownFollowsPace).toBe(true);
  });
});
