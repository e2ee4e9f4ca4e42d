import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { join } from 'node:path';
import { PARAMETER_KEYS, loadScenario, scenarioJsonSchema } from '../../src/scenario/api.ts';
import { NEWBORN_STAY_RANGE as DEFAULT_NEWBORN_STAY } from '../../src/model/migrantChildren.ts';
import { DEFAULT_BREAK_VILLAGE_SHARE } from '../../src/scenario/uncertaintyDefaults.ts';
import { YEARLY_DEFAULTS } from '../../src/model/params.ts';
import { writeScenarios } from './tempScenarios.ts';

const readme = readFileSync('scenarios/README.md', 'utf8');

describe('scenarios/README.md', () => {
  it('documents every top-level key and every parameter', () => {
    const keys = Object.keys((scenarioJsonSchema().properties ?? {}) as Record<string, unknown>);
    for (const k of keys) expect(readme, k).toContain(`\`${k}`);
    for (const k of PARAMETER_KEYS) expect(readme, k).toContain(`| \`${k}\` |`);
  });

  it('gives the default change of count\'s share of villagers the engine draws', () => {
    const row = readme.split('\n').find((l) => l.startsWith('| `uncertainty.registered_break` |'))!;
    const { min, max } = DEFAULT_BREAK_VILLAGE_SHARE;
    expect(row.split(' | ').at(-1)).toContain(`village share ${min * 100}–${max * 100} %`);
  });

  it("gives the default range of migrants' newborns raised here and the arrivals' child share the engine uses", () => {
    // 29.5–58.3 %: 981 / (981 + 2,342) and 981 / (981 + 0.3 × 2,342), to three digits; the engine default their midpoint.
    expect(DEFAULT_NEWBORN_STAY).toEqual({ min: 0.295, max: 0.583 });
    expect(YEARLY_DEFAULTS.migrantNewbornStay).toBe(0.439);
    const row = (key: string) => readme.split('\n').find((l) => l.startsWith(`| \`${key}\` |`))!;
    expect(row('uncertainty.newborn_stay')).toContain('uniform on 29.5–58.3 %');
    expect(row('uncertainty.newborn_stay')).toContain('midpoint 43.9 %');
    expect(row('migrant_newborn_stay').split(' | ')[3]).toBe('43.9 % (a scenario naming a city draws it uniform on 29.5–58.3 %: `uncertainty.newborn_stay`)');
    // (981 + 1,472) / 23,000 = 0.10665 → 10.7 %
    expect(YEARLY_DEFAULTS.inflowChildShare).toBe(0.107);
    expect(row('inflow_child_share').split(' | ')[3]).toMatch(/^10\.7% /);
  });

  it('has an example using every top-level key that parses as YAML', () => {
    const example = /```yaml\n([\s\S]*?)```/.exec(readme)![1];
    const data = parse(example) as Record<string, unknown>;
    const keys = Object.keys((scenarioJsonSchema().properties ?? {}) as Record<string, unknown>);
    expect(Object.keys(data).sort()).toEqual([...keys].sort());
  });

  it('has examples that load', () => {
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
    const dir = writeScenarios({ 'dalian.yaml': readFileSync('scenarios/dalian.yaml', 'utf8'), 'example.yaml': blocks[0], 'variant.yaml': blocks.at(-1)! });
    const s = loadScenario(join(dir, 'example.yaml'));
    expect(s.name).toBe('dalian-points');
    expect(s.settlementMode).toBe('points');
    expect(loadScenario(join(dir, 'variant.yaml')).name).toBe('dalian-open');
  });
});
