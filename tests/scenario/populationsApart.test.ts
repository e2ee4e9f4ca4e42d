import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssues, validateScenario } from '../../src/scenario/api.ts';
import { writeScenarios } from './tempScenarios.ts';

const baseline = (resident: string, registered: string) =>
  `years: { start: 2013, end: 2020 }\nbaseline: { resident_pop: ${resident}, registered_pop: ${registered}, resident_rate: 68.5%, registered_rate: 63.1% }\n`;
const issues = (resident: string, registered: string) => {
  const dir = writeScenarios({ 's.yaml': baseline(resident, registered) });
  return formatIssues(validateScenario(join(dir, 's.yaml')));
};

describe('base-year populations far apart: a unit left out (tests/fixtures/bad-scenarios/population-without-unit.yaml)', () => {
  it('999 times apart is taken as written, either way round; 1,000 times is refused', () => {
    // 691.8万 = 6,918,000 persons; / 999 = 6,924.9 persons; / 1,000 = 6,918.
    expect(issues('691.8万', '6925')).toBe('');
    expect(issues('6925', '691.8万')).toBe('');
    expect(issues('691.8万', '6918')).toContain('baseline.registered_pop: expected a number of persons within 1,000 times resident_pop (691.8万), found 6918: 1,000 times fewer (a number without a unit counts persons)');
    // 万 only where it brings the two within 10 times: 6,918 persons × 10⁴ would be 10 times the residents, no nearer.
  });

  it('Shenzhen Guangming, its residents 8.3 times its registered (the most apart in data/areas), and a bare 10⁸ slip (亿): no 万 suggested', () => {
    expect(issues('49.6万', '6万')).toBe(''); // seed 004 L5121, L5123
    // 3.2亿 = 320,000,000 against 3.2 persons: 100,000,000 times, past what 万 would mend.
    expect(issues('3.2亿', '3.2')).toContain('found 3.2: 100,000,000 times fewer (a number without a unit counts persons)');
  });
});
