import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { writeScenarios } from '../scenario/tempScenarios.ts';
import { HUIZHOU_JINCHANG_ROWS, OBSERVED_HEADER } from '../helpers/observedRows.ts';

// Three areas of data/observed with figures after their 2013 base year (seed lines as in data/observed/observed.csv):
// Huizhou (004:4931–4933; 001:371), Jinchang (004:5988–5990; 001:401), Luoyang (004:4213–4217; 001:529, with 2010).
const rows = [
  ...HUIZHOU_JINCHANG_ROWS,
  'luoyang,resident_rate,2010,,,44.33,%,resident_6month,,001:529,,',
  'luoyang,resident_pop,2013,,,661.5,万人,resident_6month,,004:4213,,',
  'luoyang,resident_rate,2013,,,49.4,%,resident_6month,,004:4215,,',
  'luoyang,resident_pop,2015,,,674.3,万人,resident_6month,,001:529,,',
  'luoyang,resident_rate,2015,,,52.65,%,resident_6month,,001:529,,',
];
const dir = writeScenarios({ 'three.csv': [OBSERVED_HEADER, ...rows].join('\n') + '\n', 'x.yaml': 'city: dalian\nyears: { end: 2016 }\n' });
const tmp = () => join(mkdtempSync(join(tmpdir(), 'urbsim-cv-')), 'out');
// A count of effective runs as the warnings word it (under 50 here, so no thousands separator): "1 effective run", "7 effective runs".
const effective = (n: number) => `${n} effective run${n === 1 ? '' : 's'}`;

describe('urbsim backtest --cross-validate', () => {
  it('scores every figure after its area\'s base year, leaving the area out, next to the naive trend; writes the tables and the folds\' scenarios', async () => {
    const out = tmp();
    const r = await cli(['backtest', '--cross-validate', join(dir, 'three.csv'), '--runs', '60', '--fit-runs', '150', '--out', out]);
    expect(r.code, r.err).toBe(0);
    // 2 later figures in each of the 3 areas.
    expect(r.out).toMatch(/6 figures after their area's base year, in 3 areas/);
    expect(r.out).toMatch(/^\| all figures \| 6 \| \d\/6 \(\d+%\) \| \d\/6 \(\d+%\) \| (\d ){4}\d \|/m);
    expect(r.out).toMatch(/^\| naive trend forecast \| \d \|/m);
    // Luoyang's resident rate has its own trend (2010 → 2013); the others take the pooled one.
    expect(r.out).toMatch(/\| luoyang \| resident_rate 2015 .*\(own trend\)/);
    expect(r.out).toMatch(/\| huizhou \| resident_rate 2015 .*\(pooled trend\)/);
    const t = tableFromIPC(readFileSync(join(out, 'cross-validation.arrow')));
    expect(t.numRows).toBe(6);
    for (const p of t.getChild('pit')!.toArray() as Float64Array) expect(p >= 0 && p <= 1).toBe(true);
    // Resident rates and populations only: no count that may have changed.
    expect([...t.getChild('count_may_change')!].every((x) => x === false)).toBe(true);
    const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ command: 'backtest --cross-validate', runs: 60, fitRuns: 150, figures: 6 });
    expect(meta.folds.map((f: { area: string }) => f.area).sort()).toEqual(['huizhou', 'jinchang', 'luoyang']);
    // Two other areas per fold fit no pace (three are needed): each fold draws the fit's reference priors as they are
    // (sd 1.5 on the logit scale for the rates, 0.02 for net migration), not times the spread factor, and meta.json says so.
    for (const f of meta.folds as { area: string; spread: number; paces: Record<string, { fitted: boolean; sd: number }> }[]) {
      expect(f.spread, f.area).toBeLessThan(1);
      expect(Object.fromEntries(Object.entries(f.paces).map(([k, p]) => [k, [p.fitted, p.sd]])), f.area).toEqual({
        rural_to_town_rate: [false, 1.5], local_settle_rate: [false, 1.5], net_migration: [false, 0.02], hukou_conversion_rate: [false, 1.5],
      });
    }
    // The spread factor's inner folds record their fewest effective runs too. With three areas, fold A's inner fold
    // without B pools C alone, and no pace is fitted (three areas are needed), so C's likelihoods are read under the
    // reference priors, as in fold A itself (which pools B and C the same way): the smallest over the inner folds is
    // the smallest ESS fold A records for B and C.
    for (const f of meta.folds as { area: string; ess: Record<string, Record<string, number>>; spreadEss: { n: number; area: string; pace: string; without: string } }[]) {
      const outer = Object.entries(f.ess).flatMap(([area, e]) => Object.entries(e).map(([pace, n]) => ({ area, pace, n })));
      const fewest = Math.min(...outer.map((e) => e.n));
      expect(f.spreadEss.n, f.area).toBe(fewest);
      expect(outer.some((e) => e.area === f.spreadEss.area && e.pace === f.spreadEss.pace && e.n === fewest), f.area).toBe(true);
      // The inner fold that pools that area leaves out the third one.
      expect([f.area, f.spreadEss.area, f.spreadEss.without].sort()).toEqual(['huizhou', 'jinchang', 'luoyang']);
    }
    // Each fold's generated scenario is kept, and says it was fitted without its own area.
    expect(readdirSync(join(out, 'scenarios')).sort()).toEqual(['huizhou.yaml', 'jinchang.yaml', 'luoyang.yaml']);
    expect(readFileSync(join(out, 'scenarios', 'jinchang.yaml'), 'utf8')).toContain('cross-validation fold without jinchang');
    expect(readFileSync(join(out, 'cross-validation.md'), 'utf8')).toBe(r.out.slice(0, r.out.indexOf('\nwrote ')));
    // Luoyang's fold, alone, conditions its urbanization pace on its 2010–2013 resident rates (the same gain as fit-defaults'),
    // and its kept scenario draws the law after, said so.
    const luoyang = meta.folds.find((f: { area: string }) => f.area === 'luoyang');
    expect(meta.folds.filter((f: { history?: unknown }) => f.history).map((f: { area: string }) => f.area)).toEqual(['luoyang']);
    expect(luoyang.history.gain).toBeCloseTo(0.0169, 12);
    expect(r.out).toMatch(/median before → after: luoyang [\d.]+ % → [\d.]+ % \(2010–2013\)\.$/m);
    const median = (100 / (1 + Math.exp(-luoyang.history.after.center))).toPrecision(3);
    expect(readFileSync(join(out, 'scenarios', 'luoyang.yaml'), 'utf8')).toMatch(new RegExp(`rural_to_town_rate: \\{ dist: logitnormal, median: ${median}%.*resident rates before its base year`));
  }, 300_000);

  it.each([
    [['backtest', '--cross-validate', 'THREE', join(dir, 'x.yaml')], /--cross-validate generates each area's scenario itself: give no scenario file/],
    [['backtest', '--cross-validate', join(dir, 'missing.csv')], /missing\.csv: cannot read the file/],
    [['backtest', '--cross-validate', 'THREE', '--runs', '0'], /--runs: expected a whole number/],
    [['backtest'], /backtest: give a scenario file and --observed FILE --until YEAR, or --cross-validate FILE/],
    [['backtest', '--cross-validate', 'THREE', '--rural-to-town-form', 'linear'], /--rural-to-town-form: expected share or logit, found "linear"/],
    [['backtest', join(dir, 'x.yaml'), '--observed', 'THREE', '--until', '2013', '--rural-to-town-form', 'logit'], /--rural-to-town-form goes with --cross-validate/],
    [['fit-defaults', 'THREE', '--rural-to-town-form', 'Logit'], /--rural-to-town-form: expected share or logit, found "Logit"/],
  ])('%j: exit 2, nothing written', async (args, message) => {
    const out = tmp();
    const r = await cli([...args.map((a) => (a === 'THREE' ? join(dir, 'three.csv') : a)), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});

describe('urbsim fit-defaults', () => {
  it('--out over a file that is not fitted defaults: exit 2 before fitting, the file untouched', async () => {
    // It fitted, then replaced whatever the file held with the defaults, silently.
    const file = join(dir, 'notes.json');
    writeFileSync(file, '{"my": "notes"}');
    const r = await cli(['fit-defaults', join(dir, 'three.csv'), '--runs', '150', '--out', file]);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(`--out ${file}: the file exists and is not the fitted defaults urbsim fit-defaults writes; give another name, or move it away first`);
    expect(r.err).not.toContain('fit ');
    expect(readFileSync(file, 'utf8')).toBe('{"my": "notes"}');
  });

  it('writes the pooled paces, the year-to-year variation and each area\'s own estimates as JSON', async () => {
    const file = join(tmp(), 'defaults.json');
    const r = await cli(['fit-defaults', join(dir, 'three.csv'), '--runs', '150', '--out', file]);
    expect(r.code, r.err).toBe(0);
    const f = JSON.parse(readFileSync(file, 'utf8'));
    expect(f.command).toBe(`urbsim fit-defaults ${join(dir, 'three.csv')} --runs 150`);
    // Only Luoyang has three resident rates (2010, 2013, 2015): one pair for the year-to-year variation.
    expect(f.process.pairs.map((p: { area: string }) => p.area)).toEqual(['luoyang']);
    expect(r.out).toContain('(φ 0.5 assumed), from 1 area with three or more resident rates\n');
    // Three areas' resident rates inform the urbanization pace; no registered figure informs the take-up.
    expect(f.paces.rural_to_town_rate.areas).toHaveLength(3);
    expect(f.paces.rural_to_town_rate.fitted).toBe(true);
    expect(f.paces.local_settle_rate.fitted).toBe(false);
    expect(f.areas.map((a: { area: string }) => a.area).sort()).toEqual(['huizhou', 'jinchang', 'luoyang']);
    expect(f.spread.factor).toBeGreaterThan(0);
    expect(r.out).toMatch(/rural_to_town_rate +fitted: median [\d.]+%, 80 % [\d.]+% – [\d.]+%; 3 areas/);
    // Only Luoyang has a resident rate before its base year: 44.33 % (2010, census: 0.2 points) → 49.4 % (2013, sample:
    // 0.4 points), 5.07 points over 3 years = 1.69 a year, sd √(0.2² + 0.4²) / 3 = 0.149 points from the figures alone.
    expect(f.history.map((h: { area: string }) => h.area)).toEqual(['luoyang']);
    const h = f.history[0];
    expect(h.figures).toEqual(['resident_rate 2010 (three.csv:10)', 'resident_rate 2013 (three.csv:12)']);
    expect(h.gain).toBeCloseTo(0.0169, 12);
    expect(h.gainSd).toBeCloseTo(Math.sqrt(0.002 ** 2 + 0.004 ** 2) / 3, 12);
    // Its prior is the law Luoyang's pilot draws without it (the pooled law updated with its 2015 figures); the history narrows it.
    expect(h.before).toEqual(f.areas.find((a: { area: string }) => a.area === 'luoyang').estimates.rural_to_town_rate.pilot);
    expect(h.after.sd).toBeLessThan(h.before.sd);
    expect(r.out).toMatch(/^luoyang: urbanization pace conditioned on its resident rate before 2013 \(resident_rate 2010 \(three\.csv:10\) → resident_rate 2013 \(three\.csv:12\): 1\.69 points a year, its pilot's drift [\d.]+\): median [\d.]+% \(sd [\d.]+\) → [\d.]+% \(sd [\d.]+\)$/m);
  }, 300_000);
});

// Luoyang's 2010 resident rate (line 10 of the file) as given, or moved: 34.4 % (5.00 points a year to 49.4 % in 2013:
// warned, above 4) or 20 % in 2012 (29.40 points a year: refused, beyond 10; src/analysis/preBaseSpan.ts).
const withLuoyang = (row: string) => [OBSERVED_HEADER, ...rows.map((r) => (r.startsWith('luoyang,resident_rate,2010') ? row : r))].join('\n') + '\n';
const spans = writeScenarios({
  'warn.csv': withLuoyang('luoyang,resident_rate,2010,,,34.4,%,resident_6month,,001:529,,'),
  'jump.csv': withLuoyang('luoyang,resident_rate,2012,,,20,%,resident_6month,,001:529,,'),
});

describe('the effective runs behind each area\'s likelihood, and the history\'s gain, warned about', () => {
  it('fit-defaults: each estimate\'s effective runs as pooled in the file; under 50 warned on stderr, in the summary and the file', async () => {
    const file = join(tmp(), 'defaults.json');
    // 15 runs a pass, at most 3 passes: at most 45 runs, so every estimate rests on fewer than 50 (Kish's ESS ≤ runs).
    const r = await cli(['fit-defaults', join(spans, 'warn.csv'), '--runs', '15', '--out', file]);
    expect(r.code, r.err).toBe(0);
    const f = JSON.parse(readFileSync(file, 'utf8'));
    const estimates = (f.areas as { area: string; passes: number; estimates: Record<string, { ess: number; pooledEss: number }> }[]).flatMap((a) =>
      Object.entries(a.estimates).map(([k, e]) => ({ area: a.area, k, passes: a.passes, ...e })),
    );
    expect(estimates.length).toBeGreaterThan(0);
    for (const e of estimates) {
      expect(e.pooledEss, `${e.area} ${e.k}`).toBeGreaterThanOrEqual(1);
      expect(e.pooledEss, `${e.area} ${e.k}`).toBeLessThanOrEqual(15 * e.passes + 1e-9);
      const line = `${e.area} ${e.k}: ${effective(Math.round(e.ess))} under the reference prior, ${Math.round(e.pooledEss)} as pooled (of ${15 * e.passes} runs in ${e.passes} passes; under 50: raise --runs)`;
      expect(f.warnings).toContain(line);
      expect(r.err).toContain(`warning: ${line}\n`);
      expect(r.out).toContain(`warning: ${line}\n`);
    }
    // Luoyang's 5 points a year before its base year: warned, and still conditioned on.
    const gain = "luoyang's resident rate before its base year goes from 34.4 % in 2010 (" + join(spans, 'warn.csv') + ':10) to 49.4 % in 2013 (' + join(spans, 'warn.csv') + ':12): 5.00 points a year, more than 4.00 points a year';
    expect(f.warnings[0]).toContain(gain);
    expect(r.err).toContain(`warning: ${gain}`);
    expect(f.history.map((h: { area: string }) => h.area)).toEqual(['luoyang']);
  }, 300_000);

  it('backtest --cross-validate: each fold\'s areas\' effective runs in meta.json; under 50 warned on stderr, in cross-validation.md and meta.json', async () => {
    const out = tmp();
    const r = await cli(['backtest', '--cross-validate', join(dir, 'three.csv'), '--runs', '30', '--fit-runs', '15', '--out', out]);
    expect(r.code, r.err).toBe(0);
    const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
    const areas = ['huizhou', 'jinchang', 'luoyang'];
    for (const fold of meta.folds as { area: string; ess: Record<string, Record<string, number>> }[]) {
      // A fold pools the other two areas, each on the paces it informs (its own fit's estimates).
      expect(Object.keys(fold.ess).sort(), fold.area).toEqual(areas.filter((a) => a !== fold.area));
      for (const [a, e] of Object.entries(fold.ess)) {
        const fit = meta.fits.find((x: { area: string }) => x.area === a);
        expect(Object.keys(e).sort()).toEqual(Object.keys(fit.estimates).sort());
        for (const n of Object.values(e)) expect(Number.isInteger(n) && n >= 1 && n <= 15 * fit.passes).toBe(true);
      }
    }
    // Each fold fits the areas under its own year-to-year variation (the fold without luoyang, the only area with three
    // resident rates, under another than the others'), so each fold records its own fits of the areas it pools.
    for (const fold of meta.folds as { area: string; ess: Record<string, Record<string, number>>; ownFits: Record<string, { passes: number; ess: Record<string, number> }> }[]) {
      expect(Object.keys(fold.ownFits).sort(), fold.area).toEqual(Object.keys(fold.ess).sort());
      for (const [a, f] of Object.entries(fold.ownFits)) expect(Object.keys(f.ess).sort(), `${fold.area} ${a}`).toEqual(Object.keys(fold.ess[a]).sort());
    }
    // Every area's every pace, each pooled by two folds, both under 50 (at most 45 runs): the line names the fold whose
    // count, under the reference prior or as pooled, is the smallest, and takes both counts and the passes from that fold.
    const md = readFileSync(join(out, 'cross-validation.md'), 'utf8');
    const lines = (meta.fits as { area: string }[]).map((f) => f.area).flatMap((a) =>
      ['rural_to_town_rate', 'local_settle_rate', 'net_migration', 'hukou_conversion_rate'].flatMap((k) => {
        const folds = (meta.folds as { area: string; ess: Record<string, Record<string, number>>; ownFits: Record<string, { passes: number; ess: Record<string, number> }> }[])
          .filter((f) => f.area !== a && f.ownFits[a]?.ess[k] !== undefined)
          .map((f) => ({ fold: f.area, own: f.ownFits[a].ess[k], pooled: f.ess[a][k], passes: f.ownFits[a].passes }));
        if (!folds.length) return [];
        const worst = folds.reduce((x, y) => (Math.min(y.own, y.pooled) < Math.min(x.own, x.pooled) ? y : x));
        return [`${a} ${k}: in the fold without ${worst.fold}, ${effective(worst.own)} under the reference prior and ${worst.pooled} as pooled (2 of 2 folds under 50 as pooled), of ${15 * worst.passes} runs in ${worst.passes} passes; under 50: raise --fit-runs`];
      }),
    );
    expect(lines.length).toBeGreaterThan(0);
    expect(meta.warnings).toEqual(lines);
    for (const line of lines) {
      expect(md).toContain(`\nwarning: ${line}\n`);
      expect(r.err).toContain(`warning: ${line}\n`);
    }
  }, 300_000);

  it.each([['fit-defaults'], ['backtest', '--cross-validate']])('%s: a gain of 29.40 points a year before the base year is refused, exit 2, nothing written', async (...command) => {
    const out = join(tmp(), 'x.json');
    const file = join(spans, 'jump.csv');
    const r = await cli([...command, file, '--runs', '20', '--out', out]);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toBe(
      `urbsim: luoyang's resident rate before its base year goes from 20 % in 2012 (${file}:10) to 49.4 % in 2013 (${file}:12): 29.40 points a year; ` +
        'expected a gain within ±10.00 points a year (the largest in data/observed is 1.69; src/analysis/preBaseSpan.ts): ' +
        "if the count changed between them (a new boundary or definition), write yes in the later figure's break column; otherwise correct the figure or its year\n",
    );
    expect(r.err).not.toMatch(/internal error|\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
});
