import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { fitDefaultsCommand } from '../../src/cli/crossValidation.ts';
import { OBSERVED_HEADER } from '../helpers/observedRows.ts';
import { writeScenarios } from '../scenario/tempScenarios.ts';

// The summary's wording, not the fit: a real fit of 2,000 runs a pass takes minutes, so fitDefaults gives back a
// fixed result here (no area, every pace at its reference prior) and the command only words it.
vi.mock('../../src/analysis/fitDefaults.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/analysis/fitDefaults.ts')>()),
  fitDefaults: async () => {
    const pace = { center: 0, sd: 1, fitted: false, areas: [] };
    return {
      areas: [],
      process: { sigma: 0.5, phi: 0.5, pairs: [] },
      paces: { rural_to_town_rate: pace, local_settle_rate: pace, net_migration: pace, hukou_conversion_rate: pace },
    };
  },
}));

const observed = join(writeScenarios({ 'obs.csv': `${OBSERVED_HEADER}\nhuizhou,resident_rate,2013,,,66,%,resident_6month,,004:4933,,\n` }), 'obs.csv');

describe('urbsim fit-defaults: the summary', () => {
  it('writes the runs of a pass with a thousands separator, as the project\'s other counts (it wrote "2000 runs a pass"); the seed without', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'urbsim-fit-summary-')), 'fit.json');
    const text = await fitDefaultsCommand(observed, { runs: '2000', seed: '20140101', out, workers: '1' }, () => {});
    expect(text.split('\n')[0]).toBe(`fitted on ${observed}: 0 areas with figures after their base year (2,000 runs a pass, seed 20140101)`);
  });
});
