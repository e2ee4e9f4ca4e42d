import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError, formatIssues, loadScenario, validateScenario } from '../../src/scenario/api.ts';
import { dalianFacts } from './cityStub.ts';

/**
 * The catalogue of bad scenario files. Each file starts with the problems it
 * must report, `# expect: LINE:COLUMN key.path: message` (or
 * `# expect: other.yaml:LINE:COLUMN …` when the problem is in a file it
 * extends), and `# expect-count: N` when exactly N problems must be reported.
 */
const dir = 'tests/fixtures/bad-scenarios';
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') && readFileSync(join(dir, f), 'utf8').startsWith('# expect:')).sort();

function header(file: string): { expects: string[]; count?: number } {
  const lines = readFileSync(join(dir, file), 'utf8').split('\n');
  const expects = lines.filter((l) => l.startsWith('# expect: ')).map((l) => l.slice('# expect: '.length));
  const count = lines.find((l) => l.startsWith('# expect-count: '));
  return { expects, ...(count && { count: Number(count.slice('# expect-count: '.length)) }) };
}

describe('bad scenario catalogue', () => {
  it('covers the cases asked for', () => {
    for (const f of ['wrong-type', 'unknown-key', 'bad-yaml', 'rate-over-100', 'negative-population', 'import-expression', 'assignment', 'create-unit', 'huge-matrix', 'array-literal', 'unknown-function', 'unknown-symbol', 'cycle', 'extends-cycle-a', 'extends-missing', 'target-metric', 'target-year', 'years-reversed', 'several-problems'])
      expect(files).toContain(`${f}.yaml`);
  });

  it.each(files)('%s: reports its specific problems with file:line:column', (f) => {
    const { expects, count } = header(f);
    const issues = validateScenario(join(dir, f), { cityFacts: dalianFacts });
    const text = formatIssues(issues);
    expect(issues.length).toBeGreaterThan(0);
    for (const e of expects) {
      const other = /^([\w./-]+\.yaml):\d+:\d+ /.exec(e);
      expect(text).toContain(other ? `${dir}/${e}` : `${join(dir, f)}:${e}`);
    }
    if (count !== undefined) expect(issues).toHaveLength(count);
    for (const i of issues) {
      expect(i.line).toBeGreaterThan(0);
      expect(i.column).toBeGreaterThan(0);
      expect(i.message.length).toBeGreaterThan(0);
      expect(typeof i.expected).toBe('string');
      expect(typeof i.found).toBe('string');
    }
    expect(() => loadScenario(join(dir, f), { cityFacts: dalianFacts })).toThrow(ScenarioError);
  });
});
