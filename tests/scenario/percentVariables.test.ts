import { describe, expect, it } from 'vitest';
import { loadScenario, scenarioHash } from '../../src/scenario/api.ts';
import { MINIMAL, writeScenarios } from './tempScenarios.ts';

// How a variable is shown (a sensitivity's swing): in percent when its file writes it so, every quantity of it.
describe('percentVariables', () => {
  const dir = writeScenarios({
    'v.yaml': `${MINIMAL}name: v
variables:
  growth: { dist: normal, mean: 0%, sd: 2% }
  share: 5%
  plain: { dist: normal, mean: 0, sd: 0.02 }
  mixed: { dist: uniform, min: 0%, max: 0.05 }
  made: "growth * 2"
  pooled: { dist: normalmix, weights: [0.6, 0.4], means: [0.1%, -0.2%], sds: [0.3%, 1%] }
  pooledPlain: { dist: normalmix, weights: [0.6, 0.4], means: [0.001, -0.002], sds: [0.3%, 1%] }
parameters:
  inflow: "20万 * (1 + growth + share + plain + mixed + made + pooled + pooledPlain) ^ t"
`,
  });

  it('lists the variables written in percent, every quantity of them, not numbers, mixed or expressions', () => {
    // A mixture by its means and sds (its weights are shares of the law, not of the variable).
    expect(loadScenario(`${dir}/v.yaml`).percentVariables).toEqual(['growth', 'share', 'pooled']);
    expect(loadScenario('scenarios/dalian.yaml').percentVariables).toEqual(['inflow_growth']);
    expect(loadScenario('scenarios/pilots/anhui.yaml').percentVariables).toEqual(['net_migration']);
  });

  it('is how values are shown, not what runs: not in the hash', () => {
    const s = loadScenario(`${dir}/v.yaml`);
    const { percentVariables: _, ...without } = s;
    expect(scenarioHash(without as typeof s)).toBe(scenarioHash(s));
    expect(scenarioHash({ ...s, percentVariables: ['plain'] })).toBe(scenarioHash(s));
  });
});
