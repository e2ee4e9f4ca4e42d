import { expect, it } from 'vitest';
import { reachabilityMarkdown, reachabilityRow } from '../../src/batch/reachability.ts';
import { loadScenario } from '../../src/scenario/api.ts';

// A scenario without rate targets still shows its 2020 medians: Changshu (2011 → 2020) has no targets at all.
it('shows the median 2020 rates of a scenario without 2020 targets, under a plain title outside a pilot batch', () => {
  const s = loadScenario('scenarios/changshu.yaml');
  expect(s.targets.filter((t) => t.year === 2020)).toEqual([]);
  const p50 = new Map([
    ['resident_rate', new Map([[2020, 0.804]])],
    ['registered_rate', new Map([[2020, 0.598]])],
  ]);
  const row = reachabilityRow(s, [], p50);
  expect(row.medians.find((m) => m.year === 2020)).toEqual({ year: 2020, resident: 0.804, registered: 0.598 });
  const md = reachabilityMarkdown([row], 10);
  expect(md.split('\n')[0]).toBe('# Reachability of the targets (1 area, 10 runs each)');
  expect(md).toContain('| 80.4% / 59.8% |');
  expect(reachabilityMarkdown([row], 10, [{ id: 'langzhong', name: '阆中市', missing: 'population' }]).split('\n')[0]).toContain('pilot targets');
});
