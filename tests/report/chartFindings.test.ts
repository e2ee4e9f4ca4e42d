import { describe, expect, it } from 'vitest';
import { batchFinding, gapFinding, interactionFinding, prccFinding, targetsFinding } from '../../src/report/chartFindings.ts';
import type { TargetRow } from '../../src/report/targetRows.ts';
import type { SummaryRow } from '../../src/report/summaryRows.ts';

describe('interactionFinding: the line above the table of Sobol\' indices', () => {
  // First-order 0.5 + 0.2 + 0.12 = 0.82 (the total and PRCC rows are not summed).
  const rows = [
    { index: 'first', estimate: 0.5 }, { index: 'first', estimate: 0.2 }, { index: 'first', estimate: 0.12 },
    { index: 'total', estimate: 0.6 }, { index: 'prcc', estimate: -0.9 }, { index: 'first', estimate: NaN },
  ];
  it('the share the inputs explain alone, the rest interactions', () => {
    expect(interactionFinding('en', rows)).toBe('The first-order indices add up to 0.82: the inputs alone explain about 82% of the variance, their interactions the rest');
    expect(interactionFinding('zh', rows)).toBe('一阶指数之和为0.82：各输入单独约解释指标方差的82%，其余来自输入之间的交互作用');
  });
  it('a sum of 1 shows no interaction; above 1, sampling error', () => {
    const over = [{ index: 'first', estimate: 0.7 }, { index: 'first', estimate: 0.33 }];
    expect(interactionFinding('en', over)).toBe('The first-order indices add up to 1.03, more than the 1 they can reach (sampling error): no sign of interactions between the inputs');
    expect(interactionFinding('zh', over)).toBe('一阶指数之和为1.03，超过其上限1（抽样误差）：看不出输入之间的交互作用');
    expect(interactionFinding('en', [{ index: 'first', estimate: 0.6 }, { index: 'first', estimate: 0.4 }])).toBe('The first-order indices add up to 1.00: no sign of interactions between the inputs');
  });
  it('nothing without first-order indices', () => {
    expect(interactionFinding('en', [{ index: 'prcc', estimate: 0.5 }])).toBe('');
  });
});

describe('gapFinding: the gap chart\'s title', () => {
  const gap = (medians: Record<number, number>): SummaryRow[] =>
    Object.entries(medians).map(([year, p50]) => ({ scenario: 's', year: Number(year), metric: 'rate_gap', n: 10, unlimited: 0, mean: p50, sd: 0.01, p5: p50, p10: p50, p25: p50, p50, p75: p50, p90: p50, p95: p50 }));
  it('a gap that changes sign does not narrow: it turns, in the first year of the end\'s sign', () => {
    // Dalian's run: 5.4 points in 2013, −5.1 in 2035; it read 'narrows from 5.4 points in 2013 to -5.1 in 2035'. Negative
    // figures with a true minus (U+2212), as the gap chart's axis writes them: they read '-5.1', a hyphen.
    const rows = gap({ 2013: 0.054, 2020: 0.012, 2025: -0.003, 2030: -0.03, 2035: -0.051 });
    expect(gapFinding('en', rows)).toBe('The median gap turns negative in 2025 (the registered rate above the resident): 5.4 points in 2013, −5.1 in 2035');
    expect(gapFinding('zh', rows)).toBe('两率差距中位数2025年转为负值（户籍人口城镇化率高于常住）：2013年5.4个百分点，2035年−5.1个百分点');
    expect(gapFinding('en', gap({ 2013: -0.02, 2016: 0.01, 2020: 0.03 }))).toBe('The median gap turns positive in 2016 (the resident rate above the registered): −2.0 points in 2013, 3.0 in 2020');
  });
  it('a median of exactly 0 on the way is not yet the other sign; a gap that starts at 0 does not turn', () => {
    // 0 in 2020 is neither side: the gap turns negative in 2025, the first year below 0.
    expect(gapFinding('en', gap({ 2013: 0.05, 2020: 0, 2025: -0.02 }))).toBe('The median gap turns negative in 2025 (the registered rate above the resident): 5.0 points in 2013, −2.0 in 2025');
    expect(gapFinding('en', gap({ 2013: 0, 2020: 0 }))).not.toMatch(/turns/);
  });
  it('a gap of one sign narrows, widens or peaks as before', () => {
    expect(gapFinding('en', gap({ 2013: 0.054, 2020: 0.03 }))).toBe('The median gap narrows from 5.4 points in 2013 to 3.0 in 2020');
    expect(gapFinding('en', gap({ 2013: 0.054, 2017: 0.07, 2020: 0.03 }))).toBe('The median gap peaks at 7.0 points in 2017 and is 3.0 points in 2020');
    expect(gapFinding('zh', gap({ 2013: 0.02, 2020: 0.03 }))).toBe('两率差距中位数由2013年的2.0个百分点扩大到2020年的3.0个百分点');
  });
});

describe('batchFinding: the batch chart\'s title agrees with its counts', () => {
  const joint = (scenario: string, probability: number) => ({ scenario, year: null, probability }) as unknown as TargetRow;
  it('one area meets all its targets; two meet all theirs; one area is one area', () => {
    // c at 20 % is in 5–50 %, as the reachability report counts it: the title left it out ('…; 1 in under 5%').
    expect(batchFinding('en', [joint('a', 0.9), joint('b', 0.01), joint('c', 0.2)])).toBe('Of 3 areas, 1 meets all its targets together in at least half of the runs, 1 in 5–50%, 1 in under 5%');
    expect(batchFinding('zh', [joint('a', 0.9), joint('b', 0.01), joint('c', 0.2)])).toBe('3个地区中，1个地区全部目标同时达成的概率不低于50%，1个在5%–50%之间，1个低于5%');
    expect(batchFinding('en', [joint('a', 0.9), joint('b', 0.6)])).toBe('Of 2 areas, 2 meet all their targets together in at least half of the runs, 0 in 5–50%, 0 in under 5%');
    expect(batchFinding('en', [joint('a', 0.01)])).toBe('Of 1 area, 0 meet all their targets together in at least half of the runs, 0 in 5–50%, 1 in under 5%');
    // The edges as the report draws them: 5 % is in 5–50 %, 50 % in at least half.
    expect(batchFinding('en', [joint('a', 0.05), joint('b', 0.5), joint('c', 0.0499)])).toBe('Of 3 areas, 1 meets all its targets together in at least half of the runs, 1 in 5–50%, 1 in under 5%');
  });
});

describe("targetsFinding: the target bars' title", () => {
  const row = (year: number | null, met: number) => ({ year, met, runs: 200, probability: met / 200 }) as unknown as TargetRow;
  it("a scenario's one target is said as one (its joint row is that target), several as all of them together", () => {
    // 20 of 200 runs: 10.0 %.
    expect(targetsFinding('en', [row(2020, 20), row(null, 20)])).toBe('Its one target: met in 20 of 200 runs (10.0%)');
    expect(targetsFinding('zh', [row(2020, 20), row(null, 20)])).toBe('该项目标达成：200次模拟中20次（10.0%）');
    // 3 of 200: 1.5 %.
    expect(targetsFinding('en', [row(2017, 50), row(2020, 20), row(null, 3)])).toBe('All 2 targets together: met in 3 of 200 runs (1.5%)');
    expect(targetsFinding('zh', [row(2017, 50), row(2020, 20), row(null, 3)])).toBe('全部2项目标同时达成：200次模拟中3次（1.5%）');
  });
});

describe('prccFinding: the PRCC chart\'s title', () => {
  it('gives the value in the brackets of a Chinese name that ends in its own, not in a second pair after them', () => {
    // '与指标偏秩相关最强的输入：就地农转非比例（农业户籍本地居民转城镇户籍）（+0.73）' was printed.
    const rows = [{ parameter: 'hukou_conversion_rate', index: 'prcc', estimate: 0.7312 }, { parameter: 'inflow', index: 'prcc', estimate: -0.2 }];
    expect(prccFinding('zh', rows)).toBe('与指标偏秩相关最强的输入：就地农转非比例（农业户籍本地居民转城镇户籍；+0.73）');
    expect(prccFinding('zh', [{ parameter: 'inflow', index: 'prcc', estimate: -0.2 }])).toBe('与指标偏秩相关最强的输入：每年迁入人数（−0.20）');
    expect(prccFinding('en', rows)).toBe('Tightest partial rank correlation: hukou_conversion_rate (+0.73)');
  });
});
