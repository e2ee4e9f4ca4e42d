import { describe, expect, it } from 'vitest';
import { AnalysisInputError } from '../../src/analysis/analysisInputError.ts';
import { solveTargets } from '../../src/analysis/solveTargets.ts';
import { loadScenario } from '../../src/scenario/api.ts';

describe('solveTargets with --metric and --year: an empty value', () => {
  it('is said as missing to a library caller, an input error, not a TypeError', () => {
    const dalian = loadScenario('scenarios/dalian.yaml');
    for (const raw of ['', '   ']) {
      const call = () => solveTargets(dalian, raw, { metric: 'registered_rate', year: 2020 });
      expect(call).toThrow(AnalysisInputError);
      expect(call).toThrow('--target with --metric and --year: the value is missing (e.g. 72.5% or >=72.5%)');
    }
  });
});
