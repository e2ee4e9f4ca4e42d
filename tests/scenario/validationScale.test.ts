import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { validateScenario } from '../../src/scenario/api.ts';
import { MINIMAL, writeScenarios } from './tempScenarios.ts';

/**
 * Work is counted, not timed: every time any code (the YAML parser's
 * duplicate-key check included) compares two keys of a mapping or reads an
 * entry of a parsed mapping. Finding one key by looking through all the others
 * makes this grow with the square of the number of keys (32,000 variables took
 * 61 s to validate); one pass per mapping keeps it a small multiple of them.
 */
const work = vi.hoisted(() => ({ count: 0 }));

vi.mock('yaml', async (importOriginal) => {
  const yaml = await importOriginal<typeof import('yaml')>();
  const sameKey = (a: unknown, b: unknown) => {
    work.count++;
    return a === b || (yaml.isScalar(a) && yaml.isScalar(b) && a.value === b.value);
  };
  const counted = <T extends object>(items: T[]): T[] =>
    new Proxy(items, {
      get(target, prop, receiver) {
        if (typeof prop === 'string' && /^\d+$/.test(prop)) work.count++;
        return Reflect.get(target, prop, receiver);
      },
    });
  const parseDocument = ((source: string, options?: Parameters<typeof yaml.parseDocument>[1]) => {
    // The parser's default (uniqueKeys: true) compares keys; count those comparisons too.
    const uniqueKeys = options?.uniqueKeys ?? true;
    const doc = yaml.parseDocument(source, { ...options, uniqueKeys: uniqueKeys === true ? sameKey : uniqueKeys });
    yaml.visit(doc, { Map: (_, map) => void (map.items = counted(map.items)) });
    return doc;
  }) as typeof yaml.parseDocument;
  return { ...yaml, parseDocument };
});

/** A valid scenario declaring `n` variables, one line each. */
function scenarioWith(n: number): string {
  const lines = Array.from({ length: n }, (_, i) => `  v${i}: { dist: uniform, min: 0, max: 1 }`);
  return `${MINIMAL}name: many\nvariables:\n${lines.join('\n')}\n`;
}

function workToValidate(n: number, extra: Record<string, string> = {}, file = 'many.yaml'): number {
  const dir = writeScenarios({ 'many.yaml': scenarioWith(n), ...extra });
  work.count = 0;
  const issues = validateScenario(join(dir, file));
  expect(issues).toEqual([]);
  return work.count;
}

describe('validation grows linearly with the number of keys', () => {
  it('4,000 variables take at most 20 mapping reads a variable (looking each up among the others took millions)', () => {
    const n = 4000;
    const count = workToValidate(n);
    expect(count).toBeGreaterThan(n); // the counting sees the work at all
    expect(count).toBeLessThan(20 * n);
  });

  it('through extends too: a variant over a parent with 4,000 variables', () => {
    const n = 4000;
    const count = workToValidate(n, { 'variant.yaml': 'extends: many.yaml\nname: variant\nvariables:\n  v7: { dist: uniform, min: 0, max: 2 }\n' }, 'variant.yaml');
    expect(count).toBeLessThan(20 * n);
  });

  it('a repeated key is still an error, at the repeat', () => {
    const dir = writeScenarios({ 'twice.yaml': `${MINIMAL}name: a\nvariables:\n  g: { dist: uniform, min: 0, max: 1 }\n  g: { dist: uniform, min: 0, max: 2 }\n` });
    expect(validateScenario(join(dir, 'twice.yaml'))).toEqual([
      expect.objectContaining({ line: 6, column: 3, message: 'YAML syntax error: the key "g" is written twice in one mapping (first on line 5): expected each key once' }),
    ]);
  });
});
