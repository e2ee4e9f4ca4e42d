import { describe, expect, it } from 'vitest';
import type { FittedDefaultsFile } from '../../src/data/fittedDefaults.ts';
import { sigmaCountedTwice, sigmaLawsWithout, sigmasWithout } from '../../src/batch/ownWeighedRedrawn.ts';

// A fitted file of two series areas, σ's posterior fitted with both, and each one's without it: made-up values that
// round differently at 3 and 4 significant digits, so a scenario written either way is recognized and no other.
const shipped = [0.25762, 0.47352, 0.63683, 0.79580];
const file = {
  registeredProcess: {
    posterior: { prior: 'half-normal, scale 1.5', stationarySds: [], sigmas: shipped },
    withoutArea: { weihai: { sigmas: [0.3, 0.6, 0.9, 1.2] }, shijiazhuang: { sigmas: [0.127] } },
    series: [{ area: 'weihai', years: [2013, 2015], lines: [] }, { area: 'shijiazhuang', years: [2013, 2014, 2015], lines: [] }],
  },
} as unknown as FittedDefaultsFile;

const drawing = (sigma: unknown) => ({ uncertainty: { process: { hukou_conversion_rate: { sigma, phi: 0.5, scale: 'logit' } } } }) as never;
const choice = (values: number[]) => ({ dist: 'choice', values, weights: values.map(() => 1 / values.length) });

describe("sigmasWithout: the conversion's σ an answer weighed by its area's own figures draws", () => {
  it('a pilot (3 digits) or a curated scenario (4 digits) drawing the shipped posterior: the values fitted without the area', () => {
    expect(sigmasWithout(drawing(choice([0.258, 0.474, 0.637, 0.796])), 'weihai', file)).toEqual([0.3, 0.6, 0.9, 1.2]);
    expect(sigmasWithout(drawing(choice([0.2576, 0.4735, 0.6368, 0.7958])), 'weihai', file)).toEqual([0.3, 0.6, 0.9, 1.2]);
    // Without any other series: the one value the fit falls back to.
    expect(sigmasWithout(drawing(choice([0.258, 0.474, 0.637, 0.796])), 'shijiazhuang', file)).toEqual([0.127]);
  });

  it("left alone: an area whose figures are not in σ's fit, a σ of the scenario's own, a file without the values", () => {
    const shippedDraw = drawing(choice([0.258, 0.474, 0.637, 0.796]));
    expect(sigmasWithout(shippedDraw, 'jinchang', file)).toBeUndefined();
    expect(sigmasWithout(drawing(0.775), 'weihai', file)).toBeUndefined();
    // One value off by a unit in the last written digit, or one value fewer: the scenario's own law.
    expect(sigmasWithout(drawing(choice([0.258, 0.474, 0.637, 0.797])), 'weihai', file)).toBeUndefined();
    expect(sigmasWithout(drawing(choice([0.258, 0.474, 0.637])), 'weihai', file)).toBeUndefined();
    expect(sigmasWithout(drawing({ dist: 'uniform', min: 0.2, max: 0.8 }), 'weihai', file)).toBeUndefined();
    expect(sigmasWithout({ uncertainty: { process: {} } } as never, 'weihai', file)).toBeUndefined();
    expect(sigmasWithout(shippedDraw, 'weihai', { registeredProcess: { ...file.registeredProcess!, withoutArea: undefined } } as FittedDefaultsFile)).toBeUndefined();
  });
});

describe("sigmaCountedTwice: a scenario's own runs weighed by a registered rate of the series σ was fitted with", () => {
  const shippedDraw = (city: string) => ({ city, ...(drawing(choice([0.258, 0.474, 0.637, 0.796])) as object) }) as never;
  it("the series' years and the σ fitted without it, where a weighing figure is one of its registered rates", () => {
    expect(sigmaCountedTwice(shippedDraw('weihai'), [{ metric: 'registered_rate', year: 2015 }], file)).toEqual({ years: [2013, 2015], sigmas: [0.3, 0.6, 0.9, 1.2] });
    expect(sigmaCountedTwice(shippedDraw('shijiazhuang'), [{ metric: 'resident_rate', year: 2015 }, { metric: 'registered_rate', year: 2014 }], file)).toEqual({ years: [2013, 2014, 2015], sigmas: [0.127] });
  });

  it('nothing where no weighing figure is a registered rate of the series, the area has none, or σ is the scenario\'s own', () => {
    expect(sigmaCountedTwice(shippedDraw('weihai'), [{ metric: 'resident_rate', year: 2015 }], file)).toBeUndefined();
    expect(sigmaCountedTwice(shippedDraw('weihai'), [{ metric: 'registered_rate', year: 2016 }], file)).toBeUndefined();
    expect(sigmaCountedTwice(shippedDraw('jinchang'), [{ metric: 'registered_rate', year: 2015 }], file)).toBeUndefined();
    expect(sigmaCountedTwice({ city: 'weihai', ...(drawing(0.775) as object) } as never, [{ metric: 'registered_rate', year: 2015 }], file)).toBeUndefined();
  });
});

describe("sigmaLawsWithout: σ's laws on the fit's grid, without the area and with it", () => {
  // Profiles on the grid s = 0, 1, 3 (uneven: the cells differ), φ = 0.6 so σ = 0.8·s; prior scale 1.5.
  const withProfiles = {
    registeredProcess: {
      ...file.registeredProcess!,
      phi: 0.6,
      profile: { s: [0, 1, 3], logLik: [-2, 0, -1] },
      withoutArea: { ...file.registeredProcess!.withoutArea, weihai: { sigmas: [0.3, 0.6, 0.9, 1.2], profile: { s: [0, 1, 3], logLik: [0, -0.5, -3] } } },
    },
  } as unknown as FittedDefaultsFile;
  // Posterior mass at each point: e^(logLik − ½(s/1.5)²) times half its neighbouring cells (½, 1.5, 1), normalized.
  const masses = (logLik: number[]) => {
    const d = [0, 1, 3].map((s, i) => Math.exp(logLik[i] - 0.5 * (s / 1.5) ** 2) * [0.5, 1.5, 1][i]);
    return d.map((x) => x / d.reduce((a, b) => a + b, 0));
  };

  it('the values σ = s·√(1 − φ²) on each point, the probabilities the posterior masses there', () => {
    const laws = sigmaLawsWithout(drawing(choice([0.258, 0.474, 0.637, 0.796])), 'weihai', withProfiles)!;
    expect(laws.prior.values).toEqual([0, 0.8, 2.4]);
    expect(laws.fitted!.values).toEqual([0, 0.8, 2.4]);
    masses([0, -0.5, -3]).forEach((m, i) => expect(laws.prior.weights[i]).toBeCloseTo(m, 14));
    masses([-2, 0, -1]).forEach((m, i) => expect(laws.fitted!.weights[i]).toBeCloseTo(m, 14));
  });

  it("a file without the fits' profiles: the 8 values fitted without the area, equal odds, nothing to mix with", () => {
    const eight = { prior: { dist: 'choice', values: [0.3, 0.6, 0.9, 1.2], weights: [1, 1, 1, 1] } };
    expect(sigmaLawsWithout(drawing(choice([0.258, 0.474, 0.637, 0.796])), 'weihai', file)).toEqual(eight);
    // Either profile missing is enough: the two laws must be on one grid.
    const onlyWithout = { registeredProcess: { ...withProfiles.registeredProcess!, profile: undefined } } as unknown as FittedDefaultsFile;
    expect(sigmaLawsWithout(drawing(choice([0.258, 0.474, 0.637, 0.796])), 'weihai', onlyWithout)).toEqual(eight);
  });

  it('nothing where the scenario draws a σ of its own', () => {
    expect(sigmaLawsWithout(drawing(0.775), 'weihai', withProfiles)).toBeUndefined();
    expect(sigmaLawsWithout(drawing(choice([0.258, 0.474, 0.637, 0.796])), 'jinchang', withProfiles)).toBeUndefined();
  });
});
