import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { join } from 'node:path';
import { PARAMETER_KEYS, loadScenario, scenarioJsonSchema } from '../../src/scenario/api.ts';
import { DEFAULT_BREAK_VILLAGE_SHARE } from '../../src/scenario/uncertaintyDefaults.ts';
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
