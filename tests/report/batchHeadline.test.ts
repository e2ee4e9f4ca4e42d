import { describe, expect, it } from 'vitest';
import type { BatchFolder } from '../../src/report/readOutputFolder.ts';
import { reportHtml } from '../../src/report/reportHtml.ts';
import type { TargetRow } from '../../src/report/targetRows.ts';
import { headlineText } from '../../src/report/batchMarks.ts';

// urbsim report on a batch folder: its table's cells headline the plain probability (every run counting once), with
// the one weighed by the area's own figures (targets.arrow's weighed_*) beside it where the batch drew one, as
// reachability.md does: the session-22 rule keeps the plain one the headline until the weighed intervals pass the
// widths check. The fixture's figures: jinjiang's resident 2017 target 46.5 % plain, 13.5 % weighed on 1,500 effective
// runs; its registered 2017 target 89.6 % plain († on defaults), 37.5 % weighed on 40 effective runs (whole percent:
// 38 %, rough); all jointly 35.4 % plain, its interval the fixture's p/2–(1+p)/2 = 17.7–67.7 %, 10.2 % weighed; anhui,
// nothing weighed, 40.0 % and 40.0 % jointly (20.0–70.0 %).
const row = (scenario: string, target: string, metric: string, year: number | null, value: number | null, probability: number, extra: Partial<TargetRow> = {}): TargetRow => ({
  scenario, target, metric, year, op: year === null ? 'and' : '>=', value, met: probability * 1000, runs: 1000, probability, lower: probability / 2, upper: (1 + probability) / 2, ...extra,
});
const targets: TargetRow[] = [
  row('jinjiang', 'r17', 'resident_rate', 2017, 0.67, 0.465, { onDefaults: false, ownFigures: 1, weighed: { probability: 0.135, lower: 0.13, upper: 0.14, runs: 1500 } }),
  row('jinjiang', 'g17', 'registered_rate', 2017, 0.5, 0.896, { onDefaults: true, ownFigures: 1, weighed: { probability: 0.375, lower: 0.1, upper: 0.75, runs: 40 } }),
  row('jinjiang', 'all', '*', null, null, 0.354, { ownFigures: 1, weighed: { probability: 0.102, lower: 0.098, upper: 0.106, runs: 1500 } }),
  row('anhui', 'r20', 'resident_rate', 2020, 0.6, 0.4, { onDefaults: true }),
  row('anhui', 'all', '*', null, null, 0.4),
];
const folder: BatchFolder = { kind: 'batch', dir: 'out/b', name: 'b', targets, members: [{ name: 'jinjiang', city: 'jinjiang', cityZh: '晋江市', targets: 2 }, { name: 'anhui', city: 'anhui', cityZh: '安徽省', targets: 1 }] };
const tableRow = (html: string, area: string) => html.split('\n').find((l) => l.startsWith(`<tr><td>${area}`))!;

describe("urbsim report's batch table: the plain answer as the headline, the weighed beside it", () => {
  it('in English: the target cells, the all-targets cell with the weighed interval, the legend; an area without stays plain', () => {
    const html = reportHtml(folder, 'en', []);
    const jinjiang = tableRow(html, 'jinjiang');
    expect(jinjiang).toContain('resident ≥ 67.0% in 2017: 46.5% (weighed 13.5%)<br>registered ≥ 50.0% in 2017: 89.6% † (weighed 38%; rough, 40 effective runs)');
    expect(jinjiang).toContain('<td class="num">35.4% <small>(17.7%–67.7%)</small> (weighed 10.2%)</td>');
    const anhui = tableRow(html, 'anhui');
    expect(anhui).toContain('<td class="num">40.0% <small>(20.0%–70.0%)</small></td><td>resident ≥ 60.0% in 2020: 40.0% †</td>');
    expect(html).toContain('<p class="note">Each probability is first the plain one (every run counting once); where an area has its own observed figures after its base year, the one with its runs weighed by them');
    expect(html).toContain('The plain one leads because the weighed intervals do not yet all pass the widths check (README, &#34;Interval widths&#34;).');
    // Without a weighed answer anywhere: no legend, no "weighed" beside a cell.
    const none = reportHtml({ ...folder, targets: targets.map(({ weighed: _, ...t }) => t) }, 'en', []);
    expect(none).not.toContain('(weighed ');
    expect(none).not.toContain('Each probability is first the plain one');
  });

  it('in Chinese', () => {
    const html = reportHtml(folder, 'zh', []);
    const jinjiang = tableRow(html, '晋江市');
    expect(jinjiang).toContain('2017年 常住 ≥ 67.0%：46.5%（加权 13.5%）<br>2017年 户籍 ≥ 50.0%：89.6% †（加权 38%；粗略，有效运行 40 次）');
    expect(jinjiang).toContain('<td class="num">35.4% <small>（17.7%–67.7%）</small>（加权 10.2%）</td>');
    expect(tableRow(html, '安徽省')).toContain('2020年 常住 ≥ 60.0%：40.0% †</td>');
    expect(html).toContain('<p class="note">各概率先给出未加权的概率（每次模拟同等计数）；地区若有基期后的本地实际数据，括号内为按这些数据加权后的概率');
  });

  it('headlineText: the plain one alone where nothing is weighed, else the weighed one beside it', () => {
    expect(headlineText('en', '46.5%', undefined, ' †')).toBe('46.5% †');
    // The plain one bold, its marks after it, the weighed one in brackets.
    expect(headlineText('en', '46.5%', { probability: 0.135, runs: 100 }, ' † §', (s) => `**${s}**`)).toBe('**46.5%** † § (weighed 13.5%)');
    // 99 effective runs: rough, whole percent (13.5 % → 14 %).
    expect(headlineText('zh', '46.5%', { probability: 0.135, runs: 99 })).toBe('46.5%（加权 14%；粗略，有效运行 99 次）');
    expect(headlineText('en', '46.5%', { probability: 0.135, runs: 99 })).toBe('46.5% (weighed 14%; rough, 99 effective runs)');
  });
});
