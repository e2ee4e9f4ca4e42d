import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildBaseline, project } from '../../src/model/index.ts';
import { baselineInput, params, rateReading, runs } from '../helpers/arbitraries.ts';

// DESIGN §3 invariants, over random valid cities and parameters with every flow on.
describe('engine invariants (property)', () => {
  it('total(t+1) − total(t) = births − deaths + in − out, no negative stock, rates in [0,1] under every definition × denominator', () => {
    fc.assert(
      fc.property(baselineInput(), params(8), (b, p) => {
        const r = project({ params: { ...p, ...rateReading(b) }, initialState: buildBaseline(b).state }, { keepStates: true });
        const c = r.columns;
        for (let y = 1; y < r.years.length; y++) {
          const delta = c.total_pop[y] - c.total_pop[y - 1];
          const net = c.births[y] - c.deaths[y] + c.in_migrants[y] - c.out_migrants[y];
          expect(Math.abs(delta - net)).toBeLessThanOrEqual(1e-9 * c.total_pop[y - 1]);
          for (const m of ['resident_rate', 'registered_rate'] as const) {
            expect(c[m][0]).toBeGreaterThanOrEqual(0);
            expect(c[m][0]).toBeLessThanOrEqual(1);
            expect(c[m][y]).toBeGreaterThanOrEqual(0);
            expect(c[m][y]).toBeLessThanOrEqual(1);
          }
        }
        for (const s of r.states!) for (let i = 0; i < s.length; i++) if (!(s[i] >= 0)) expect.fail(`cell ${i} = ${s[i]}`);
      }),
      runs(150),
    );
  });

  it('is deterministic: the same inputs give bit-identical columns', () => {
    fc.assert(
      fc.property(baselineInput(), params(5), (b, p) => {
        const s = buildBaseline(b).state;
        const a = project({ params: p, initialState: s });
        const c = project({ params: p, initialState: s });
        for (const k of Object.keys(a.columns) as (keyof typeof a.columns)[])
          expect(Buffer.from(c.columns[k].buffer).equals(Buffer.from(a.columns[k].buffer))).toBe(true);
      }),
      runs(30),
    );
  });

  it('does not modify the initial state it is given', () => {
    const b = buildBaseline({ year: 2013, residentPop: 1e6, registeredPop: 9e5, residentRate: 0.6, registeredRate: 0.4 });
    const copy = Float64Array.from(b.state);
    fc.assert(
      fc.property(params(3), (p) => {
        project({ params: p, initialState: b.state });
        expect(b.state).toEqual(copy);
      }),
      runs(5),
    );
  });
});
