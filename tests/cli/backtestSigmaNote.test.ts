import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { OBSERVED_HEADER } from '../helpers/observedRows.ts';

// scenarios/shijiazhuang-backtest.yaml draws the conversion's yearly σ from the shipped posterior, fitted with
// Shijiazhuang's registered rates 2013/2014/2015 among four areas' series (data/observed/fitted-defaults.json
// registeredProcess); back-tested up to 2014, it scores the 2015 registered rate, which σ has seen: not out of sample
// there, and the back-test says so under its scored table. Expected text written out here from the fitted file's data
// (the series' years, σ fitted without Shijiazhuang to 3 significant digits) and the default φ 0.5 (src/model/README.md,
// "Sources of uncertainty" 1), not from the code.
const fitted = JSON.parse(readFileSync('data/observed/fitted-defaults.json', 'utf8'));
const years: number[] = fitted.registeredProcess.series.find((x: { area: string }) => x.area === 'shijiazhuang').years;
const without: number[] = fitted.registeredProcess.withoutArea.shijiazhuang.sigmas;
const sigmaLine = `{ dist: choice, values: [${without.map((v) => Number(v.toPrecision(3))).join(', ')}] }`;
const SCORED_NOTE =
  "note: registered_rate 2015, scored above, is not out of sample as far as the conversion's yearly σ goes: the σ these runs draw was fitted with " +
  `shijiazhuang's registered rates ${years.join('/')} too (data/observed/fitted-defaults.json). For a score out of sample there, draw σ as fitted without them: ` +
  `uncertainty: { process: { hukou_conversion_rate: { sigma: ${sigmaLine}, phi: 0.5 } } }`;

async function backtest(scenario: string, root: string, observed = 'data/observed/observed.csv') {
  const r = await cli(['backtest', scenario, '--observed', observed, '--until', '2014', '--runs', '60', '--out', join(root, 'bt')]);
  expect(r.code, r.err).toBe(0);
  return r.out.split('\n');
}

describe("urbsim backtest: the note where σ's fit already holds a scored figure", () => {
  it("Shijiazhuang's back-test: under the scored table, its 2015 registered rate named, with the σ line fitted without the area", async () => {
    expect(years).toContain(2015);
    const out = await backtest('scenarios/shijiazhuang-backtest.yaml', mkdtempSync(join(tmpdir(), 'urbsim-bt-sigma-')));
    expect(out.some((l) => l.startsWith('registered_rate 2015 '))).toBe(true);
    // Once, under the table and its totals; the other σ line is calibrate's note on the fitted 2014 figure.
    expect(out.filter((l) => l.includes('scored above'))).toEqual([SCORED_NOTE]);
    expect(out.indexOf(SCORED_NOTE)).toBeGreaterThan(out.findIndex((l) => l.startsWith('prior (all runs)')));
    expect(out.filter((l) => l.includes('σ'))).toHaveLength(2);
  }, 120_000);

  // The seed's 2014 registered rate (001:339) to fit; to score, the seed's 2015 resident rate and settled count and a
  // made-up 2016 registered rate (a year σ's series does not hold), with or without the seed's 2015 registered rate.
  const observedFile = (root: string, registered2015: boolean) => {
    const observed = join(root, 'o.csv');
    writeFileSync(observed, [
      OBSERVED_HEADER,
      'shijiazhuang,registered_rate,2014,,,41.56,%,registered_unified,,001:339,,',
      ...(registered2015 ? ['shijiazhuang,registered_rate,2015,,,44.65,%,registered_unified,,001:339,,'] : []),
      'shijiazhuang,resident_rate,2015,,,58.3,%,resident_6month,,001:339,,',
      'shijiazhuang,settled,2015,2015,,39103,人,settled_registry,,001:339,,',
      'shijiazhuang,registered_rate,2016,,,45,%,registered_unified,,made up,,',
      '',
    ].join('\n'));
    return observed;
  };

  it('a registered rate of 2016 scored beside the 2015 one: the note names 2015 alone', async () => {
    const root = mkdtempSync(join(tmpdir(), 'urbsim-bt-sigma-'));
    const out = await backtest('scenarios/shijiazhuang-backtest.yaml', root, observedFile(root, true));
    expect(out.some((l) => l.startsWith('registered_rate 2016 '))).toBe(true);
    expect(out.filter((l) => l.includes('scored above'))).toEqual([SCORED_NOTE]);
  }, 120_000);

  it("scored figures outside σ's series (a resident rate, a count, a registered rate of 2016): no note under the table", async () => {
    const root = mkdtempSync(join(tmpdir(), 'urbsim-bt-sigma-'));
    const out = await backtest('scenarios/shijiazhuang-backtest.yaml', root, observedFile(root, false));
    expect(out.some((l) => l.startsWith('registered_rate 2016 '))).toBe(true);
    // The fitted 2014 figure still gets calibrate's note (the shipped σ is drawn): only the scored ones are not in σ's fit.
    expect(out.filter((l) => l.includes('σ'))).toHaveLength(1);
    expect(out.filter((l) => l.includes('scored above'))).toEqual([]);
  }, 120_000);

  it('Shijiazhuang drawing σ as the note says (fitted without it): no note', async () => {
    const root = mkdtempSync(join(tmpdir(), 'urbsim-bt-sigma-'));
    const file = join(root, 'sjz-sigma.yaml');
    writeFileSync(file, `extends: ${resolve('scenarios/shijiazhuang-backtest.yaml')}\nname: sjz-sigma\nuncertainty: { process: { hukou_conversion_rate: { sigma: ${sigmaLine}, phi: 0.5 } } }\n`);
    const out = await backtest(file, root);
    expect(out[0]).toBe('sjz-sigma: calibrated on data/observed/observed.csv, area shijiazhuang, figures up to 2014');
    expect(out.some((l) => l.startsWith('registered_rate 2015 '))).toBe(true);
    expect(out.filter((l) => l.includes('σ'))).toEqual([]);
  }, 120_000);
});
