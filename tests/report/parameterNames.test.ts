import { describe, expect, it } from 'vitest';
import { parameterName, variableUses } from '../../src/report/parameterNames.ts';
import type { ValueSpec } from '../../src/scenario/resolved.ts';

const expr = (text: string, symbols: string[]): ValueSpec => ({ kind: 'expr', text, symbols });
const draw: ValueSpec = { kind: 'dist', spec: { dist: 'uniform', min: 0, max: 1 } };

describe('names of inputs in Chinese', () => {
  // growth feeds inflow directly and open_area_share through the variable relaxed; spare feeds nothing;
  // settle feeds a source group's lever. Parameters reading other parameters do not count (inflow → reclass_persons).
  const scenario = {
    variables: { growth: draw, relaxed: expr('0.5 + growth', ['growth']), spare: draw, settle: draw },
    parameters: {
      inflow: expr('200000 * (1 + growth) ^ t', ['growth', 't']),
      open_area_share: expr('relaxed', ['relaxed']),
      reclass_persons: expr('inflow * 0.1', ['inflow']),
      migrant_settle_rate: draw,
    },
    settlementGroups: { rural_students: { take_up: expr('settle / 2', ['settle']), eligible_share: { kind: 'number', value: 1 } as ValueSpec } },
  };
  const uses = variableUses(scenario);

  it("names the change of count's draws (params.arrow columns), in English by their keys", () => {
    expect(parameterName('zh', 'uncertainty.registered_break.year')).toBe('户籍统计口径变化年份');
    expect(parameterName('zh', 'uncertainty.registered_break.share')).toBe('口径变化：计为城镇户籍的城镇农业户籍人口比例');
    expect(parameterName('zh', 'uncertainty.registered_break.village_share')).toBe('口径变化：计为城镇户籍的乡村农业户籍人口比例');
    expect(parameterName('en', 'uncertainty.registered_break.share')).toBe('uncertainty.registered_break.share');
  });

  it('finds what each variable feeds, through other variables but not through parameters', () => {
    expect(Object.fromEntries(Object.entries(uses).map(([k, v]) => [k, [...v].sort()]))).toEqual({
      growth: ['inflow', 'open_area_share'],
      relaxed: ['open_area_share'],
      spare: [],
      settle: ['settlement_groups.rural_students.take_up'],
    });
  });

  it('shows a variable by the name its file gives it, said to be the scenario’s, with the Chinese names of what it feeds', () => {
    expect(parameterName('zh', 'relaxed', uses)).toBe('relaxed（情景变量，用于全面放开落户地区的外来人口比例）');
    expect(parameterName('zh', 'growth', uses)).toMatch(/^growth（情景变量，用于(每年迁入人数、全面放开落户地区的外来人口比例|全面放开落户地区的外来人口比例、每年迁入人数)）$/);
    expect(parameterName('zh', 'settle', uses)).toBe('settle（情景变量，用于农村籍大中专学生：年落户比例）');
    // What it feeds by its name without its own brackets: 'x（情景变量，用于人均挂钩建设用地（平方米））' closed twice.
    expect(parameterName('zh', 'land', { land: ['land_per_settled'] })).toBe('land（情景变量，用于人均挂钩建设用地）');
    expect(parameterName('zh', 'spare', uses)).toBe('spare（情景变量）');
    expect(parameterName('zh', 'spare')).toBe('spare（情景变量）'); // without the scenario
    // More than two: the first two and 等.
    const many = variableUses({ variables: { k: draw }, parameters: { inflow: expr('k', ['k']), tfr_migrant: expr('k', ['k']), e0_male: expr('k', ['k']) } });
    expect(parameterName('zh', 'k', many)).toBe('k（情景变量，用于每年迁入人数、外来妇女总和生育率等）');
    // In English, keys as written throughout.
    expect(parameterName('en', 'growth', uses)).toBe('growth');
    expect(parameterName('en', 'settlement_groups.rural_students.take_up')).toBe('settlement_groups.rural_students.take_up');
  });

  it('names parameters, source-group levers and shocks by their policy terms, never half in English', () => {
    expect(parameterName('zh', 'migrant_settle_rate', uses)).toBe('外来人口落户率');
    expect(parameterName('zh', 'settlement_groups.in_place.yearly_target')).toBe('农村就地转移就业人口：年度落户目标');
    expect(parameterName('zh', 'shocks:inflow+tfr_migrant')).toBe('年度随机冲击：每年迁入人数、外来妇女总和生育率');
  });

  it("names a run's own randomness with the sources it holds, in both languages", () => {
    const all = 'noise:shocks.inflow+process+baseline+break';
    expect(parameterName('en', all)).toBe("each run's own randomness (yearly shocks: inflow; year-to-year variation; base-year error; hukou break)");
    expect(parameterName('zh', all)).toBe('各次模拟自身的随机性（年度冲击：每年迁入人数；逐年波动；基期误差；户籍口径变化）');
    // Only the sources present; several shocked parameters in one list.
    expect(parameterName('en', 'noise:process')).toBe("each run's own randomness (year-to-year variation)");
    expect(parameterName('zh', 'noise:baseline+break')).toBe('各次模拟自身的随机性（基期误差；户籍口径变化）');
    expect(parameterName('en', 'noise:shocks.inflow+shocks.tfr_migrant')).toBe("each run's own randomness (yearly shocks: inflow, tfr_migrant)");
    expect(parameterName('zh', 'noise:shocks.inflow+shocks.tfr_migrant+process')).toBe('各次模拟自身的随机性（年度冲击：每年迁入人数、外来妇女总和生育率；逐年波动）');
  });
});
