import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, expectInputError } from '../helpers/cli.ts';
import { writeScenarios } from '../scenario/tempScenarios.ts';

const root = mkdtempSync(join(tmpdir(), 'urbsim-widths-'));
/** A cross-validation folder holding only what `widths` reads: metric, observed, p50, horizon. */
function cvFolder(name: string, rows: { metric: string; observed: number; p50: number; horizon: number }[]): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const t = tableFromArrays({
    metric: rows.map((r) => r.metric),
    observed: Float64Array.from(rows, (r) => r.observed),
    p50: Float64Array.from(rows, (r) => r.p50),
    horizon: Int32Array.from(rows, (r) => r.horizon),
  });
  writeFileSync(join(dir, 'cross-validation.arrow'), tableToIPC(t));
  return dir;
}

// One figure per rate, one year ahead: the logit error of a year is |e| / (p(1 − p)) under both laws.
// Resident 0.5 against 0.49: 0.01 / 0.25 = 0.04. Registered 0.4 against 0.37: 0.03 / 0.24 = 0.125.
const cv = cvFolder('cv', [
  { metric: 'resident_rate', observed: 0.5, p50: 0.49, horizon: 1 },
  { metric: 'registered_rate', observed: 0.4, p50: 0.37, horizon: 1 },
  { metric: 'resident_pop', observed: 5e6, p50: 4.8e6, horizon: 1 },
]);
const scenarios = writeScenarios({ 'w.yaml': 'name: w\ncity: dalian\nyears: { end: 2016 }\nmonte_carlo: { runs: 40, seed: 7 }\n' });
const run = join(root, 'run');

beforeAll(async () => {
  const r = await cli(['run', join(scenarios, 'w.yaml'), '--out', run]);
  expect(r.code, r.err).toBe(0);
}, 120_000);

describe('urbsim widths', () => {
  it('sets each rate\'s 80 % interval against 2 × error × p(1 − p) × √h to × h, at the scenario\'s median and horizon', async () => {
    const r = await cli(['widths', run, '--cross-validation', cv, '--all']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('| resident_rate | 1 | 1–1 | 0.0400 | 0.0400 |');
    expect(r.out).toContain('| registered_rate | 1 | 1–1 | 0.1250 | 0.1250 |');
    // The run's own p10 / p50 / p90, read here from summary.arrow, and the bound worked out by hand for each year.
    const t = tableFromIPC(readFileSync(join(run, 'summary.arrow')));
    const rows = t.toArray().map((x) => x.toJSON() as { metric: string; year: number; p10: number; p50: number; p90: number });
    for (const [metric, err] of [['resident_rate', 0.04], ['registered_rate', 0.125]] as const) {
      const years = rows.filter((x) => x.metric === metric && x.year > 2013);
      const ratio = (x: (typeof years)[number]) => (x.p90 - x.p10) / (2 * err * x.p50 * (1 - x.p50) * Math.sqrt(x.year - 2013));
      const worst = years.reduce((a, x) => (ratio(x) < ratio(a) ? x : a));
      const narrower = years.filter((x) => ratio(x) < 1).length;
      expect(r.out).toContain(`**${metric}: ${narrower ? 1 : 0} of 1 scenarios narrower than implied in some year.**`);
      const lower = 2 * err * worst.p50 * (1 - worst.p50) * Math.sqrt(worst.year - 2013);
      const upper = 2 * err * worst.p50 * (1 - worst.p50) * (worst.year - 2013);
      expect(r.out).toContain(`| ${run} | `);
      expect(r.out).toContain(`| ${worst.year} (${worst.year - 2013}) | ${(100 * worst.p50).toFixed(2)}% | ${(100 * worst.p10).toFixed(2)}–${(100 * worst.p90).toFixed(2)}% | ${(100 * (worst.p90 - worst.p10)).toFixed(2)} | ${(100 * lower).toFixed(2)}–${(100 * upper).toFixed(2)} | ${ratio(worst).toFixed(2)} |`);
    }
  });

  it('reads a batch folder as its scenarios', async () => {
    const r = await cli(['widths', root, '--cross-validation', cv]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Interval widths of 1 scenarios against the errors of /);
  });

  it.each([
    [() => ['widths', run, '--cross-validation', join(root, 'nowhere')], /nowhere\/cross-validation\.arrow: not found; --cross-validation names the folder/],
    [() => ['widths', join(root, 'nowhere'), '--cross-validation', cv], /nowhere: no such folder; expected a run folder \(urbsim run\) or a batch folder/],
    [() => ['widths', cv, '--cross-validation', cv], /neither a run folder \(meta\.json and summary\.arrow\) nor a batch folder/],
    [() => ['widths', run, '--cross-validation', cvFolder('pops', [{ metric: 'resident_pop', observed: 5e6, p50: 4.8e6, horizon: 1 }])], /no held-out resident or registered rate/],
    [() => {
      const bad = join(root, 'bad');
      mkdirSync(bad, { recursive: true });
      writeFileSync(join(bad, 'cross-validation.arrow'), 'not arrow');
      return ['widths', run, '--cross-validation', bad];
    }, /bad\/cross-validation\.arrow: not an Arrow table/],
  ])('bad input %#: exit 2 with the reason', async (args, message) => {
    expectInputError(await cli(args()), message);
  });
});
