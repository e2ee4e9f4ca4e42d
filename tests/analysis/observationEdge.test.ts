import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { weighByObservationError } from '../../src/analysis/calibrate.ts';
import { observationError } from '../../src/analysis/observationError.ts';
import { cli } from '../helpers/cli.ts';
import { OBSERVED_HEADER, observedPoints } from '../helpers/observedRows.ts';
import { writeScenarios } from '../scenario/tempScenarios.ts';

// A rate published as 0 % or 100 % (Shenzhen's resident rate is 100 %) has no logit. Its value was clamped at 10⁻⁹
// (logit ±20.7) but its error at 0.1 % (sd 0.008 / (0.001 · 0.999) = 8 on the logit scale): the figure pulled almost
// nothing — an effective 99.9 % of the runs — while the calibration printed an error of "0.00 pt" and said the
// posterior "sits at the edge" of the prior. It is read one error sd inside the edge, where its error is that sd.
const rate = (value: string) => observedPoints([`dalian,registered_rate,2015,,,${value},%,registered_unstated,,001:427,,`])[0];

describe('a rate at 0 % or 100 % is read one error sd inside the edge', () => {
  it('by hand: registered_unstated is a plan figure, 0.8 points; 100 % is read at 99.2 %, 0 % and 0.5 % at 0.8 %', () => {
    // y = 0.992: sd = 0.008 / (0.992 · 0.008) = 1 / 0.992; logit 0.992 = ln(0.992 / 0.008) = ln 124
    expect(observationError(rate('100'))).toEqual({ caliber: 'plan', scale: 'logit', sd: expect.closeTo(1 / 0.992, 12), at: expect.closeTo(Math.log(124), 12) });
    expect(observationError(rate('0'))).toEqual({ caliber: 'plan', scale: 'logit', sd: expect.closeTo(1 / 0.992, 12), at: expect.closeTo(-Math.log(124), 12) });
    // 0.5 %, within one sd of the edge: a point of that value (a file's rate under 1 % is refused as a share written beside its %, readObserved)
    expect(observationError({ ...rate('71.2'), value: 0.005 }).at).toBeCloseTo(-Math.log(124), 12);
    // inside: as before, the logit of the figure and the sd at it (71.2 %: 0.008 / (0.712 · 0.288))
    expect(observationError(rate('71.2'))).toEqual({ caliber: 'plan', scale: 'logit', sd: expect.closeTo(0.008 / (0.712 * 0.288), 12), at: expect.closeTo(Math.log(0.712 / 0.288), 12) });
  });

  it('the runs are weighed by it: exp(−z²/2) relative to the closest run, z = (logit v − ln 124)·0.992', () => {
    const runs = [0.99, 0.95, 0.7];
    const fit = weighByObservationError(Float64Array.from([1, 2, 3]), Float64Array.from(runs), [rate('100')]);
    const z = runs.map((v) => (Math.log(v / (1 - v)) - Math.log(124)) * 0.992);
    // 99 %: z = (4.5951 − 4.8203)·0.992 = −0.2234; 95 %: (2.9444 − 4.8203)·0.992 = −1.8609; 70 %: (0.8473 − 4.8203)·0.992 = −3.9412
    expect(z[0]).toBeCloseTo(-0.2234, 4);
    expect(z[2]).toBeCloseTo(-3.9412, 4);
    expect([...fit.accepted]).toEqual([0, 1, 2]);
    fit.weights.forEach((w, i) => expect(w).toBeCloseTo(Math.exp(-(z[i] ** 2 - z[0] ** 2) / 2), 12));
    // before: the 70 % run weighed 0.87 of the 99 % one (z ≈ 2.6 and 2.4 on an sd of 8); now 5e-4
    expect(fit.weights[2]).toBeLessThan(1e-3);
  });

  it('urbsim calibrate prints the figure\'s error as the caliber says (0.80 pt), and the figure pulls the runs', async () => {
    const dir = writeScenarios({
      's.yaml': 'city: dalian\nyears: { start: 2013, end: 2016 }\nparameters: { inflow: { dist: uniform, min: 10万, max: 30万 } }\ntargets: []\n',
      'all.csv': `${OBSERVED_HEADER}\ndalian,registered_rate,2015,,,100,%,registered_unstated,,001:427,,\n`,
    });
    const r = await cli(['calibrate', join(dir, 's.yaml'), '--observed', join(dir, 'all.csv'), '--runs', '200', '--out', join(dir, 'out')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/registered_rate 2015 +100\.00% +0\.80 pt/);
    expect(r.out).toContain('outside every run');
    // the runs' registered rates lie below 99.2 % (63–81 %, the hukou conversion drawn moves them): the higher ones
    // weigh more (before: an effective 99.9 % of the runs, the figure pulled nothing)
    const ess = Number(/effective sample size (\d+) /.exec(r.out)![1]);
    expect(ess).toBeLessThan(0.9 * 200);
  }, 60_000);
});
