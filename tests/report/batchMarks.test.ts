import { describe, expect, it } from 'vitest';
import { percentOnRuns, runsText } from '../../src/report/batchMarks.ts';

describe('probabilities on effective runs', () => {
  it('one decimal from 100 effective runs on, whole percent below', () => {
    expect(percentOnRuns(0.6012, 177)).toBe('60.1%');
    expect(percentOnRuns(0.6012, 100)).toBe('60.1%');
    expect(percentOnRuns(0.375, 4)).toBe('38%'); // 4 runs: a run moves the share by 25 points
    expect(percentOnRuns(0.004, 99.9)).toBe('0%');
    expect(percentOnRuns(NaN, 4)).toBe('–');
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
