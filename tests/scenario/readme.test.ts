import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { join } from 'node:path';
import { PARAMETER_KEYS, loadScenario, scenarioJsonSchema } from '../../src/scenario/api.ts';
import { writeScenarios } from './tempScenarios.ts';

const readme = readFileSync('scenarios/README.md', 'utf8');

describe('scenarios/README.md', () => {
  it('documents every top-level key and every parameter', () => {
    const keys = Object.keys((scenarioJsonSchema().properties ?? {}) as Record<string, unknown>);
    for (const k of keys) expect(readme, k).toContain(`\`${k}`);
    for (const k of PARAMETER_KEYS) expect(readme, k).toContain(`| \`${k}\` |`);
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
