import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import type { TargetResult } from '../../src/analysis/targetProbabilities.ts';
import { defensiveMixture } from '../../src/batch/defensiveMixture.ts';
import { OWN_WEIGHED_INTRO, REACHABILITY_INTRO, byReachability, reachabilityMarkdown, reachabilityRow, reachabilitySummary } from '../../src/batch/reachability.ts';
import { targetOnDefaults } from '../../src/batch/onDefaults.ts';
import { targetOnBreak } from '../../src/batch/onBreak.ts';
import { label } from '../../src/report/labels.ts';
import { reachabilityHtml } from '../../src/batch/reachabilityHtml.ts';
import { loadScenario } from '../../src/scenario/api.ts';

const p50 = (series: Record<string, Record<number, number>>) => new Map(Object.entries(series).map(([m, v]) => [m, new Map(Object.entries(v).map(([y, x]) => [Number(y), x]))]));
const target = (id: string, metric: string, year: number | null, value: number, probability: number): TargetResult => ({
  id, metric, year, op: year === null ? 'and' : '>=', value, met: probability * 100, runs: 100, probability, lower: probability / 2, upper: (1 + probability) / 2,
} as TargetResult);

// A scenario without rate targets still shows its 2020 medians: Changshu (2011 → 2020) has no targets at all.
it('shows the median 2020 rates of a scenario without 2020 targets, under a plain title outside a pilot batch, and lists it as setting no target', () => {
  const s = loadScenario('scenarios/changshu.yaml');
  expect(s.targets.filter((t) => t.year === 2020)).toEqual([]);
  const row = reachabilityRow(s, [], p50({ resident_rate: { 2020: 0.804 }, registered_rate: { 2020: 0.598 } }));
  expect(row.medians.find((m) => m.year === 2020)).toEqual({ year: 2020, resident: 0.804, registered: 0.598 });
  const md = reachabilityMarkdown([row], 10);
  expect(md.split('\n')[0]).toBe('# Reachability of the targets (1 area, 10 runs each)');
  expect(md).toContain('| 80.4% / 59.8% |');
  expect(md).toContain('## No targets (1)\n\nScenarios that set no target: projections only, listed so that none goes missing.\n\n- changshu');
  expect(reachabilityMarkdown([row], 10, [{ id: 'langzhong', name: '阆中市', gaps: ['population'] }]).split('\n')[0]).toContain('pilot targets');
  // The runs with a thousands separator, as the project's other counts (it wrote "1000 runs each"), on the page too.
  expect(reachabilityMarkdown([row], 1000).split('\n')[0]).toBe('# Reachability of the targets (1 area, 1,000 runs each)');
  expect(parseHTML(reachabilityHtml([row], 1000)).document.querySelector('h1')?.textContent).toBe('Reachability of the targets (1 area, 1,000 runs each)');
});

describe('settlement plans split into locals and people from elsewhere', () => {
  // Seed 004 L4746: Dongguan plans 60万 local + 90万 non-local settlers by 2020, from 2013: 7 years.
  // Per year: 600000 / 7 = 85,714 → 8.6万; 900000 / 7 = 128,571 → 12.9万; together 214,286 → 21.4万.
  it('Dongguan: both parts and their sum, against the model split the same way', () => {
    const s = loadScenario('scenarios/pilots/dongguan.yaml');
    const settled = { settled_local: { 2014: 10_000, 2015: 10_000, 2016: 10_000, 2017: 10_000, 2018: 10_000, 2019: 10_000, 2020: 10_000 }, settled_migrants: { 2014: 20_000, 2015: 20_000, 2016: 20_000, 2017: 20_000, 2018: 20_000, 2019: 20_000, 2020: 41_000 } };
    const row = reachabilityRow(s, [], p50(settled), '东莞市');
    expect(row.planSettleYear).toBe(2020);
    expect(row.planSettle?.local).toBeCloseTo(600_000 / 7, 6);
    expect(row.planSettle?.nonlocal).toBeCloseTo(900_000 / 7, 6);
    expect(row.planSettle?.total).toBeCloseTo(1_500_000 / 7, 6);
    // Model: locals 10,000 a year; others (6 × 20,000 + 41,000) / 7 = 23,000 a year.
    expect(row.modelSettle).toEqual({ local: 10_000, nonlocal: 23_000 });
    const md = reachabilityMarkdown([row], 100);
    expect(md).toContain('| 21.4万 (8.6万 + 12.9万) | 3.3万 (1.0万 + 2.3万) |');
    expect(md).toContain('| dongguan 东莞市 |');
  });

  // Seed 004 L1755: Wuhan plans 100万 non-local settlers by 2020 and gives no total: 1000000 / 7 = 142,857 → 14.3万.
  it('Wuhan: the non-local part alone, not a dash', () => {
    const row = reachabilityRow(loadScenario('scenarios/pilots/wuhan.yaml'), [], p50({}));
    expect(row.planSettle?.total).toBeUndefined();
    expect(row.planSettle?.nonlocal).toBeCloseTo(1_000_000 / 7, 6);
    expect(reachabilityMarkdown([row], 100)).toContain('| non-local 14.3万 |');
  });
});

describe('order and summary', () => {
  const s = loadScenario('scenarios/pilots/dongguan.yaml');
  const row = (name: string, joint: number | null, each: number[]) => ({
    ...reachabilityRow({ ...s, name }, [...each.map((p, i) => target(`t${i}`, 'resident_rate', 2017 + 3 * i, 0.7, p)), ...(joint === null ? [] : [target('all', '*', null, NaN, joint)])], p50({})),
  });
  const rows = [row('low', 0.01, [0.01, 0.5]), row('none', null, []), row('high', 0.9, [0.95, 0.9]), row('mid', 0.2, [0.3, 0.2]), row('low2', 0.01, [0.02, 0.6])];

  it('sorts by the joint probability, then by the mean of the targets, areas without targets last', () => {
    expect(byReachability(rows).map((r) => r.scenario)).toEqual(['high', 'mid', 'low2', 'low', 'none']);
    const md = reachabilityMarkdown(rows, 100);
    const order = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| area')).map((l) => l.split(' | ')[0].slice(2).replace(/ †$/, ''));
    expect(order).toEqual(['high', 'mid', 'low2', 'low', 'none']);
  });

  it('says in one line how many areas are within reach', () => {
    expect(reachabilitySummary(rows)).toBe('Of 5 areas, 1 meets all its targets together in at least half of the runs, 1 in 5–50 %, 2 in under 5 %; 1 set no target.');
    expect(reachabilitySummary([...rows, row('high2', 0.7, [0.8, 0.7])])).toBe('Of 6 areas, 2 meet all their targets together in at least half of the runs, 1 in 5–50 %, 2 in under 5 %; 1 set no target.');
    expect(reachabilityMarkdown(rows, 100).split('\n')[2]).toBe(`**${reachabilitySummary(rows)}**`);
  });

  it('HTML: the summary, then the chart of every area before the table, then the areas without targets and without a scenario', () => {
    const html = reachabilityHtml(rows, 100, [{ id: 'langzhong', name: '阆中市', gaps: ['population'] }]);
    const { document } = parseHTML(html);
    const order = [...document.body.children].map((e) => e.tagName.toLowerCase());
    expect(order.slice(0, 5)).toEqual(['h1', 'p', 'p', 'figure', 'table']);
    expect(document.querySelectorAll('figure svg g[aria-description="joint"] > rect').length).toBe(4); // the four areas with targets
    expect([...document.querySelectorAll('h2')].map((h) => h.textContent)).toEqual(['No targets (1)', 'No scenario (1)']);
    expect(html).toContain('<li>langzhong (阆中市): no scenario: missing population</li>');
    expect(document.querySelectorAll('script[src], link[rel="stylesheet"], img').length).toBe(0);
  });
});

describe('targets whose probability rests mainly on defaults', () => {
  // Anhui's only figures are its 2013 baseline (seed 004 L503–505): its pilot draws every pace from the pooled defaults.
  // Jinchang's 2015 resident rate and population (seed 001 L401) inform its own urbanization pace and net migration, its
  // registered rates its hukou conversion. Dongguan's pilot: its resident and migrant populations inform its net
  // migration, nothing its take-up (its registered population, which local take-up does not move, informs no pace) nor its conversion. Dalian's pilot: its registered rates inform
  // its conversion, nothing its resident side.
  const row = (file: string) => {
    const s = loadScenario(file);
    return reachabilityRow(s, [target('r', 'resident_rate', 2020, 0.6, 0.4), target('g', 'registered_rate', 2020, 0.4, 0.3), target('p', 'registered_pop', 2020, 1e6, 0.2)], p50({}));
  };
  const cells = (file: string) => reachabilityMarkdown([row(file)], 10).split('\n').find((l) => l.startsWith(`| ${file.split('/').at(-1)!.replace('.yaml', '')}`))!.split(' | ');

  it('marks a target † when every pace that moves its figure is a pooled default, and only then', () => {
    // Columns: area, resident 2017, registered 2017, resident 2020, registered 2020, other targets, …
    // (§ after the † on the registered rate: every pilot here draws the change of count of 2015 or 2016, below.)
    expect(cells('scenarios/pilots/anhui.yaml').slice(3, 6)).toEqual(['60.0%: **40.0%** †', '40.0%: **30.0%** † §', 'registered_pop ≥ 100万 2020: **20.0%** †']);
    expect(cells('scenarios/pilots/jinchang.yaml').slice(3, 5)).toEqual(['60.0%: **40.0%**', '40.0%: **30.0%** §']);
    // Dongguan's registered rate moves with the conversion (pooled), the local take-up (the reference prior) and its
    // migrants' take-up, fitted to its own count of migrants settled in 2015 (001:311): not on defaults alone.
    expect(cells('scenarios/pilots/dongguan.yaml').slice(3, 5)).toEqual(['60.0%: **40.0%**', '40.0%: **30.0%** §']);
    expect(row('scenarios/pilots/dongguan.yaml').ownTakeUp).toBe(true);
    // The same file with the uniform 2–8 % take-up every other pilot draws: on defaults alone again.
    const plain = loadScenario('scenarios/pilots/dongguan.yaml');
    const uniform = { ...plain, parameters: { ...plain.parameters, settle_willingness: { kind: 'dist' as const, spec: { dist: 'uniform' as const, min: 0.02, max: 0.08 } } } };
    const r = reachabilityRow(uniform, [target('registered_rate>=0.235@2020', 'registered_rate', 2020, 0.235, 0.3)], p50({}));
    expect(r.ownTakeUp).toBeUndefined();
    expect(reachabilityMarkdown([r], 10)).toContain('23.5%: **30.0%** † §');
    expect(cells('scenarios/pilots/dalian.yaml').slice(3, 5)).toEqual(['60.0%: **40.0%** †', '40.0%: **30.0%** §']);
    // The curated Dalian draws its urbanization pace and the conversion from the pooled laws but sets its own net
    // migration and take-up: no target rests on defaults alone.
    expect(cells('scenarios/dalian.yaml').slice(3, 6).join(' ')).not.toContain('†');
    expect(reachabilityMarkdown([row('scenarios/pilots/anhui.yaml')], 10)).toContain('† the probability rests mainly on defaults');
  });

  it("gives targets.arrow's on_defaults what the † says: per target as marked, null on the joint row", () => {
    const r = row('scenarios/pilots/dalian.yaml');
    // Dalian's pilot: the resident target is marked, the registered rate is not (its conversion is its own), the
    // registered population is (only the take-up, a default, moves it); the joint row is null.
    const all = { ...target('all', '*', 2020, NaN, 0.1), year: null };
    expect([...r.targets, all].map((t) => [t.id, targetOnDefaults(r, t)])).toEqual([['r', true], ['g', false], ['p', true], ['all', null]]);
  });

  it("the batch's other views explain † and the weighed section in the report's own words", () => {
    const from = (mark: string) => REACHABILITY_INTRO.findIndex((l) => l.startsWith(mark));
    expect(label('en', 'onDefaultsNote')).toBe(REACHABILITY_INTRO.slice(from('†'), from('§')).join(' '));
    expect(label('en', 'onBreakNote')).toBe(REACHABILITY_INTRO.slice(from('§')).join(' '));
    expect(label('en', 'weighedNote')).toBe(OWN_WEIGHED_INTRO.join(' ').replace(/`/g, ''));
  });

  it("the weighed note says how the second runs draw a law: from ½ it + ½ the scenario's own, each run weighed by it over that mix", () => {
    // The draw (c396f13, c53ad57): m = ½p + ½q for each law where p and q are both logit-normal or both normal, every run
    // weighed by Π p/m; p/m ≤ 2 since m ≥ ½p. "The ratio of the two laws" read as p/q, for the half drawn from q only.
    const en = label('en', 'weighedNote');
    expect(en).toContain("drawn from a half-and-half mix of it and the scenario's own law where both are logit-normal or both normal (not truncated)");
    expect(en).toContain('each run is weighed back by the ratio of that law to the mix, at most 2 a law');
    expect(en).not.toContain('ratio of the two laws');
    const zh = label('zh', 'weighedNote');
    expect(zh).toContain('同为 logit 正态分布或同为未截断的正态分布，就从两者各占一半的混合分布中抽取');
    expect(zh).toContain('每次运行的权重再乘以上述取法的分布密度与混合分布密度之比（每个参数至多为 2）');
    expect(zh).not.toContain('两种分布的密度之比加权回到上述取法');
    // As the draw does: two normal laws mixed, a truncated one not; nor a logit-normal with a normal.
    expect(defensiveMixture({ dist: 'normal', mean: 0.01, sd: 0.005 }, { dist: 'normal', mean: 0.012, sd: 0.002 })).toEqual({ dist: 'normalmix', weights: [0.5, 0.5], means: [0.01, 0.012], sds: [0.005, 0.002] });
    expect(defensiveMixture({ dist: 'normal', mean: 0.01, sd: 0.005, lower: 0 }, { dist: 'normal', mean: 0.012, sd: 0.002 })).toBeUndefined();
    expect(defensiveMixture({ dist: 'logitnormal', median: 0.02, sigma: 1 }, { dist: 'normal', mean: 0.012, sd: 0.002 })).toBeUndefined();
  });

  it("keeps Kish's (Σw)²/Σw² on one line in Chinese: a browser broke it after the slash", () => {
    expect(label('zh', 'weighedNote')).toContain('Kish 的 (Σw)²/\u2060Σw²');
  });

  it('says which paces are defaults: all four for Anhui, the take-up alone for Jinchang, two for the curated Jiangsu', () => {
    expect([...row('scenarios/pilots/anhui.yaml').defaultPaces!].sort()).toEqual(['hukou_conversion_rate', 'local_settle_rate', 'net_migration', 'rural_to_town_rate']);
    expect(row('scenarios/pilots/jinchang.yaml').defaultPaces).toEqual(['local_settle_rate']);
    // The curated Jiangsu draws the pooled urbanization pace and conversion; its take-up and migration are its own.
    expect([...row('scenarios/jiangsu.yaml').defaultPaces!].sort()).toEqual(['hukou_conversion_rate', 'rural_to_town_rate']);
  });
});

describe('targets whose probability rests on an assumed change of the registered count (§)', () => {
  // Anhui's pilot: registered_rate_definition hukou, base 2013, no unification date in data/areas: the default change of
  // count in 2015 or 2016, before 2017. Weihai unified in 2004 (001:145), before its base year: no change in its
  // projection. Targets by hand: registered 2017 and 2020, resident 2017, registered population 2020 (a count the
  // relabelling leaves as it is), local settlement 2016 (its pool the relabelling empties).
  const targets = [
    target('g17', 'registered_rate', 2017, 0.4, 0.3), target('r17', 'resident_rate', 2017, 0.6, 0.4), target('g20', 'registered_rate', 2020, 0.45, 0.2),
    target('p', 'registered_pop', 2020, 1e6, 0.2), target('s', 'settled_local', 2016, 1e4, 0.5),
  ];
  const row = (file: string) => reachabilityRow(loadScenario(file), targets, p50({}));
  const line = (r: ReturnType<typeof row>) => reachabilityMarkdown([r], 10).split('\n').find((l) => l.startsWith(`| ${r.scenario}`))!.split(' | ');

  it('marks the registered cells and the figures the relabelling moves, not the resident side, nor an area without the change', () => {
    const anhui = row('scenarios/pilots/anhui.yaml');
    expect(anhui.breakFrom).toBe(2015);
    // Columns: area, resident 2017, registered 2017, resident 2020, registered 2020, other targets.
    expect(line(anhui).slice(1, 6)).toEqual(['60.0%: **40.0%** †', '40.0%: **30.0%** † §', '–', '45.0%: **20.0%** † §', 'registered_pop ≥ 100万 2020: **20.0%** †; settled_local ≥ 1万 2016: **50.0%** † §']);
    const weihai = row('scenarios/pilots/weihai.yaml');
    expect(weihai.breakFrom).toBeUndefined();
    expect(line(weihai).join(' | ')).not.toContain('§');
    expect([...targets, { ...target('all', '*', null, NaN, 0.1), year: null }].map((t) => targetOnBreak(anhui, t))).toEqual([true, false, true, false, true, null]);
  });

  it('explains § under the title', () => {
    expect(reachabilityMarkdown([row('scenarios/pilots/anhui.yaml')], 10)).toContain("§ the probability rests on an assumed change of the registered count's definition");
  });
});

describe("a target cell headlines the plain answer, the area's weighed answer beside it where it has one", () => {
  // The session-22 rule (README, "Interval widths"): the weighed answer becomes the headline only once the weighed
  // intervals pass the widths check; they do not yet all pass, so the plain one leads.
  // Jinjiang's pilot (seed 004: 67 % resident and 50 % registered by 2017, 70 % and 60 % by 2020): its resident paces
  // are fitted to its own figures (no †), its registered ones are pooled (†), and its registered rates rest on the
  // assumed change of count (§), marks that follow the plain headline (not the weighed one). Plain and weighed probabilities are the
  // fixture's own: resident 2017 46.5 % plain, 13.5 % weighed on 1,500 effective runs; registered 2017 89.6 % plain,
  // 37.5 % weighed on 40 effective runs (under 100: whole percent, 38 %, and said rough); resident 2020 48.0 % plain
  // and no weighed answer; registered 2020 80.8 % plain, 78.7 % weighed on 1,500; all 35.4 % plain, 10.2 % weighed.
  const jinjiang = loadScenario('scenarios/pilots/jinjiang.yaml');
  const plain = [
    target('r17', 'resident_rate', 2017, 0.67, 0.465), target('g17', 'registered_rate', 2017, 0.5, 0.896),
    target('r20', 'resident_rate', 2020, 0.7, 0.48), target('g20', 'registered_rate', 2020, 0.6, 0.808), { ...target('all', '*', 2020, NaN, 0.354), year: null },
  ];
  const w = (id: string, probability: number, effectiveRuns: number) => ({ id, probability, lower: probability - 0.004, upper: probability + 0.004, effectiveRuns, kishRuns: 1500 });
  const ownWeighed = { figures: [], inLaws: [], kishRuns: 1500, targets: [w('r17', 0.135, 1500), w('g17', 0.375, 40), w('g20', 0.787, 1500), w('all', 0.102, 1500)], intervals: [] };
  const weighed = { ...reachabilityRow(jinjiang, plain, p50({}), '晋江市'), ownWeighed: { ...ownWeighed, figures: [{ area: 'jinjiang', metric: 'resident_rate', year: 2015, value: 0.642 }] as never } };
  // Anhui's pilot, every pace pooled (†), no figure of its own after its base year: no weighed answer.
  const anhui = reachabilityRow(loadScenario('scenarios/pilots/anhui.yaml'), [target('r20', 'resident_rate', 2020, 0.6, 0.4), { ...target('all', '*', 2020, NaN, 0.4), year: null }], p50({}));
  const cells = (md: string, area: string) => md.split('\n').find((l) => l.startsWith(`| ${area}`))!.split(' | ');

  it('Markdown: the plain probability bold, † § as the target has them, the weighed one in brackets; rough under 100 effective runs', () => {
    const md = reachabilityMarkdown([weighed, anhui], 1000);
    // Columns: area, resident 2017, registered 2017, resident 2020, registered 2020, other targets, all targets, …
    expect(cells(md, 'jinjiang').slice(1, 7)).toEqual([
      '67.0%: **46.5%** (weighed 13.5%)',
      '50.0%: **89.6%** † § (weighed 38%; rough, 40 effective runs)',
      '70.0%: **48.0%**', // no weighed answer for this target: plain alone
      '60.0%: **80.8%** † § (weighed 78.7%)',
      '–',
      '35.4% (weighed 10.2%)',
    ]);
    // An area without a weighed answer: plain cells, as before.
    expect(cells(md, 'anhui').slice(3, 4)).toEqual(['60.0%: **40.0%** †']);
    expect(cells(md, 'anhui')[6]).toBe('40.0%');
    // The legend says which is which, above the table; not in a report without any weighed answer.
    expect(md).toContain("A cell's bold probability is the plain one (every run counting once); where an area has its own observed figures\nafter its base year, the one with its runs weighed by them follows in brackets: *target: plain (weighed …)*");
    expect(md).toContain('The plain one leads because the weighed intervals\ndo not yet all pass the widths check (README, "Interval widths").');
    expect(md.indexOf("A cell's bold probability")).toBeLessThan(md.indexOf('| area |'));
    expect(reachabilityMarkdown([anhui], 1000)).not.toContain('(weighed');
    expect(reachabilityMarkdown([anhui], 1000)).not.toContain("A cell's bold probability");
  });

  it('every run the same projection, or nothing weighed: the plain probability stands alone in the cell', () => {
    expect(cells(reachabilityMarkdown([{ ...weighed, ownWeighed: { ...weighed.ownWeighed, identical: true } }], 1000), 'jinjiang')[1]).toBe('67.0%: **46.5%**');
    expect(cells(reachabilityMarkdown([{ ...weighed, ownWeighed: { ...ownWeighed, targets: [] } }], 1000), 'jinjiang')[1]).toBe('67.0%: **46.5%**');
  });

  it('HTML: the same cells, the plain headline bold, and the legend before the table', () => {
    const { document } = parseHTML(reachabilityHtml([weighed, anhui], 1000));
    const row = [...document.querySelectorAll('#t tbody tr')].find((r) => r.textContent.startsWith('jinjiang'))!;
    const td = [...row.querySelectorAll('td')];
    expect(td.slice(1, 5).map((c) => c.textContent)).toEqual(['67.0%: 46.5% (weighed 13.5%)', '50.0%: 89.6% † § (weighed 38%; rough, 40 effective runs)', '70.0%: 48.0%', '60.0%: 80.8% † § (weighed 78.7%)']);
    expect(td[1].querySelector('b')?.textContent).toBe('46.5%');
    expect(td[6].textContent).toBe('35.4% (weighed 10.2%)');
    const legend = [...document.querySelectorAll('p')].find((p) => p.textContent.startsWith("A cell's bold probability is the plain one"))!;
    expect(legend.nextElementSibling?.tagName.toLowerCase()).toBe('table');
  });
});
