import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssues, validateScenario } from '../../src/scenario/api.ts';
import { MINIMAL, writeScenarios } from './tempScenarios.ts';

/** The formatted issues of one file (what `urbsim validate` prints) and its path. */
function issuesOf(text: string): { file: string; text: string } {
  const dir = writeScenarios({ 's.yaml': text });
  const file = join(dir, 's.yaml');
  return { file, text: formatIssues(validateScenario(file)) };
}

// MINIMAL is lines 1–2, so the first line after it is line 3. The parser's own words were: "Source contains multiple
// documents; please use YAML.parseAl…", "Missing closing 'quote" (past the end of the line), "Maximum call stack size
// exceeded" (once per level, 35 lines), and an unclosed [ a line each (5,000 lines for 5,000).
describe('YAML errors the parser says in its own words', () => {
  it('a second document (a `---` line) is said at that line, with what to do', () => {
    const { file, text } = issuesOf(`${MINIMAL}name: a\n---\nname: b\n`);
    expect(text).toBe(
      `${file}:4:1 YAML syntax error: a second YAML document starts here (a line \`---\` or \`...\` after the first document's keys): ` +
        'a scenario file is one document; expected no such line (to build on another file, name it under `extends:`)',
    );
  });

  // With a quote of the same kind further on (in a comment: the light scan reads it as closing the text), the
  // parser's message was the one said.
  it("an unclosed single quote is said where it opens (`name: 'a`: column 7), not past the line's end", () => {
    const { file, text } = issuesOf(`${MINIMAL}name: 'a\nmonte_carlo: { runs: 10 }   # the city's runs\n`);
    expect(text).toBe(`${file}:3:7 YAML syntax error: a text in single quotes is not closed: expected a closing ' (a ' inside a text in single quotes is written '')`);
  });

  it('an unclosed double quote inside { … } is said where it opens, without the parser\'s cascade on the next line', () => {
    // line 3 `targets: [ { metric: resident_rate, year: 2020, value: 70%, source: "a } ]`: the quote is column 69
    // ("targets: [ { metric: resident_rate, year: 2020, value: 70%, source: " is 68 characters)
    const { file, text } = issuesOf(`${MINIMAL}targets: [ { metric: resident_rate, year: 2020, value: 70%, source: "a } ]\nname: s   # say "hi"\n`);
    expect(text).toContain(`${file}:3:69 YAML syntax error: a text in double quotes is not closed: expected a closing " (a " inside a text in double quotes is written \\")`);
    expect(text).not.toMatch(/Flow map|sufficiently indented|Missing closing/);
  });

  it('brackets nested too deeply: said once, where it happens, in plain words', () => {
    const { text } = issuesOf(`${MINIMAL}a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    expect(text.split('\n')).toHaveLength(1);
    expect(text).toMatch(/:3:\d+ YAML syntax error: brackets are nested too deeply here for the parser: expected a few levels of \{ … \} and \[ … \]$/);
    expect(text).not.toContain('call stack');
  });

  it('5,000 unclosed [: the first 20, then how many more', () => {
    const { text } = issuesOf(`${MINIMAL}a: ${'['.repeat(5000)}\n`);
    const lines = text.split('\n');
    expect(lines).toHaveLength(21);
    // `a: [[[…`: the first [ is column 4
    expect(lines[0]).toMatch(/:3:4 YAML syntax error: the \[ that opens a list here is not closed: expected \] before the end of the file$/);
    expect(lines[20]).toMatch(/:3:23 … and \d{4} more YAML syntax errors after this one \(fix these first: one error often makes the next ones\)$/);
  });
});
