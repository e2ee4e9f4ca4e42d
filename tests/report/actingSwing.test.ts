import { describe, expect, it } from 'vitest';
import { actingSwing } from '../../src/report/actingSwing.ts';
import type { SensitivityIndexRow } from '../../src/report/sensitivityRows.ts';
import type { SwingRow } from '../../src/report/swingRows.ts';

const swing = (parameter: string, lever: boolean): SwingRow => ({ parameter, lever, lowMin: 0, lowMax: 1, lowMetric: 0.78, highMin: 2, highMax: 3, highMetric: 0.785 });
const total = (parameter: string, estimate: number) => ({ metric: 'registered_rate', year: 2020, parameter, index: 'total', estimate, lower: estimate, upper: estimate }) as SensitivityIndexRow;

describe('actingSwing: the swing chart\'s rows', () => {
  it('leaves out a lever whose total index is 0 (it drew the other inputs\' draws as its effect); keeps every other', () => {
    // points_cutoff in plain mode changed the metric in no design row: total 0. An uncertain input at 0 is not a lever
    // (urbsim sensitivity says nothing of it), a lever at 0.001 acts a little.
    const rows = [swing('hukou_conversion_rate', false), swing('points_cutoff', true), swing('tfr_urban_hukou', false), swing('settle_quota', true)];
    const indices = [total('hukou_conversion_rate', 0.51), total('points_cutoff', 0), total('tfr_urban_hukou', 0), total('settle_quota', 0.001)];
    expect(actingSwing(rows, indices).map((r) => r.parameter)).toEqual(['hukou_conversion_rate', 'tfr_urban_hukou', 'settle_quota']);
  });
});
