import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it, vi } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'urbsim-cli-')), 'out');
const DALIAN = 'scenarios/dalian.yaml';

describe('urbsim sensitivity', () => {
  it('prints the inputs ranked and writes sensitivity.arrow and meta.json', async () => {
    const out = tmp();
    const r = await cli(['sensitivity', DALIAN, '--metric', 'registered_rate', '--year', '2015', '--runs', '40', '--bootstrap', '20', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^dalian: what moves registered_rate in 2015/);
    expect(r.out).toMatch(/^1(–\d+)? +\w+/m);
    const t = tableFromIPC(readFileSync(join(out, 'sensitivity.arrow')));
    expect(t.schema.fields.map((f) => f.name)).toEqual(['metric', 'year', 'parameter', 'index', 'estimate', 'lower', 'upper', 'runs']);
    expect(String(t.schema.fields[2].type)).toMatch(/^Dictionary/);
    // scenarios/dalian.yaml samples 7 scalars, the hukou conversion and the migrant newborns' stay a city scenario
    // draws by default and the change of count's year, b and v, and has inflow shocks: 12 PRCC rows, 13 first-order
    // and 13 total rows.
    const index = t.getChild('index')!.toArray() as string[];
    expect(['prcc', 'first', 'total'].map((i) => [...index].filter((x) => x === i).length)).toEqual([12, 13, 13]);
    const inputs = new Set(t.getChild('parameter')!.toArray() as string[]);
    for (const part of ['year', 'share', 'village_share']) expect(inputs.has(`uncertainty.registered_break.${part}`), part).toBe(true);
    const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ command: 'sensitivity', metric: 'registered_rate', year: 2015, runs: 40, designRuns: 600, bootstrap: 20 });
    expect(existsSync(join(out, 'swing.arrow'))).toBe(true);
  });

  const one = writeScenarios({
    'one.yaml': `${MINIMAL}parameters:\n  migrant_settle_rate: { dist: uniform, min: 3%, max: 9% }\n`,
    // Points-mode levers under the default plain mode: sampled, but nothing reads them.
    'flat.yaml': `${MINIMAL}parameters:\n  points_cutoff: { dist: uniform, min: 80, max: 120 }\n  points_sd: { dist: uniform, min: 10, max: 30 }\n`,
  });
  it.each([
    [['--metric', 'registred_rate', '--year', '2015'], 'unknown metric `registred_rate`, did you mean `registered_rate`?'],
    // Named as the option it came from, as compare says it (it said only "urbsim: unknown metric …").
    [['--metric', 'registered', '--year', '2015'], 'urbsim: --metric: unknown metric `registered`, did you mean `registered_rate` or `registered_pop`? (metrics: '],
    [['--metric', 'registered_rate', '--year', '2040'], "year 2040 is outside dalian's projection: expected a year from 2014 to 2035"],
    [['--metric', 'registered_rate', '--year', 'soon'], '--year: expected a year such as 2020, found "soon"'],
    [['--metric', 'registered_rate', '--year', '2015', '--runs', '0'], '--runs: expected a whole number'],
    [['--year', '2015'], "required option '--metric <M>' not specified"],
    [['--metric', 'registered_rate', '--year', '2015', 'ONE'], 'samples only migrant_settle_rate'],
    [['--metric', 'registered_rate', '--year', '2014', '--runs', '30', 'FLAT'], 'registered_rate in 2014 does not vary across runs (63.'],
  ])('%j: exit 2, "%s", nothing written', async (args, message) => {
    const out = tmp();
    const file = args.includes('ONE') ? join(one, 'one.yaml') : args.includes('FLAT') ? join(one, 'flat.yaml') : DALIAN;
    const r = await cli(['sensitivity', file, ...args.filter((a) => a !== 'ONE' && a !== 'FLAT'), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
});

describe('urbsim sensitivity --lever', () => {
  it('ranks a fixed policy lever over the range given, with the uncertain inputs, and writes swing.arrow', async () => {
    const out = tmp();
    const r = await cli(['sensitivity', 'scenarios/dongguan.yaml', '--metric', 'registered_rate', '--year', '2015', '--lever', 'points_cutoff=100..160', '--runs', '40', '--bootstrap', '20', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^\S+ +points_cutoff \(lever 100–160\) +[\d.−]+ \[/m);
    expect(r.out).toMatch(/^points_cutoff \(lever\) +1\d\d–1\d\d: [\d.]+% +1\d\d–1\d\d: [\d.]+% +[+−][\d.]+ pt$/m);
    // 40 base rows are far from ±0.05
    expect(r.out).toMatch(/^warning: Sobol' intervals up to ±[\d.]+ at 40 base rows, wider than ±0\.05/m);
    const swing = tableFromIPC(readFileSync(join(out, 'swing.arrow')));
    const levers = [...swing.getChild('parameter')!.toArray()].filter((p, i) => swing.getChild('lever')!.get(i));
    expect(levers).toEqual(['points_cutoff', 'points_cutoff']);
    const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
    expect(meta.levers).toEqual([{ lever: 'points_cutoff', lo: 100, hi: 160 }]);
    expect(meta.precision.enough).toBe(false);
    expect(meta.files).toEqual(['sensitivity.arrow', 'swing.arrow', 'meta.json']);
  });

  it("a variable the scenario writes in percent, as a lever: its range in percent in the table's name, as in its swing row", async () => {
    // scenarios/dongguan.yaml draws net_migration (a share of residents a year) in percent; the lever -1%..1% read
    // 'net_migration (lever −0.01 to 0.01)' above a swing row in percent.
    const r = await cli(['sensitivity', 'scenarios/dongguan.yaml', '--metric', 'resident_rate', '--year', '2015', '--lever', 'net_migration=-1%..1%', '--runs', '40', '--bootstrap', '20', '--out', tmp()]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^\S+ +net_migration \(lever −1\.0% to 1\.0%\) +[\d.−]+ \[/m);
    expect(r.out).toMatch(/^net_migration \(lever\) +−[\d.]+% to −[\d.]+%: /m);
  });

  it('says when a lever does not act in the scenario (a points-mode key in plain mode)', async () => {
    const r = await cli(['sensitivity', 'scenarios/dalian.yaml', '--metric', 'registered_rate', '--year', '2015', '--lever', 'points_cutoff=100..160', '--runs', '40', '--bootstrap', '20', '--out', tmp()]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('note: points_cutoff (lever) changed registered_rate in 2015 in none of the 40 design rows: it does not act in this scenario (settlement mode: plain)');
    expect(r.out).toMatch(/^\S+ +points_cutoff \(lever 100–160\) +0\.00 \[0\.00, 0\.00\]/m);
  });

  it('without --runs, chooses the base rows for --precision and says so pass by pass', async () => {
    const out = tmp();
    const r = await cli(['sensitivity', DALIAN, '--metric', 'registered_rate', '--year', '2014', '--precision', '0.2', '--max-runs', '200', '--bootstrap', '20', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/^sensitivity: 200 base rows: Sobol' intervals up to ±/m);
    expect(JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')).runs).toBe(200);
  });

  it.each([
    [['--lever', 'points_cutoff'], '--lever points_cutoff: give the range to rank it over, KEY=LO..HI'],
    [['--lever', 'migrant_settle_rate=0..150%'], '--lever: range of migrant_settle_rate [0%, 150%] leaves its bounds'],
    // a rate's range without its % signs: 3 read as 300 %, said as a scenario file's rate is (it said only "[300%, 900%] leaves its bounds")
    [['--lever', 'migrant_settle_rate=3..9'], '--lever migrant_settle_rate: expected a rate from 0% to 100%, found 3 (a rate is a share: 3 is 300%; did you mean 3%?)'],
    [['--runs', '40', '--precision', '0.1'], '--precision and --max-runs choose the runs: give them, or --runs, not both'],
    [['--precision', '2'], '--precision: expected a half-width between 0 and 1'],
    // too few base rows: the option named (it said "sensitivity needs at least 20 runs, got 10" of --max-runs 10)
    [['--max-runs', '10'], '--max-runs: expected at least 20 base rows (the Sobol\' indices need them), found "10"'],
    [['--runs', '19'], '--runs: expected at least 20 base rows (the Sobol\' indices need them), found "19"'],
  ])('%j: exit 2, "%s", nothing written', async (args, message) => {
    const out = tmp();
    const r = await cli(['sensitivity', DALIAN, '--metric', 'registered_rate', '--year', '2015', ...args, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(existsSync(out)).toBe(false);
  });
});

describe('urbsim solve', () => {
  // The solves below are about the command, on Dalian as it was written: without the hukou conversion a city scenario
  // draws by default, and with the change of count relabelling town dwellers only (the default break written out
  // village_share 0), both of which lift the registered rate past these targets in most runs.
  const fixture = writeScenarios({
    'dalian.yaml': readFileSync(DALIAN, 'utf8'),
    'dalian-fixed.yaml': 'extends: dalian.yaml\nname: dalian\nuncertainty: { hukou_conversion: none, registered_break: { years: [2015, 2016], share: { min: 0, max: 1 }, village_share: { min: 0, max: 0 } } }\n',
  });
  const DALIAN_FIXED = join(fixture, 'dalian-fixed.yaml');
  it('prints the curve as it goes and the answer, and writes solve.arrow and meta.json', async () => {
    const out = tmp();
    const r = await cli(['solve', DALIAN_FIXED, '--lever', 'settle_quota', '--range', '0,10万', '--target', 'registered_rate>=65%@2017', '--probability', '80%', '--runs', '60', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/^\[1\] settle_quota = 0: P = /);
    expect(r.err).toMatch(/^\[2\] settle_quota = 100,000: P = /m);
    expect(r.out).toMatch(/← answer/);
    expect(r.out).toMatch(/^smallest settle_quota meeting registered_rate ≥ 65% in 2017 with probability ≥ 80%: [\d,]+ \(P = /m);
    const t = tableFromIPC(readFileSync(join(out, 'solve.arrow')));
    expect(t.schema.fields.map((f) => f.name)).toEqual(['lever', 'x', 'probability', 'lower', 'upper', 'met', 'runs', 'evaluation', 'answer', 'settled_per_year', 'settled_local_per_year', 'settled_migrants_per_year', 'cost_government', 'cost_enterprise', 'cost_individual', 'land_quota_m2']);
    const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ command: 'solve', lever: 'settle_quota', status: 'found', direction: 'min', range: { lo: 0, hi: 100_000, from: 'option' }, step: 1000 });
    expect((t.getChild('x')!.toArray() as Float64Array).includes(meta.value)).toBe(true);
  });

  it('answers "no value reaches it" with exit code 0 when the target is out of the range’s reach', async () => {
    const out = tmp();
    const r = await cli(['solve', DALIAN_FIXED, '--lever', 'migrant_settle_rate', '--target', 'registered_rate@2020', '--probability', '0.5', '--runs', '30', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(
      "registered_rate ≥ 72.5% in 2020 with probability ≥ 50% is unreachable within [3%, 9%] of migrant_settle_rate: best 0.0% with migrant_settle_rate at 9%, the end of the range of the scenario's distribution (it may go to 100%: try --range 3%,100%)",
    );
    expect(JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'))).toMatchObject({ status: 'unreachable', value: null });
    // people settled a year beside the plan's 120万 by 2020 (seed 004 L909: 17.1万 a year from 2013)
    expect(r.out).toMatch(/^at migrant_settle_rate = 9%: settles [\d.]+万 a year over 2014–2020; the plan: 17\.1万 a year \(120\.0万 by 2020, data: seed 004 L909\): −[\d.]+万/m);
  });

  it('says when the lever\'s own bound binds, rather than advising a wider range', async () => {
    const out = tmp();
    // Even with every migrant settling, 24 of the 30 runs meet the 2020 target (under the fitted urbanization pace): 95 % is out of the lever's reach.
    const r = await cli(['solve', DALIAN_FIXED, '--lever', 'migrant_settle_rate=0..100%', '--target', 'registered_rate@2020', '--probability', '0.95', '--runs', '30', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/is unreachable within the bounds of migrant_settle_rate \(0% to 100%\): best [\d.]+% with migrant_settle_rate at 100%, its bound; no value of this lever reaches it/);
    expect(r.out).not.toContain('try --range');
  });

  it('with two levers, prints the frontier with people settled, costs and the plan, and writes frontier.arrow', async () => {
    const out = tmp();
    const r = await cli([
      'solve', DALIAN_FIXED, '--lever', 'local_settle_rate=3%..30%', '--lever', 'migrant_settle_rate=3%..40%', '--target', '1', '--probability', '0.6',
      '--runs', '30', '--grid', '3', '--tolerance', '5%', '--out', out,
    ]);
    expect(r.code, r.err).toBe(0);
    // directions first: each lever from its low end to its high end, the other in the middle of its range
    expect(r.err).toMatch(/^\[1\] local_settle_rate = 3%, migrant_settle_rate = 21\.5%: P = /m);
    expect(r.err).toMatch(/^\[3\] local_settle_rate = 16\.5%, migrant_settle_rate = 3%: P = /m);
    expect(r.out).toContain('dalian: which combinations of local_settle_rate, migrant_settle_rate meet registered_rate ≥ 67% in 2017 with probability ≥ 60%\n'); // as one lever's header and the answer say it (it said 60.0%)
    expect(r.out).toMatch(/^local_settle_rate +migrant_settle_rate +P\(met\) +95% interval +settled\/yr +vs plan +government +enterprises +individuals +land \(ha\)$/m);
    // Dalian's 11万 a person, 40 % government (seed 004 L950): costs are printed in 亿
    expect(r.out).toMatch(/^3% +[\d.]+% +[\d.]+% +[\d.]+%–[\d.]+% +[\d.]+万 +[+−][\d.]+万 +[\d.]+亿/m);
    expect(r.out).toContain('the plan: 12.5万 people settled a year (50.0万 by 2017, data: seed 004 L903)');
    const t = tableFromIPC(readFileSync(join(out, 'frontier.arrow')));
    expect(t.schema.fields.map((f) => f.name).slice(0, 4)).toEqual(['evaluation', 'local_settle_rate', 'migrant_settle_rate', 'probability']);
    expect([...t.getChild('frontier')!.toArray()].filter(Boolean).length).toBeGreaterThan(0);
    const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ command: 'solve', kind: 'frontier', status: 'found', levers: [{ lever: 'local_settle_rate', role: 'grid' }, { lever: 'migrant_settle_rate', role: 'solved' }] });
    const report = await cli(['report', out, '--format', 'svg', '--lang', 'en']);
    expect(report.code, report.err).toBe(0);
    const svg = readFileSync(join(out, 'report', 'frontier.en.svg'), 'utf8');
    expect(svg).toContain('aria-description="frontier"');
    // Its title (wrapped over lines) gives the answer: the frontier's cheapest combination for the government.
    const title = [...svg.matchAll(/<text[^>]*font-weight="bold"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(' ');
    expect(title).toMatch(/dalian: The 2017 registered target \(67\.0%\) is met with a 60% chance at the least government cost by migrant_settle_rate [\d.]+%( \(the end of its range\))? with local_settle_rate [\d.]+% \(\d+亿 yuan\)/);
    // The Chinese page gives the answer in Chinese only: the solve's English message stays on the English page.
    expect((await cli(['report', out, '--format', 'html', '--lang', 'zh'])).code).toBe(0);
    const zh = readFileSync(join(out, 'report', 'report.zh.html'), 'utf8');
    expect(zh).not.toContain(meta.message.slice(0, 40));
    expect(zh).toMatch(/2017年户籍目标（67\.0%）/);
    // The page's table has the frontier's rows the command printed, each cell as printed: both levers' values, the
    // probability and interval, the people settled a year and, Dalian pricing 市民化 (11万 a person, seed 004 L950), the
    // government's cost (the columns between them, the gap to the plan, left out). The page drew only the chart.
    const printed = [...r.out.matchAll(/^(\S+%) +(\S+%) +([\d.]+%) +([\d.]+%–[\d.]+%) +(\S+万) +[+−]\S+ +(\S+亿) /gm)].map((m) => m.slice(1, 7));
    expect(printed.length).toBeGreaterThan(0);
    expect((await cli(['report', out, '--format', 'html', '--lang', 'en'])).code).toBe(0);
    const en = readFileSync(join(out, 'report', 'report.en.html'), 'utf8');
    const cells = [...en.matchAll(/<tr><td class="num">([^<]*)<\/td><td class="num">([^<]*)<\/td><td class="num">([^<]*)<\/td><td class="num">([^<]*)<\/td><td class="num">([^<]*)<\/td><td class="num">([^<]*)<\/td><\/tr>/g)];
    expect(cells.map((m) => m.slice(1, 7))).toEqual(printed);
    expect(en).toContain('<th class="num">settled a year</th><th class="num">government cost</th>');
    expect(en).toContain('government cost: the median of the government&#39;s 市民化 cost (yuan)');
  }, 60_000);

  it.each([
    [['--lever', 'local_settle_rate', '--lever', 'migrant_settle_rate', '--range', '0,1'], '--range goes with one --lever'],
    [['--lever', 'local_settle_rate', '--lever', 'migrant_settle_rate', '--grid', '1'], '--grid: at least 2'],
    [['--lever', 'local_settle_rate', '--grid', '4'], '--grid goes with two or more --lever'],
    [['--lever', 'local_settle_rate=3%-9%'], '--lever local_settle_rate=3%-9%: expected KEY or KEY=LO..HI'],
    [['--lever', 'local_settle_rate', '--lever', 'local_settle_rate'], 'lever local_settle_rate is named twice'],
    [['--lever', 'local_settle_rate', '--lever', 'settle_quota'], 'settle_quota has no finite range to search'],
  ])('%j: exit 2, "%s", nothing written', async (levers, message) => {
    const out = tmp();
    const r = await cli(['solve', DALIAN_FIXED, ...levers, '--target', '1', '--probability', '0.8', '--runs', '20', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(existsSync(out)).toBe(false);
  });

  const base = ['--lever', 'settle_quota', '--range', '0,10万', '--target', 'registered_rate>=65%@2017', '--probability', '0.8'];
  const set = (name: string, value: string) => {
    const a = [...base];
    const i = a.indexOf(name);
    if (i >= 0) a[i + 1] = value;
    else a.push(name, value);
    return a;
  };
  it.each([
    [set('--lever', 'settle_qouta'), 'unknown lever `settle_qouta`, did you mean `settle_quota`?'],
    [set('--lever', 'toString'), 'unknown lever `toString`'],
    [set('--target', 'more please'), '--target "more please": expected metric>=value@year'],
    // ≥ as a document writes it, ＞＝ and ＠ as a Chinese input method types them: said with what to write.
    [set('--target', 'registered_rate≥72.5%@2020'), '--target "registered_rate≥72.5%@2020" (did you mean registered_rate>=72.5%@2020?): expected metric>=value@year'],
    [set('--target', 'registered_rate＞＝72.5％＠2020'), '--target "registered_rate＞＝72.5％＠2020" (did you mean registered_rate>=72.5%@2020?): expected metric>=value@year'],
    [set('--target', '9'), "--target 9: no target number 9; dalian's targets: 1 registered_rate>=67%@2017, 2 resident_rate>=71.4%@2017, 3 registered_rate>=72.5%@2020, 4 resident_rate>=75.6%@2020"],
    [set('--target', 'registred_rate>=50%@2020'), 'unknown metric `registred_rate`, did you mean `registered_rate`?'],
    // It said "dalian has no target on registered in 2020".
    [set('--target', 'registered@2020'), "--target registered@2020: unknown metric `registered`, did you mean `registered_rate` or `registered_pop`?; dalian's targets: 1 registered_rate>=67%@2017"],
    [set('--target', 'registered_rate>=50%@2040'), 'year 2040 is outside'],
    [set('--target', 'registered_rate>=150%@2020'), 'target value of registered_rate: expected a rate from 0% to 100%, found 150%'],
    // a percentage without its sign, told as a scenario file's target is (it said only "expected a rate from 0% to 100%, found 72.5")
    [set('--target', 'registered_rate>=72.5@2020'), 'target value of registered_rate: expected a rate from 0% to 100%, found 72.5 (a rate is a share: 72.5 is 7250%; did you mean 72.5%?)'],
    [set('--target', 'registered_rate@2030'), 'dalian has no target on registered_rate in 2030'],
    [[...set('--target', '50%'), '--metric', 'registered_rate'], '--metric and --year go together'],
    // Malformed with --metric and --year: an empty value was an internal error (exit 1, "Cannot read properties of null
    // (reading '1')"); a comparison alone, or >, was taken for the value ('found ">="'); a whole target, for a value.
    [[...set('--target', ''), '--metric', 'registered_rate', '--year', '2017'], '--target "": expected the target\'s value (with --metric registered_rate --year 2017), e.g. 72.5% or <=72.5%; found nothing'],
    [[...set('--target', ' '), '--metric', 'registered_rate', '--year', '2017'], '--target " ": expected the target\'s value (with --metric registered_rate --year 2017), e.g. 72.5% or <=72.5%; found nothing'],
    [[...set('--target', '>= '), '--metric', 'registered_rate', '--year', '2017'], '--target ">= ": expected the target\'s value after >= (with --metric registered_rate --year 2017), e.g. >=72.5%; found nothing'],
    [[...set('--target', '>'), '--metric', 'registered_rate', '--year', '2017'], '--target ">": a target compares with >= or <=, found >; expected the target\'s value after >= or <= (with --metric registered_rate --year 2017), e.g. >=72.5%'],
    [[...set('--target', '>72.5%'), '--metric', 'registered_rate', '--year', '2017'], '--target ">72.5%" (did you mean >=72.5%?): a target compares with >= or <=, found >'],
    [[...set('--target', '>=72.5%@2020'), '--metric', 'registered_rate', '--year', '2017'], '--target ">=72.5%@2020": with --metric and --year, give the value alone (e.g. >=72.5%); a whole target, metric>=value@year, goes without them'],
    [[...set('--target', '＞＝72.5％'), '--metric', 'registered_rate', '--year', '2017'], '--target "＞＝72.5％" (did you mean >=72.5%?): write the comparison and the % in plain ASCII (>=, <=, %)'],
    [[...set('--target', '>=abc%'), '--metric', 'registered_rate', '--year', '2017'], 'target value of registered_rate: expected a rate: a number or a percentage like 68.5%, found "abc%"'],
    [[...set('--target', '2020:'), '--metric', 'registered_rate', '--year', '2017'], 'target value of registered_rate: expected a rate: a number or a percentage like 68.5%, found "2020:"'],
    // The whole form with > for >= (it said only 'expected metric>=value@year'), or no value before its year.
    [set('--target', 'registered_rate>72.5%@2020'), '--target "registered_rate>72.5%@2020" (did you mean registered_rate>=72.5%@2020?): a target compares with >= or <=, found >'],
    // => (and =<) as a whole: it was read as = and a value '>72.5%' ('found =', no did-you-mean).
    [set('--target', 'registered_rate=>72.5%@2020'), '--target "registered_rate=>72.5%@2020" (did you mean registered_rate>=72.5%@2020?): a target compares with >= or <=, found =>'],
    [set('--target', 'registered_rate=<72.5%@2020'), '--target "registered_rate=<72.5%@2020" (did you mean registered_rate<=72.5%@2020?): a target compares with >= or <=, found =<'],
    [set('--target', 'registered_rate >= @2020'), '--target "registered_rate >= @2020": expected the target\'s value between >= and @2020, e.g. registered_rate>=72.5%@2020; found nothing'],
    [set('--probability', '1.5'), '--probability: expected a probability above 0 and at most 100%, such as 0.8 or 80%; found "1.5"'],
    [set('--probability', '150%'), 'found "150%"'],
    [set('--probability', '0'), 'found "0"'],
    [set('--probability', 'likely'), '--probability: expected a rate'],
    [set('--range', '10万,0'), 'range of settle_quota: expected two finite numbers, low < high'],
    [set('--range', '0,5%'), 'percentages are only for rates and shares'],
    [set('--range', '0'), '--range: expected LO,HI'],
    [[...set('--lever', 'migrant_settle_rate').filter((a, i, all) => a !== '--range' && all[i - 1] !== '--range'), '--range', '0%,150%'], 'leaves its bounds: migrant_settle_rate is a rate from 0% to 100%'],
    // the low end as a fraction, the high end a percentage without its sign: 40 is 4,000 %
    [[...set('--lever', 'migrant_settle_rate').filter((a, i, all) => a !== '--range' && all[i - 1] !== '--range'), '--range', '0.03,40'], '--range: expected a rate from 0% to 100%, found 40 (a rate is a share: 40 is 4000%; did you mean 40%?)'],
    [base.filter((a, i, all) => a !== '--range' && all[i - 1] !== '--range'), 'settle_quota has no finite range to search'],
    [set('--direction', 'sideways'), '--direction: expected min, max or auto'],
    [set('--max-evaluations', '1'), '--max-evaluations: at least 2'],
    [set('--tolerance', '-1'), '--tolerance: expected a positive number, found -1'],
    // a rate's step without its %: 1 read as 100 %, the search answered an end of the range after running only the two
    [[...set('--lever', 'migrant_settle_rate').filter((a, i, all) => a !== '--range' && all[i - 1] !== '--range'), '--tolerance', '1'], '--tolerance: expected a step of the rate under 100%, found 1 (a rate is a share: 1 is 100%; did you mean 1%?)'],
  ])('%j: exit 2, "%s", nothing written', async (args, message) => {
    const out = tmp();
    const r = await cli(['solve', DALIAN_FIXED, ...args, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
});

describe('a lever that is a variable written in percent (as scenarios/dalian.yaml writes inflow_growth)', () => {
  const file = join(writeScenarios({
    'g.yaml': `${MINIMAL}name: g\nvariables: { g: { dist: normal, mean: 0%, sd: 2% } }\nparameters: { inflow: "20万 * (1 + g) ^ t", migrant_settle_rate: { dist: uniform, min: 3%, max: 9% } }\nmonte_carlo: { runs: 20, seed: 1 }\n`,
  }), 'g.yaml');
  const solve = (...args: string[]) => cli(['solve', file, ...args, '--target', 'registered_rate>=72.5%@2020', '--probability', '80%', '--out', tmp()]);

  it('given without its % sign from 1 up, or as a count, is refused before anything runs; below 1 it is the share it always was', async () => {
    // g=1..5 ran 100% to 500% a year, and g=1%..5万 1% to 5,000,000%, whatever was meant.
    const refused = [
      [['--lever', 'g=1..5'], 'urbsim: --lever g=1..5: g is written in percent in the scenario; 1 is 100%: did you mean 1%? (write 100% if meant)\n'],
      [['--lever', 'g=-1..2%'], 'urbsim: --lever g=-1..2%: g is written in percent in the scenario; -1 is -100%: did you mean -1%? (write -100% if meant)\n'],
      [['--lever', 'g=1%..5万'], 'urbsim: --lever g=1%..5万: g is written in percent in the scenario; 5万 is 5000000%: write it as a percentage (e.g. 2%)\n'],
      [['--lever', 'g', '--range', '1,5'], 'urbsim: --range 1,5: g is written in percent in the scenario; 1 is 100%: did you mean 1%? (write 100% if meant)\n'],
      // Reversed, said in percent as written (it was 'found 0.05, 0.01').
      [['--lever', 'g=5%..1%'], 'urbsim: range of g: expected two finite numbers, low < high, found 5%, 1%\n'],
      // Too large to be a number (1e400 is past 1.8e308): said as any lever's infinite end is, not 'is Infinity%: … (write Infinity% if meant)'.
      [['--lever', 'g=1%..1e400'], 'urbsim: range of g: expected two finite numbers, low < high, found 1%, Infinity\n'],
      [['--lever', 'g', '--range', '-1e400,1%'], 'urbsim: range of g: expected two finite numbers, low < high, found -Infinity, 1%\n'],
    ] as const;
    for (const [args, message] of refused) {
      const r = await solve(...args);
      expect([r.code, r.err], args.join(' ')).toEqual([2, message]);
    }
    const sens = await cli(['sensitivity', file, '--metric', 'registered_rate', '--year', '2016', '--runs', '20', '--lever', 'g=1..5', '--out', tmp()]);
    expect([sens.code, sens.err]).toEqual([2, 'urbsim: --lever g=1..5: g is written in percent in the scenario; 1 is 100%: did you mean 1%? (write 100% if meant)\n']);
    const plain = await solve('--lever', 'g=0.01..0.05', '--runs', '20', '--max-evaluations', '2');
    expect(plain.code, plain.err).toBe(0);
  }, 60_000);
});

describe('urbsim sensitivity --shard', () => {
  it('says its stages as a whole analysis does (a Slurm task\'s log showed nothing while its runs went)', async () => {
    const said: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (said.push(String(chunk)), true));
    try {
      const r = await cli(['sensitivity', DALIAN, '--metric', 'registered_rate', '--year', '2015', '--runs', '40', '--shard', '1/2', '--out', tmp()]);
      expect(r.code, r.err).toBe(0);
    } finally {
      spy.mockRestore();
    }
    // Shard 1/2: plain runs 0–19, design rows 0–299 of 600 (15 blocks of 40).
    expect(said.join('')).toContain('dalian PRCC runs: 20/20 runs (100%)\n');
    expect(said.join('')).toContain('dalian Saltelli design: 300/300 runs (100%)\n');
  }, 60_000);
});
