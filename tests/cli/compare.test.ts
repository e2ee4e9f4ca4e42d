import { mkdtempSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { variantLabels } from '../../src/cli/compare.ts';
import { cli } from '../helpers/cli.ts';
import { AnalysisInputError } from '../../src/analysis/analysisInputError.ts';
import { compareVariants } from '../../src/analysis/compareVariants.ts';
import { runMonteCarlo } from '../../src/montecarlo/runMonteCarlo.ts';
import { M, METRIC_COUNT } from '../../src/model/indicators.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

describe('compare', () => {
  it('a variant identical to the reference differs by exactly 0 in every run (common random numbers)', async () => {
    const a = await runMonteCarlo(dalianResolved({ runs: 30 }));
    const b = await runMonteCarlo(dalianResolved({ runs: 30, name: 'same-again' }));
    const c = compareVariants([a, b]);
    const d = c.variants[0].diff;
    const cell = (a.years.length - 1) * METRIC_COUNT + M.registered_rate;
    expect(d.stats.p10[cell]).toBe(0);
    expect(d.stats.p90[cell]).toBe(0);
    expect(d.stats.pBeats[cell]).toBe(0.5); // ties count half
  });

  it('prints the Dongguan lever table and writes compare.arrow', async () => {
    let out = '';
    const dir = join(mkdtempSync(join(tmpdir(), 'urbsim-cmp-')), 'out');
    const code = await main(['compare', 'scenarios/dongguan.yaml', 'scenarios/dongguan-cutoff100.yaml', 'scenarios/dongguan-schools2x.yaml', '--runs', '60', '--out', dir], {
      out: (s) => { out += s; }, err: () => {},
    });
    expect(code).toBe(0);
    expect(out).toMatch(/dongguan-cutoff100\s+2020\s+\+/); // lowering the cut-off raises the registered rate
    // Dongguan's targets are for 2017 and 2020 (seed 004 L4734–4738), the projection ends in 2025: all three years, 2017 too
    expect(out).toMatch(/^variant +2017 +2020 +2025$/m);
    expect(out).toMatch(/dongguan-cutoff100 +2017 +\+/);
    // each target in each variant, grouped by target, with the paired difference
    // (§ at the end of a registered row: Dongguan draws the change of count of 2015 or 2016)
    expect(out).toMatch(/^registered_rate ≥ 16\.5% in 2017 +dongguan +[\d.]+% +[\d.]+%–[\d.]+% §\n +dongguan-cutoff100 +[\d.]+% +[\d.]+%–[\d.]+% +\+[\d.]+ pt \[/m);
    expect(existsSync(join(dir, 'compare.arrow'))).toBe(true);
    const t = tableFromIPC(readFileSync(join(dir, 'compare-targets.arrow')));
    expect(t.schema.fields.map((f) => f.name)).toEqual([
      'scenario', 'target', 'metric', 'year', 'op', 'value', 'met', 'runs', 'probability', 'lower', 'upper',
      'reference', 'difference', 'difference_lower', 'difference_upper', 'only_variant', 'only_reference', 'on_defaults', 'on_break',
    ]);
    // 4 targets and the joint row in each of 3 variants; the reference's own rows have no difference (null)
    expect(t.numRows).toBe(15);
    expect(t.getChild('difference')!.get(0)).toBeNull();
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ command: 'compare', reference: 'dongguan', variants: ['dongguan', 'dongguan-cutoff100', 'dongguan-schools2x'], runs: 60, printedYears: [2017, 2020, 2025] });
    // the report draws the comparison
    const report = await cli(['report', dir, '--format', 'svg', '--lang', 'en']);
    expect(report.code, report.err).toBe(0);
    expect(report.out).toContain('compare-levels.en.svg');
    expect(report.out).toContain('compare-differences.en.svg');
    const svg = readFileSync(join(dir, 'report', 'compare-differences.en.svg'), 'utf8');
    expect(svg).toContain('aria-description="difference"');
  }, 60_000);

  it('--year picks the years of the tables; a year outside the projection is exit 2 before anything runs', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'urbsim-cmp-')), 'out');
    const files = ['scenarios/dongguan.yaml', 'scenarios/dongguan-cutoff100.yaml'];
    const r = await cli(['compare', ...files, '--runs', '20', '--year', '2025,2019', '--out', dir]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^variant +2019 +2025$/m);
    expect(r.out).not.toMatch(/dongguan-cutoff100 +2020 /);
    const bad = await cli(['compare', ...files, '--runs', '20', '--year', '2030', '--out', `${dir}-bad`]);
    expect(bad.code).toBe(2);
    // One year given: it alone, not 'found "2030" in "2030"'; among several, where.
    expect(bad.err).toBe('urbsim: --year: expected years from 2013 to 2025 separated by commas (e.g. 2014,2025), found "2030"\n');
    expect(existsSync(`${dir}-bad`)).toBe(false);
    const among = await cli(['compare', ...files, '--runs', '20', '--year', '2017,2030', '--out', `${dir}-bad`]);
    expect(among.err).toContain('found "2030" in "2017,2030"');
  }, 60_000);
});

describe('compare: input checked before anything runs', () => {
  const dir = writeScenarios({
    'base.yaml': `${MINIMAL}name: base\nmonte_carlo: { runs: 6, seed: 11 }\n`,
    'longer.yaml': 'extends: base.yaml\nname: longer\nyears: { start: 2013, end: 2025 }\ntargets: [{ metric: resident_rate, year: 2025, op: ">=", value: 80% }]\n',
    'later.yaml': 'extends: base.yaml\nname: later\nyears: { start: 2014, end: 2020 }\n',
    'same-name.yaml': 'extends: base.yaml\nname: base\n',
    'other-seed.yaml': 'extends: base.yaml\nname: other-seed\nmonte_carlo: { seed: 12 }\n',
    'lever.yaml': 'extends: base.yaml\nname: lever\nparameters: { migrant_settle_rate: 20% }\n',
  });
  const f = (name: string) => join(dir, name);

  it('different base years: exit 2 naming each file\'s years', async () => {
    const out = join(dir, 'years');
    const r = await cli(['compare', f('base.yaml'), f('later.yaml'), '--out', out]);
    expect(r.code).toBe(2);
    // MINIMAL projects 2013–2020; later.yaml sets 2014–2020.
    expect(r.err).toContain(`compare needs the same base year in every file (its runs are paired from it): ${f('base.yaml')} projects 2013–2020, ${f('later.yaml')} projects 2014–2020`);
    expect(r.err).not.toMatch(/internal error/);
    expect(existsSync(out)).toBe(false);
  });

  it('different last years: compared over the years they share, with a line on stderr naming the targets left out', async () => {
    const out = join(dir, 'ends');
    const r = await cli(['compare', f('longer.yaml'), f('base.yaml'), '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`compare: ${f('longer.yaml')} projects 2013–2025, ${f('base.yaml')} projects 2013–2020: compared over the years they share, 2013–2020; targets after 2020 left out: resident_rate>=0.8@2025 (${f('longer.yaml')})`);
    const meta = (v: string) => JSON.parse(readFileSync(join(out, v, 'meta.json'), 'utf8'));
    expect(meta('longer').scenario.years).toEqual({ start: 2013, end: 2020 });
    expect(meta('longer').scenario.targets).toEqual([]);
    expect(r.out).toMatch(/^variant +2020$/m);
  });

  it('a bad --year is its error alone: not the notes on different last years (or shared names) first', async () => {
    const out = join(dir, 'ends-bad-year');
    const r = await cli(['compare', f('longer.yaml'), f('base.yaml'), '--year', '2030', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('urbsim: --year: expected years from 2013 to 2020 separated by commas (e.g. 2014,2020), found "2030"\n');
    expect(existsSync(out)).toBe(false);
  });

  it('one file given twice: exit 2', async () => {
    const r = await cli(['compare', f('base.yaml'), f('base.yaml'), '--out', join(dir, 'twice')]);
    expect(r.code).toBe(2);
    // The same path twice is not repeated (it said 'x is given twice (as x)'); another path to it is named.
    expect(r.err).toBe(`urbsim: compare: ${f('base.yaml')} is given twice; give each variant once\n`);
    expect(existsSync(join(dir, 'twice'))).toBe(false);
    const other = `${dir}/./base.yaml`; // the same file by another path
    const again = await cli(['compare', f('base.yaml'), other, '--out', join(dir, 'twice')]);
    expect(again.err).toContain(`compare: ${f('base.yaml')} is given twice (again as ${other}); give each variant once`);
  });

  it('a variant named cluster (kept when the folder is replaced: it outlived its comparison, beside the next one\'s variants): exit 2', async () => {
    // Before: compare base cluster, then compare base other into the same folder left cluster/ (the first comparison's run folder) beside other/.
    const d = writeScenarios({ 'cluster.yaml': `${MINIMAL}name: cluster\n` });
    const r = await cli(['compare', f('base.yaml'), join(d, 'cluster.yaml'), '--out', join(dir, 'kept')]);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(`compare: ${join(d, 'cluster.yaml')} is named "cluster", the name of the folder where an output folder keeps a --slurm job (it stays when the output is replaced, so a run folder of that name would outlive its comparison); give it another \`name:\``);
    expect(existsSync(join(dir, 'kept'))).toBe(false);
  });

  it('a misspelt --metric: exit 2 with the closest metric, nothing run or written', async () => {
    const out = join(dir, 'metric');
    const r = await cli(['compare', f('base.yaml'), f('other-seed.yaml'), '--metric', 'registred_rate', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--metric: unknown metric `registred_rate`, did you mean `registered_rate`?');
    expect(existsSync(out)).toBe(false);
  });

  it('variants with their own seeds: one line on stderr, all run with the first file\'s seed', async () => {
    const out = join(dir, 'seeds');
    const r = await cli(['compare', f('base.yaml'), f('other-seed.yaml'), '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.err.split('\n').filter((l) => l.startsWith('compare:'))).toEqual([
      `compare: the files' seeds differ (${f('base.yaml')} 11, ${f('other-seed.yaml')} 12); all run with seed 11 (the first file's), as common random numbers need one seed`,
    ]);
    expect(JSON.parse(readFileSync(join(out, 'other-seed', 'meta.json'), 'utf8')).seed).toBe(11);
    expect(JSON.parse(readFileSync(join(out, 'other-seed', 'meta.json'), 'utf8')).files).toContain('pyramid.arrow'); // the levers and pyramid pages read it
    expect(r.out).toContain('ties counting half');
  });

  it('variants sharing a seed: no note', async () => {
    const r = await cli(['compare', f('base.yaml'), f('lever.yaml'), '--out', join(dir, 'shared')]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('seeds differ');
  });
});

describe('compare: a curated scenario and the generated pilot of one area (both `name: dalian`)', () => {
  it('runs, each labelled by its path in the tables and as its run folder; the folders stay protected', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'urbsim-cmp-')), 'out');
    const files = ['scenarios/dalian.yaml', 'scenarios/pilots/dalian.yaml'];
    const r = await cli(['compare', ...files, '--runs', '20', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('compare: files that share a name are labelled by their path, in the tables and as their run folders: scenarios/dalian.yaml as scenarios-dalian, scenarios/pilots/dalian.yaml as scenarios-pilots-dalian');
    // The curated file projects to 2035, the pilot to 2020: compared 2013–2020; every target is 2020 or before.
    expect(r.err).toContain('compared over the years they share, 2013–2020\n');
    expect(r.out).toMatch(/^scenarios-pilots-dalian +\d/m);
    expect(r.out).toContain('vs scenarios-dalian');
    const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ reference: 'scenarios-dalian', variants: ['scenarios-dalian', 'scenarios-pilots-dalian'], scenarioFiles: files });
    // Each run folder holds its file's scenario, cut at 2020, under its label.
    const runMeta = (v: string) => JSON.parse(readFileSync(join(out, v, 'meta.json'), 'utf8'));
    expect(runMeta('scenarios-pilots-dalian').scenario.years).toEqual({ start: 2013, end: 2020 });
    expect(runMeta('scenarios-dalian').scenario.name).toBe('scenarios-dalian');
    expect((await cli(['report', out, '--format', 'html', '--lang', 'zh'])).code).toBe(0);
    expect(readFileSync(join(out, 'report', 'report.zh.html'), 'utf8')).toContain('<td class="name">大连市（scenarios-pilots-dalian）</td>');
    // The comparison's folder is still its reference file's: the other order (the pilot the reference) into it is refused.
    const again = await cli(['compare', files[1], files[0], '--runs', '20', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.err).toContain(`${out} holds the output of scenarios/dalian.yaml`);
  }, 60_000);
});

describe('variantLabels: run folders of files that share a name', () => {
  it('a name shared (also in another case) labels those files by their paths from here, folders joined by -, no .yaml, no ..', () => {
    expect(variantLabels(['p.yaml', 'q.yaml'], ['p', 'q'])).toEqual(['p', 'q']);
    expect(variantLabels(['a/x.yaml', 'b/x.yaml', 'c.yaml'], ['x', 'x', 'c'])).toEqual(['a-x', 'b-x', 'c']);
    expect(variantLabels(['c/d.yaml', 'e/d.yml'], ['Dalian', 'dalian'])).toEqual(['c-d', 'e-d']);
    expect(variantLabels(['../z/x.yaml', 'my dir/x.YAML'], ['x', 'x'])).toEqual(['z-x', 'my_dir-x']);
  });

  it('labels that still share a folder are refused, naming both files; where only case tells them apart, saying so', () => {
    expect(() => variantLabels(['a/b.yaml', 'a-b.yaml'], ['s', 's'])).toThrow(
      'compare: a/b.yaml and a-b.yaml would both write the run folder "a-b": each variant writes its run folder under its name, or under its path when names are shared, so give one of them another `name:`',
    );
    expect(() => variantLabels(['A/x.yaml', 'a/x.yaml'], ['x', 'x'])).toThrow('compare: A/x.yaml and a/x.yaml would both write the run folder "A-x" (as "a-x": one folder where case is ignored)');
    expect(() => variantLabels(['p.yaml', 'q.yaml'], ['compare.arrow', 'q'])).toThrow('compare: p.yaml is named "compare.arrow", which is a file of the comparison itself');
  });
});

describe('compareVariants', () => {
  it('rejects results with different projection years as input, naming both spans', async () => {
    const a = await runMonteCarlo(dalianResolved({ runs: 4 }));
    const b = { ...a, scenario: { ...a.scenario, name: 'shorter' }, years: a.years.slice(0, -1) };
    expect(() => compareVariants([a, b])).toThrowError(AnalysisInputError);
    expect(() => compareVariants([a, b])).toThrowError(`variant shorter projects ${a.years[0]}–${a.years.at(-2)}, ${a.scenario.name} ${a.years[0]}–${a.years.at(-1)}`);
  });
});
