import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptySummary } from '../../src/analysis/summarize.ts';
import { planLine } from '../../src/cli/planLine.ts';
import { M, METRIC_COUNT } from '../../src/model/indicators.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import { cli } from '../helpers/cli.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

// `urbsim run` printed nothing of a scenario's settlement_plan, though its registered targets rest on the plan.
const years = Int32Array.of(2013, 2014, 2015, 2016, 2017);
/** A summary whose medians settle `local` and `others` persons in each year after 2013. */
function settling(local: readonly number[], others: readonly number[]) {
  const s = emptySummary(years);
  for (let y = 1; y < years.length; y++) {
    s.stats.p50[y * METRIC_COUNT + M.settled_local] = local[y - 1];
    s.stats.p50[y * METRIC_COUNT + M.settled_migrants] = others[y - 1];
    s.stats.p50[y * METRIC_COUNT + M.settled] = local[y - 1] + others[y - 1];
  }
  return s;
}
const scenario = (plan: string) =>
  loadScenario(join(writeScenarios({ 's.yaml': `${MINIMAL.replace('end: 2020', 'end: 2017')}settlement_plan:\n${plan}` }), 's.yaml'));

describe("run's settlement plan line", () => {
  it('a total by a year: the plan a year against the mean of the yearly medians of settled', () => {
    const s = scenario('  - { year: 2015, persons: 2万, kind: total, source: "plan A" }\n  - { year: 2017, persons: 6万, kind: total, source: "plan B" }\n');
    // 6万 over 2014–2017 = 1.5万 a year; the medians settle 8,000 + 2,000, 9,000 + 3,000, 10,000 + 4,000, 11,000 + 5,000:
    // (10,000 + 12,000 + 14,000 + 16,000) / 4 = 13,000 = 1.3万.
    expect(planLine(s, settling([8000, 9000, 10000, 11000], [2000, 3000, 4000, 5000]))).toBe(
      'settlement plan (落户, cumulative from 2013): 2.0万 by 2015 (plan A), 6.0万 by 2017 (plan B)\n' +
        "  a year, 2014–2017: the plan 1.5万; the runs' median 1.3万",
    );
  });

  it('locals and people from elsewhere: their sum, each beside what the runs settle of them', () => {
    const s = scenario('  - { year: 2017, persons: 4万, kind: local, source: "L1" }\n  - { year: 2017, persons: 8万, kind: nonlocal, source: "L2" }\n');
    // 4万 / 4 = 1.0万 locals, 8万 / 4 = 2.0万 others, 3.0万 in all; the runs: locals 8,000 each year (0.80万), others
    // (2,000 + 3,000 + 4,000 + 5,000) / 4 = 3,500 (0.35万), 1.15万 in all → 1.1万 (toFixed(1) of 1.15 is 1.1).
    expect(planLine(s, settling([8000, 8000, 8000, 8000], [2000, 3000, 4000, 5000]))).toBe(
      'settlement plan (落户, cumulative from 2013): 12.0万 (4.0万 locals + 8.0万 from elsewhere) by 2017 (L1)\n' +
        "  a year, 2014–2017: the plan 3.0万 (locals 1.0万, from elsewhere 2.0万); the runs' median 1.1万 (locals 0.80万, from elsewhere 0.35万)",
    );
  });

  it('no plan, no line', () => {
    const none = loadScenario(join(writeScenarios({ 's.yaml': MINIMAL }), 's.yaml'));
    expect(planLine(none, settling([1, 1, 1, 1], [1, 1, 1, 1]))).toBeUndefined();
  });

  it('urbsim run prints it under its first line', async () => {
    const dir = writeScenarios({ 's.yaml': `${MINIMAL.replace('end: 2020', 'end: 2015')}settlement_plan:\n  - { year: 2015, persons: 3万, kind: total, source: "plan" }\nmonte_carlo: { runs: 4 }\n` });
    const r = await cli(['run', join(dir, 's.yaml'), '--out', join(dir, 'out')]);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[1]).toBe('settlement plan (落户, cumulative from 2013): 3.0万 by 2015 (plan)');
    expect(lines[2]).toMatch(/^ {2}a year, 2014–2015: the plan 1\.5万; the runs' median \S+万$/);
  }, 60_000);
});
