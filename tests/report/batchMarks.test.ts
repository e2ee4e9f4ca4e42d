import { describe, expect, it } from 'vitest';
import { percentOnRuns, runsText, weighedCellText } from '../../src/report/batchMarks.ts';

describe('probabilities on effective runs', () => {
  it('one decimal from 100 effective runs on, whole percent below', () => {
    expect(percentOnRuns(0.6012, 177)).toBe('60.1%');
    expect(percentOnRuns(0.6012, 100)).toBe('60.1%');
    expect(percentOnRuns(0.375, 4)).toBe('38%'); // 4 runs: a run moves the share by 25 points
    expect(percentOnRuns(0.004, 99.9)).toBe('0%');
    expect(percentOnRuns(NaN, 4)).toBe('–');
  });

  it("a member's weighed probability as its table of targets gives it: on its effective runs, its interval in brackets of the language", () => {
    // 500 effective runs: one decimal (43.12 → 43.1, 38.76 → 38.8, 47.57 → 47.6); 40: whole percent (20.49 → 20, 10.51 → 11, 36.11 → 36).
    expect(weighedCellText('en', { probability: 0.4312, lower: 0.3876, upper: 0.4757, runs: 500 })).toEqual({ probability: '43.1%', interval: '(38.8%–47.6%)' });
    expect(weighedCellText('zh', { probability: 0.2049, lower: 0.1051, upper: 0.3611, runs: 40 })).toEqual({ probability: '20%', interval: '（11%–36%）' });
  });

  it('runs in words agree with their count, rounded', () => {
    expect(runsText(1.2, 'effective')).toBe('1 effective run');
    expect(runsText(0.6)).toBe('1 run');
    expect(runsText(177, 'effective')).toBe('177 effective runs');
    expect(runsText(1000)).toBe('1,000 runs');
    expect(runsText(1550.4, 'effective')).toBe('1,550 effective runs');
    expect(runsText(999.6)).toBe('1,000 runs');
  });
});
