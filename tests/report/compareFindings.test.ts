import { describe, expect, it } from 'vitest';
import { beatsFinding, chanceDifferenceFinding, chanceFinding, differenceFinding, findingYear, levelsFinding, targetCountFinding } from '../../src/report/compareFindings.ts';
import type { TargetRow } from '../../src/report/targetRows.ts';

// Titles worked out by hand from the figures given: a title that describes the
// chart ("Registered rate by variant") instead of stating what it shows fails.

const row = (scenario: string, target: string, met: number, over: Partial<TargetRow> = {}) => {
  const [metric, rest] = target === 'all' ? ['*', ''] : target.split('>=');
  const [value, year] = rest ? rest.split('@').map(Number) : [null, null];
  return { scenario, target, metric, year, op: target === 'all' ? 'and' : '>=', value, met, runs: 500, probability: met / 500, lower: 0, upper: 1, ...over } as TargetRow;
};
const paired = (r: TargetRow, difference: number, lower: number, upper: number) => ({ ...r, difference, differenceLower: lower, differenceUpper: upper });

describe('comparison titles that state the finding', () => {
  it('says which variant raises the metric and which lowers it, largest first, in points (mixed signs)', () => {
    const rows = [
      { variant: 'schools2x', p50: -0.0041 },
      { variant: 'cutoff100', p50: 0.0212 },
      { variant: 'cutoff90', p50: 0.0306 },
    ];
    expect(differenceFinding('en', 'dongguan', rows, 'registered_rate', 2020)).toBe(
      'Against dongguan, cutoff90 raises the 2020 registered urbanization rate by 3.1 points, cutoff100 by 2.1 points; schools2x lowers it by 0.4 points (median of paired runs)',
    );
    expect(differenceFinding('zh', '东莞市', rows, 'registered_rate', 2020)).toBe(
      '与东莞市相比，cutoff90使2020年户籍人口城镇化率提高3.1个百分点，cutoff100提高2.1个百分点；schools2x使其降低0.4个百分点（逐次配对差异的中位数）',
    );
  });

  it('says a change that rounds to nothing leaves the metric unchanged, for one variant, several, or beside one that moves it', () => {
    expect(differenceFinding('en', 'base', [{ variant: 'a', p50: 0.0004 }], 'resident_rate', 2030)).toBe('Against base, a leaves the 2030 resident urbanization rate unchanged (median of paired runs)');
    expect(differenceFinding('zh', 'base', [{ variant: 'a', p50: 0 }, { variant: 'b', p50: -0.0004 }], 'resident_rate', 2030)).toBe('与base相比，各方案的2030年常住人口城镇化率均不变（逐次配对差异的中位数）');
    expect(differenceFinding('en', 'base', [{ variant: 'a', p50: 0 }, { variant: 'b', p50: -0.012 }], 'resident_rate', 2030)).toBe(
      'Against base, b lowers the 2030 resident urbanization rate by 1.2 points; a leaves it unchanged (median of paired runs)',
    );
    // Counts in 万: 23,456 persons.
    expect(differenceFinding('en', 'base', [{ variant: 'a', p50: 23_456 }], 'settled', 2020)).toMatch(/^Against base, a raises the 2020 .* by 2\.3万 \(median of paired runs\)$/);
    expect(differenceFinding('en', 'base', [], 'settled', 2020)).toBe('');
  });

  it('speaks of the last target year on the metric, else the last year', () => {
    const targets = [row('a', 'registered_rate>=0.165@2017', 0), row('a', 'registered_rate>=0.235@2020', 0), row('a', 'resident_rate>=0.91@2022', 0)];
    expect(findingYear(targets, 'registered_rate', [2013, 2025])).toBe(2020);
    expect(findingYear(targets, 'migrant_pop', [2013, 2025])).toBe(2025);
  });

  it('names the target the variants differ most on, every variant’s chance highest first; the joint row only when it differs most', () => {
    const rows = [
      row('dongguan', 'registered_rate>=0.165@2017', 40),
      row('dongguan', 'registered_rate>=0.235@2020', 0),
      row('dongguan', 'all', 0),
      row('cutoff100', 'registered_rate>=0.165@2017', 196),
      row('cutoff100', 'registered_rate>=0.235@2020', 40),
      row('cutoff100', 'all', 40),
    ];
    // Spread 2017: 0.392 − 0.08 = 0.312; 2020 and joint: 0.08.
    expect(chanceFinding('en', rows)).toBe('The 2017 registered target (16.5%) is met in 39.2% of the runs of cutoff100, 8.0% of dongguan');
    expect(chanceFinding('zh', rows)).toBe('2017年户籍目标（16.5%）的达成概率：cutoff100 39.2%，dongguan 8.0%');
    expect(chanceFinding('zh', rows.map((r) => ({ ...r, scenario: r.scenario === 'dongguan' ? '东莞市' : '东莞市（cutoff100）' })))).toBe('2017年户籍目标（16.5%）的达成概率：东莞市（cutoff100）39.2%，东莞市8.0%');
    const joint = [row('a', 'resident_rate>=0.7@2020', 100), row('a', 'registered_rate>=0.6@2020', 100), row('a', 'all', 50), row('b', 'resident_rate>=0.7@2020', 100), row('b', 'registered_rate>=0.6@2020', 100), row('b', 'all', 90)];
    expect(chanceFinding('en', joint)).toBe('All 2 targets together are met in 18.0% of the runs of b, 10.0% of a');
    expect(chanceFinding('zh', joint)).toBe('全部2项目标同时达成的概率：b 18.0%，a 10.0%');
  });

  it('says when the variants meet every target equally often, or never', () => {
    const never = [row('a', 'registered_rate>=0.9@2020', 0), row('a', 'all', 0), row('b', 'registered_rate>=0.9@2020', 0), row('b', 'all', 0)];
    expect(chanceFinding('en', never)).toBe('No run of any variant meets any of the 1 target');
    expect(chanceFinding('zh', never)).toBe('各方案的每次模拟都未达成任何一项目标');
    const same = [row('a', 'registered_rate>=0.5@2020', 250), row('b', 'registered_rate>=0.5@2020', 250)];
    expect(chanceFinding('en', same)).toBe('Every variant meets each target in the same share of runs');
    expect(chanceFinding('en', [])).toBe('');
  });

  it('says what each variant changes in the chance of the target it moves most, a change within its interval’s zero said so', () => {
    const rows = [
      paired(row('cutoff100', 'registered_rate>=0.165@2017', 196), 0.312, 0.273, 0.354),
      paired(row('cutoff100', 'registered_rate>=0.235@2020', 40), 0.08, 0.059, 0.107),
      paired(row('schools2x', 'registered_rate>=0.165@2017', 33), -0.014, -0.0286, -0.0063),
      paired(row('schools2x', 'registered_rate>=0.235@2020', 0), 0, -0.0076, 0.0076),
      paired(row('open', 'registered_rate>=0.165@2017', 45), 0.01, -0.002, 0.021),
      paired(row('open', 'registered_rate>=0.235@2020', 0), 0, -0.0076, 0.0076),
    ];
    expect(chanceDifferenceFinding('en', 'dongguan', rows)).toBe(
      'Against dongguan, cutoff100 raises the chance of meeting the 2017 registered target (16.5%) by 31.2 points, open by 1.0 points (within chance); schools2x lowers it by 1.4 points (paired runs)',
    );
    expect(chanceDifferenceFinding('zh', '东莞市', rows)).toBe(
      '与东莞市相比，cutoff100使2017年户籍目标（16.5%）的达成概率提高31.2个百分点，open提高1.0个百分点（在抽样误差之内）；schools2x使其降低1.4个百分点（逐次配对）',
    );
    // The last change within chance: its note and the basis in one pair of brackets, not two in a row
    // ('…降低1.5个百分点（在抽样误差之内）（逐次配对）' was printed).
    const last = rows.map((r) => (r.scenario === 'schools2x' && r.year === 2017 ? { ...r, difference: -0.015, differenceLower: -0.043, differenceUpper: 0.004 } : r));
    expect(chanceDifferenceFinding('zh', '东莞市', last)).toBe(
      '与东莞市相比，cutoff100使2017年户籍目标（16.5%）的达成概率提高31.2个百分点，open提高1.0个百分点（在抽样误差之内）；schools2x使其降低1.5个百分点（在抽样误差之内；逐次配对）',
    );
    expect(chanceDifferenceFinding('en', 'dongguan', last)).toBe(
      'Against dongguan, cutoff100 raises the chance of meeting the 2017 registered target (16.5%) by 31.2 points, open by 1.0 points (within chance); schools2x lowers it by 1.5 points (within chance; paired runs)',
    );
    const none = rows.map((r) => ({ ...r, difference: 0 }));
    expect(chanceDifferenceFinding('en', 'dongguan', none)).toBe('Against dongguan, no variant changes the chance of meeting any target (paired runs)');
    expect(chanceDifferenceFinding('zh', '东莞市', none)).toBe('与东莞市相比，各方案都没有改变任何目标的达成概率（逐次配对）');
    // The reference's own rows (no difference) say nothing.
    expect(chanceDifferenceFinding('en', 'dongguan', [paired(row('dongguan', 'all', 0), NaN, NaN, NaN)])).toBe('');
  });

  it('states the medians side by side and how often each variant is ahead, a variant equal to the base said so', () => {
    const levels = [
      { variant: 'a', year: 2020, p50: 0.2 },
      { variant: 'b', year: 2020, p50: 0.225 },
      { variant: 'b', year: 2025, p50: 0.3 },
    ];
    expect(levelsFinding('en', levels, 'registered_rate', 2020)).toBe('Median registered urbanization rate in 2020: b 22.5%, a 20.0%');
    const beats = [
      { variant: 'b', pBeats: 0.62, p5: -0.01, p95: 0.02 },
      { variant: 'c', pBeats: 0.984, p5: 0.01, p95: 0.03 },
      { variant: 'd', pBeats: 0.5, p5: 0, p95: 0 },
    ];
    expect(beatsFinding('en', 'a', beats, 'registered_rate', 2020)).toBe(
      'In 2020, c has a higher registered urbanization rate than a in 98.4% of runs, b in 62.0%; d equals a in at least 90% of runs',
    );
    expect(beatsFinding('zh', 'a', beats, 'registered_rate', 2020)).toBe('2020年，c在98.4%的模拟中户籍人口城镇化率高于a，b在62.0%的模拟中；d与a在90%以上的模拟中相同');
  });
});

describe('targetCountFinding: the line above the comparison table', () => {
  // Four targets and the joint row; a change counts where its paired 95 % interval excludes 0.
  const t = (scenario: string, target: string, year: number | null, d: number, lo: number, hi: number) =>
    ({ scenario, reference: 'dongguan', target, metric: 'registered_rate', op: '>=', value: 0.3, year, met: 1, runs: 10, probability: 0.1, lower: 0, upper: 0.4, difference: d, differenceLower: lo, differenceUpper: hi }) as const;
  const rows = [
    ...['a', 'b', 'c', 'd'].map((k, i) => t('dongguan', k, 2015 + i, NaN, NaN, NaN)),
    t('cutoff100', 'a', 2015, 0.3, 0.1, 0.5), t('cutoff100', 'b', 2016, 0.2, 0.05, 0.3), t('cutoff100', 'c', 2017, 0.1, -0.02, 0.2), t('cutoff100', 'd', 2018, -0.1, -0.2, -0.01),
    t('cutoff100', 'all', null, 0.3, 0.1, 0.5),
    t('schools2x', 'a', 2015, 0.02, -0.01, 0.05), t('schools2x', 'b', 2016, 0, 0, 0), t('schools2x', 'c', 2017, -0.01, -0.03, 0.01), t('schools2x', 'd', 2018, 0, 0, 0),
    t('quota', 'a', 2015, -0.2, -0.3, -0.1), t('quota', 'b', 2016, 0, 0, 0), t('quota', 'c', 2017, 0, 0, 0), t('quota', 'd', 2018, 0, 0, 0),
  ];
  it('counts, per variant, the targets whose chance it raises or lowers beyond chance', () => {
    expect(targetCountFinding('en', 'dongguan', rows)).toBe(
      'Against dongguan, cutoff100 raises the chance of 2 and lowers that of 1 of the 4 targets; schools2x changes none beyond chance; quota lowers the chance of 1 of the 4 targets (a change counted where its paired 95% interval excludes 0)',
    );
    expect(targetCountFinding('zh', '东莞市', rows)).toBe(
      '与东莞市相比，cutoff100提高4项目标中2项的达成概率，降低1项；schools2x对各项目标达成概率的改变都在抽样误差之内；quota降低4项目标中1项的达成概率（配对95%区间不含0才计入）',
    );
  });
  it('says nothing without paired differences', () => {
    expect(targetCountFinding('en', 'dongguan', rows.filter((r) => r.scenario === 'dongguan'))).toBe('');
  });
});
