import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeholderWarning } from '../../src/scenario/placeholderWarning.ts';
import { cli } from '../helpers/cli.ts';
import { MINIMAL, writeScenarios } from './tempScenarios.ts';

// Lines counted by hand in each file below (line 1 is the file's first).
const dir = writeScenarios({
  'clean.yaml': `${MINIMAL}`,
  // Line 1: a commented-out line naming YOURS (not a value); line 2: years marked; line 4: a value marked PLACEHOLDER.
  'marked.yaml': [
    '# migrant_pop: 25万   # YOURS if known',
    'years: { start: 2013, end: 2020 }   # YOURS: the year of the baseline figures',
    'baseline:',
    '  resident_pop: 691.8万   # PLACEHOLDER, not in the seeds',
    '  registered_pop: 591.4万',
    '  resident_rate: 68.5%',
    '  registered_rate: 63.1%',
    '',
  ].join('\n'),
  // MINIMAL is 2 lines: `targets:` is line 3, the target line 4.
  // A target whose source still reads "YOURS", and a child that extends the marked file.
  'source.yaml': `${MINIMAL}targets:\n  - { metric: resident_rate, year: 2020, op: ">=", value: 65%, source: "YOURS: the plan and its page" }\n`,
  'child.yaml': 'extends: marked.yaml\nname: child\n',
  // YOURS inside a word, or after text that is not a comment, is not a mark.
  'words.yaml': `${MINIMAL.replace(/^years: (.*)$/m, 'years: $1   # not YOURSELF, nor a YOURS-less note')}`,
});

describe('placeholderWarning', () => {
  it('none in a file without marks', () => {
    expect(placeholderWarning(join(dir, 'clean.yaml'))).toBeUndefined();
    expect(placeholderWarning(join(dir, 'words.yaml'))).toBeUndefined();
  });

  it('names each marked value line by file and line; a commented-out line is not a value', () => {
    const w = placeholderWarning(join(dir, 'marked.yaml'))!;
    expect(w.kind).toBe('placeholder');
    expect(w.message).toMatch(/^2 lines are still marked as placeholders \(.*marked\.yaml:2, 4\): every result rests on them/);
    expect(w.message).toContain('delete the YOURS or PLACEHOLDER mark');
  });

  it('a source still reading "YOURS" is a mark; a parent\'s marks are named under the parent', () => {
    expect(placeholderWarning(join(dir, 'source.yaml'))!.message).toMatch(/^1 line is still marked as a placeholder \(.*source\.yaml:4\): every result rests on it; replace it with your city's figure/); // 'placeholders', 'them', 'each' of one line
    expect(placeholderWarning(join(dir, 'child.yaml'))!.message).toMatch(/^2 lines are still marked as placeholders \([^;]*marked\.yaml:2, 4\)/);
  });

  it('urbsim validate says the file is valid, and warns on standard error (exit 0)', async () => {
    const r = await cli(['validate', join(dir, 'marked.yaml')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('marked.yaml: ok');
    expect(r.err).toMatch(/urbsim: warning: .*marked\.yaml: 2 lines are still marked as placeholders/);
    const clean = await cli(['validate', join(dir, 'clean.yaml')]);
    expect(clean.err).not.toContain('placeholders');
  });

  it('the blank template urbsim init writes is all marks until edited', async () => {
    const file = join(dir, 'blank.yaml');
    expect((await cli(['init', '--blank', '--out', file])).code).toBe(0);
    // The template's value lines with YOURS: years, the definition, 4 baseline figures, the 2 targets and the plan's
    // entry (see src/batch/initScenario.ts); not the keys `targets:` and `settlement_plan:`, which only open their lists.
    expect(placeholderWarning(file)!.message).toMatch(/^9 lines are still marked as placeholders/);
  });

  it('a key that only opens a block is no placeholder: filled-in entries under a marked targets: leave no warning', () => {
    // The blank template's targets and plan with their entries' figures and sources filled in, their keys' comments
    // left as written: it warned "2 lines are still marked as placeholders (…:3, 5)".
    const filled = writeScenarios({
      'filled.yaml': [
        ...MINIMAL.trimEnd().split('\n'),
        "targets:   # YOURS: the plan's targets, each with its source",
        '  - { metric: resident_rate, year: 2020, op: ">=", value: 65%, source: "plan p. 3" }',
        'settlement_plan:   # YOURS: people the plan promises to settle (落户) by a year, cumulative',
        '  - { year: 2020, persons: 10万, kind: total, source: "plan p. 4" }',
        '',
      ].join('\n'),
      // The same keys with an entry still marked: only that entry's line (MINIMAL's 2 lines, then targets: on 3).
      'half.yaml': [
        ...MINIMAL.trimEnd().split('\n'),
        "targets:   # YOURS: the plan's targets, each with its source",
        '  - { metric: resident_rate, year: 2020, op: ">=", value: 65%, source: "YOURS: the plan and its page" }',
        '',
      ].join('\n'),
    });
    expect(placeholderWarning(join(filled, 'filled.yaml'))).toBeUndefined();
    expect(placeholderWarning(join(filled, 'half.yaml'))!.message).toMatch(/^1 line is still marked as a placeholder \(.*half\.yaml:4\)/);
  });
});
