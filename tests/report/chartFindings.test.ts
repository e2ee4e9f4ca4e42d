import { describe, expect, it } from 'vitest';
import { interactionFinding } from '../../src/report/chartFindings.ts';

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
