import { describe, expect, it } from 'vitest';
import { defaultsBasis, restsOnDefaults, targetOnDefaults, targetsOnDefaults } from '../../src/batch/onDefaults.ts';

// The four paces, written out (src/batch/pilotDefaults.ts PACE_KEYS).
const ALL = ['rural_to_town_rate', 'local_settle_rate', 'net_migration', 'hukou_conversion_rate'];

/**
 * The paces that move each figure, as onDefaults.ts's doc says: resident side the urbanization pace and net
 * migration; the population and migrants net migration alone; the registered rate and urban registered population
 * the conversion and the take-up; the registry's people and those settled the take-up alone; anything else all four.
 */
const DRIVERS: Record<string, string[]> = {
  resident_rate: ['rural_to_town_rate', 'net_migration'],
  urban_resident_pop: ['rural_to_town_rate', 'net_migration'],
  resident_pop: ['net_migration'],
  migrant_pop: ['net_migration'],
  registered_rate: ['hukou_conversion_rate', 'local_settle_rate'],
  urban_registered_pop: ['hukou_conversion_rate', 'local_settle_rate'],
  registered_pop: ['local_settle_rate'],
  settled: ['local_settle_rate'],
  settled_local: ['local_settle_rate'],
  rate_gap: ALL,
  total_pop: ALL,
  cost_government: ALL,
};

describe('restsOnDefaults: every pace that moves the figure drawn from the pooled defaults', () => {
  it('its own paces alone suffice; any one of them not a default, it does not rest on defaults', () => {
    for (const [metric, drivers] of Object.entries(DRIVERS)) {
      expect([metric, restsOnDefaults({ defaultPaces: drivers }, metric)]).toEqual([metric, true]);
      for (const k of drivers) expect([metric, k, restsOnDefaults({ defaultPaces: ALL.filter((x) => x !== k) }, metric)]).toEqual([metric, k, false]);
    }
  });

  it('no paces on defaults, or none said (a row written before the rule): not on defaults', () => {
    for (const metric of Object.keys(DRIVERS)) {
      expect(restsOnDefaults({ defaultPaces: [] }, metric)).toBe(false);
      expect(restsOnDefaults({}, metric)).toBe(false);
    }
  });

  it('a migrants\' take-up fitted to own counts takes the mark off every figure migrants settling move, not off where people live', () => {
    const own = { defaultPaces: ALL, ownTakeUp: true };
    // A migrant who settles leaves the migrant stock for the registry and is paid for: migrant_pop, the rate gap and
    // the costs move with the take-up as the registered rate does; where anyone lives does not.
    const moved = ['registered_rate', 'urban_registered_pop', 'registered_pop', 'settled', 'settled_local', 'settled_migrants', 'migrant_pop', 'rate_gap', 'cost_government', 'land_quota_m2', 'transfer_yuan'];
    const notMoved = ['resident_rate', 'urban_resident_pop', 'resident_pop'];
    expect(moved.map((m) => restsOnDefaults(own, m))).toEqual(moved.map(() => false));
    expect(notMoved.map((m) => restsOnDefaults(own, m))).toEqual(notMoved.map(() => true));
    expect(moved.map((m) => restsOnDefaults({ defaultPaces: ALL, ownTakeUp: false }, m))).toEqual(moved.map(() => true));
  });
});

describe('targetOnDefaults and targetsOnDefaults: per target row, null on the joint row', () => {
  it('the joint row (year null) is null whatever the basis; a target row as restsOnDefaults says', () => {
    expect(targetOnDefaults({ defaultPaces: ALL }, { metric: '*', year: null })).toBeNull();
    expect(targetOnDefaults({ defaultPaces: ALL }, { metric: 'registered_rate', year: 2020 })).toBe(true);
    expect(targetOnDefaults({ defaultPaces: ['net_migration'] }, { metric: 'registered_rate', year: 2020 })).toBe(false);
  });

  it('a scenario drawing no law (every pace set by its author) has no pace on defaults and no take-up of its own: nothing marked', () => {
    const s = { parameters: {}, variables: {} };
    expect(defaultsBasis(s)).toEqual({ defaultPaces: [] });
    expect(targetsOnDefaults(s, [{ metric: 'resident_rate', year: 2020 }, { metric: 'total_pop', year: 2020 }, { metric: '*', year: null }])).toEqual([false, false, null]);
  });
});
