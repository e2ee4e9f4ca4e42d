import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssues, validateScenario } from '../../src/scenario/api.ts';
import { cli, expectInputError } from '../helpers/cli.ts';
import { MINIMAL, writeScenarios } from './tempScenarios.ts';

/** The formatted issues of one file (what `urbsim validate` prints), written into a fresh folder as `s.yaml`. */
function issuesOf(text: string): { dir: string; text: string } {
  const dir = writeScenarios({ 's.yaml': text });
  return { dir, text: formatIssues(validateScenario(join(dir, 's.yaml'))) };
}

// Positions are counted by hand: line 1 is MINIMAL's `years:` line, so the first line after MINIMAL is line 3.
describe('YAML syntax errors in a planner\'s words: where, what, what was expected', () => {
  it('an unclosed { is said where it opens, with the line it should have closed before', () => {
    // line 3 `parameters: { tfr: 1.2`: "parameters: " is 12 characters, so the { is column 13.
    const { dir, text } = issuesOf(`${MINIMAL}parameters: { tfr: 1.2\nname: dalian\n`);
    expect(text).toBe(
      `${join(dir, 's.yaml')}:3:13 YAML syntax error: the { that opens a mapping here is not closed: expected } before line 4 ("name: dalian"); ` +
        'a { … } or [ … ] written over several lines must indent each line further than its key',
    );
    expect(text).not.toMatch(/Flow map|block collection|sufficiently indented/);
  });

  it('an unclosed [ at the end of the file, one closed by a }, and a ] that closes nothing', () => {
    // `name: [a, b`: the [ is column 7
    expect(issuesOf(`${MINIMAL}name: [a, b\n`).text).toMatch(/:3:7 YAML syntax error: the \[ that opens a list here is not closed: expected \] before the end of the file$/);
    // `parameters: { inflow: [1, 2 }`: { at 13, [ at 23, } at 29
    expect(issuesOf(`${MINIMAL}parameters: { inflow: [1, 2 }\n`).text).toMatch(/:3:23 YAML syntax error: the \[ that opens a list here is not closed: expected \] before the \} at line 3, column 29$/);
    // `name: [a, b]]`: the second ] is column 13
    expect(issuesOf(`${MINIMAL}name: [a, b]]\n`).text).toMatch(/:3:13 YAML syntax error: this \] closes no \[: remove it, or add the \[ it should close$/);
  });

  it('a [ … ] closed on a line not indented further than its key: the line is named, not the bracket as unclosed', () => {
    // line 3 `name: [a,` (the [ at column 7), line 4 `b]` at column 1, then a key: the parser's cascade is not repeated.
    const { dir, text } = issuesOf(`${MINIMAL}name: [a,\nb]\ncity: dalian\n`);
    expect(text).toBe(
      `${join(dir, 's.yaml')}:4:1 YAML syntax error: this line continues the [ … ] opened at line 3, column 7 but is not indented further than its key: ` +
        'expected more spaces before it (or the whole list on one line)',
    );
    // Over two lines, closed on the second.
    expect(issuesOf(`${MINIMAL}parameters: { tfr_urban_hukou: 1.1,\ntfr_rural_hukou: 1.4,\n  tfr_migrant: 1.2 }\n`).text).toMatch(/:4:1 YAML syntax error: this line continues the \{ … \} opened at line 3, column 13 /);
  });

  it('an unclosed quote, a tab, a repeated key', () => {
    // `name: "dalian`: the quote is column 7
    expect(issuesOf(`${MINIMAL}name: "dalian\ncity: dalian\n`).text).toMatch(/:3:7 YAML syntax error: the " that opens a quoted text here is not closed: expected a closing " \(the file ends inside the quotes\)$/);
    expect(issuesOf(`${MINIMAL}parameters:\n\ttfr: 1.2\n`).text).toMatch(/:4:1 YAML syntax error: this line is indented with a tab: expected spaces/);
    expect(issuesOf(`name: a\n${MINIMAL}name: b\n`).text).toMatch(/:4:1 YAML syntax error: the key "name" is written twice in one mapping \(first on line 1\): expected each key once$/);
  });

  it('brackets inside quotes, comments and plain text, and a { … } over indented lines, are not errors', () => {
    const issues = validateScenario(join(writeScenarios({ 's.yaml': `${MINIMAL}name: a{b # [\ndescription: "}" \nparameters: {\n  tfr: 1.2 }\n` }), 's.yaml'));
    // What is left is the scenario's own problems (a name with a brace, unknown keys), none of them YAML's.
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.filter((i) => /YAML/.test(i.message))).toEqual([]);
  });

  it('beside another YAML error (a tab), brackets and quotes in quotes, comments, plain text and a block scalar are still not taken for errors', () => {
    // The scan runs only when the parser found an error: only the tab, line 11, is one.
    const text = `${MINIMAL}name: a{b # [\ndescription: "}" \nnote: |\n  { not a mapping\n  "not a quote\n\n  [ nor a list\nextra: 'it''s ['\n\tparameters: {}\n`;
    expect(issuesOf(text).text).toMatch(/^\S+:11:1 YAML syntax error: this line is indented with a tab: expected spaces[^\n]*$/);
  });

  it('a full-width colon ：, or a colon with no space after it, is named on its own line, without the cascade of indentation errors after it', () => {
    // line 3 `parameters:`, line 4 `  tfr_urban_hukou： 1.1` (the ： at column 18: 2 spaces, 15 letters), line 5 `  tfr_rural_hukou: 1.4`.
    const full = issuesOf(`${MINIMAL}parameters:\n  tfr_urban_hukou： 1.1\n  tfr_rural_hukou: 1.4\n  inflow: 10万\n`);
    expect(full.text).toBe(
      `${join(full.dir, 's.yaml')}:4:18 YAML syntax error: the key \`tfr_urban_hukou\` is followed by a full-width colon ： (as a Chinese input method types it): ` +
        'expected the colon : and a space, `tfr_urban_hukou: 1.1`',
    );
    // `inflow:10万` on line 5 (the colon at column 9), the last key of its mapping; a comment after the value is not shown.
    const tight = issuesOf(`${MINIMAL}parameters:\n  tfr_urban_hukou: 1.1\n  inflow:10万   # arrivals\nname: x\n`);
    expect(tight.text).toBe(
      `${join(tight.dir, 's.yaml')}:5:9 YAML syntax error: the key \`inflow\` is followed by a colon with no space after it, so YAML reads the line as one text: ` +
        'expected a space after the colon, `inflow: 10万`',
    );
    // A top-level key: line 3 `name： dalian`, the ： at column 5.
    expect(issuesOf(`${MINIMAL}name： dalian\ncity: dalian\n`).text).toMatch(/:3:5 YAML syntax error: the key `name` is followed by a full-width colon ： .*`name: dalian`$/);
    // Beside another error (a tab on line 7), `a:b` inside a block scalar or a comment, and `key:` opening a mapping, are not taken for one.
    const other = issuesOf(`${MINIMAL}note: |\n  ratio:2 of 3\n# see:this\nparameters:\n\ttfr: 1.2\n`);
    expect(other.text).toMatch(/^\S+:7:1 YAML syntax error: this line is indented with a tab: expected spaces[^\n]*$/);
  });

  it('urbsim validate and run: exit code 2, file:line:column, no stack trace', async () => {
    const { dir } = issuesOf(`${MINIMAL}parameters: { tfr: 1.2\nname: dalian\n`);
    for (const command of ['validate', 'run']) {
      const r = await cli([command, join(dir, 's.yaml'), ...(command === 'run' ? ['--out', join(dir, 'out')] : [])]);
      expectInputError(r, `${join(dir, 's.yaml')}:3:13 YAML syntax error: the { that opens a mapping here is not closed`);
    }
  });
});
