import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { formatIssues, loadScenario, validateScenario } from '../../src/scenario/api.ts';
import { MINIMAL, writeScenarios } from './tempScenarios.ts';

const PARENT = `${MINIMAL}name: parent
variables:
  growth: { dist: normal, mean: 2%, sd: 1% }
parameters:
  inflow: "20万 * (1 + growth) ^ t"
  migrant_settle_rate: { dist: normal, mean: 5%, sd: 1%, lower: 0, upper: 20% }
  local_settle_rate: 4%
  e0_female: 80
targets:
  - { metric: resident_rate, year: 2020, value: 75.6% }
  - { metric: registered_rate, year: 2020, value: 72.5% }
monte_carlo: { runs: 500, seed: 7 }
`;

describe('extends: merging', () => {
  it('overrides the keys a variant names and inherits the rest', () => {
    const dir = writeScenarios({
      'parent.yaml': PARENT,
      'variant.yaml': 'extends: parent.yaml\nparameters:\n  local_settle_rate: 8%\nmonte_carlo: { runs: 50 }\n',
    });
    const s = loadScenario(join(dir, 'variant.yaml'));
    expect(s.files.map((f) => f.split('/').at(-1))).toEqual(['variant.yaml', 'parent.yaml']);
    expect(s.parameters.local_settle_rate).toEqual({ kind: 'number', value: 0.08 });
    expect(s.parameters.inflow).toEqual({ kind: 'expr', text: '20万 * (1 + growth) ^ t', symbols: ['growth', 't'] });
    expect(s.parameters.e0_female).toEqual({ kind: 'number', value: 80 });
    expect(s.variables.growth).toEqual({ kind: 'dist', spec: { dist: 'normal', mean: 0.02, sd: 0.01 } });
    expect(s.monteCarlo).toEqual({ runs: 50, seed: 7, sampler: 'lhs' });
    expect(s.targets).toHaveLength(2);
  });

  it('is named after its own file, not its parent', () => {
    const dir = writeScenarios({ 'parent.yaml': PARENT, 'open-variant.yaml': 'extends: parent.yaml\n', 'named.yaml': 'extends: parent.yaml\nname: my-name\n' });
    expect(loadScenario(join(dir, 'open-variant.yaml')).name).toBe('open-variant');
    expect(loadScenario(join(dir, 'named.yaml')).name).toBe('my-name');
    expect(loadScenario(join(dir, 'parent.yaml')).name).toBe('parent');
  });

  it('replaces a distribution as a whole, but a mapping without dist changes only its keys', () => {
    const dir = writeScenarios({
      'parent.yaml': PARENT,
      'swap.yaml': 'extends: parent.yaml\nparameters:\n  migrant_settle_rate: { dist: uniform, min: 8%, max: 15% }\n',
      'widen.yaml': 'extends: parent.yaml\nparameters:\n  migrant_settle_rate: { sd: 3% }\n',
      'fix.yaml': 'extends: parent.yaml\nparameters:\n  migrant_settle_rate: 6%\n',
    });
    expect(loadScenario(join(dir, 'swap.yaml')).parameters.migrant_settle_rate).toEqual({ kind: 'dist', spec: { dist: 'uniform', min: 0.08, max: 0.15 } });
    expect(loadScenario(join(dir, 'widen.yaml')).parameters.migrant_settle_rate).toEqual({ kind: 'dist', spec: { dist: 'normal', mean: 0.05, sd: 0.03, lower: 0, upper: 0.2 } });
    expect(loadScenario(join(dir, 'fix.yaml')).parameters.migrant_settle_rate).toEqual({ kind: 'number', value: 0.06 });
  });

  it('replaces lists as a whole, and a key set to nothing brings back the default', () => {
    const dir = writeScenarios({
      'parent.yaml': PARENT,
      'v.yaml': 'extends: parent.yaml\ntargets:\n  - { metric: resident_rate, year: 2018, value: 73% }\nparameters:\n  e0_female:\n  local_settle_rate: null\n',
    });
    const s = loadScenario(join(dir, 'v.yaml'));
    expect(s.targets.map((t) => t.id)).toEqual(['resident_rate>=0.73@2018']);
    expect(s.parameters.e0_female).toEqual({ kind: 'number', value: 79 });
    expect(s.parameters.local_settle_rate).toEqual({ kind: 'number', value: 0.03 });
  });

  // An empty key is removed by the merge before the structure is checked: an unknown one vanished without a word, so a
  // misspelt key meant to bring back the default, or a key typed with a full-width colon (YAML reads `a： 1` as the
  // key "a： 1" with no value), left the parent's value in place and validated "ok".
  it.each([
    ['a misspelt key left empty', 'parameters:\n  local_setle_rate: ~\n', 'v.yaml:4:3', 'parameters.local_setle_rate', 'unknown key `local_setle_rate`, did you mean `local_settle_rate`?'],
    ['a full-width colon in a { … } of parameters', 'parameters: { local_settle_rate： 9% }\n', 'v.yaml:3:15', 'parameters.local_settle_rate： 9%',
      'unknown key `local_settle_rate： 9%`, did you mean `local_settle_rate`? (the full-width colon ： is not YAML\'s: write `local_settle_rate: 9%` with an ASCII colon and a space)'],
    ['a full-width colon in monte_carlo', 'monte_carlo: { runs: 50, seed：8 }\n', 'v.yaml:3:26', 'monte_carlo.seed：8', 'unknown key `seed：8`, did you mean `seed`?'],
    ['an empty unknown key at the top', 'monte_carl:\n', 'v.yaml:3:1', 'monte_carl', 'unknown key `monte_carl`, did you mean `monte_carlo`?'],
  ])('an unknown key left empty is an error at its line, not dropped: %s', (_, text, at, path, message) => {
    const dir = writeScenarios({ 'parent.yaml': PARENT, 'v.yaml': `extends: parent.yaml\nname: v\n${text}` });
    const issues = validateScenario(join(dir, 'v.yaml'));
    const shown = formatIssues(issues);
    expect(issues.map((i) => i.path)).toEqual([path]);
    expect(shown).toContain(`${at} ${path}: ${message}`);
  });

  it('an empty key the scenario knows, or under variables, is still removed without a word', () => {
    const dir = writeScenarios({
      'parent.yaml': PARENT,
      'v.yaml': 'extends: parent.yaml\nparameters: { e0_female: ~ }\nvariables: { unused: ~ }\nmonte_carlo: { seed: ~ }\nyears: { end: 2020 }\nparameters2: ~\n',
    });
    expect(formatIssues(validateScenario(join(dir, 'v.yaml')))).toMatch(/parameters2: unknown key `parameters2`, did you mean `parameters`\?$/);
  });

  // With the city named, a baseline figure is missing only where a file empties it (which removes the city's value
  // too); the message said "or name a city", one already named.
  it('a baseline a variant empties over a named city: said as emptied, not "name a city"', () => {
    const dir = writeScenarios({
      'city.yaml': 'name: c\ncity: dalian\nyears: { start: 2013, end: 2016 }\n',
      'all.yaml': 'extends: city.yaml\nname: all\nbaseline: ~\n',
      'one.yaml': 'extends: city.yaml\nname: one\nbaseline: { resident_pop: ~ }\n',
      'none.yaml': 'name: none\nyears: { start: 2013, end: 2020 }\nbaseline: { registered_pop: 591.4万, resident_rate: 68.5%, registered_rate: 63.1% }\n',
    });
    expect(validateScenario(join(dir, 'city.yaml'))).toEqual([]);
    expect(formatIssues(validateScenario(join(dir, 'all.yaml')))).toMatch(
      /all\.yaml:\d+:\d+ baseline: expected the base-year figures resident_pop, registered_pop, resident_rate and registered_rate, found nothing \(a file of the scenario leaves baseline empty, which removes city dalian's too: write the figures, or delete the empty key\)$/,
    );
    expect(formatIssues(validateScenario(join(dir, 'one.yaml')))).toMatch(
      /one\.yaml:3:1 baseline\.resident_pop: expected a number of persons, found nothing \(a file of the scenario leaves resident_pop empty, which removes city dalian's too: write it, or delete the empty key\)$/,
    );
    // no city: as before
    expect(formatIssues(validateScenario(join(dir, 'none.yaml')))).toContain('found nothing (write it here, or name a city whose data has it)');
  });

  it('follows chains, each path relative to the file that names it', () => {
    const dir = writeScenarios({
      'base/parent.yaml': PARENT,
      'mid/middle.yaml': 'extends: ../base/parent.yaml\nparameters:\n  e0_female: 81\n',
      'leaf.yaml': 'extends: mid/middle.yaml\nparameters:\n  local_settle_rate: 9%\n',
    });
    const s = loadScenario(join(dir, 'leaf.yaml'));
    expect(s.files).toHaveLength(3);
    expect(s.parameters.e0_female).toEqual({ kind: 'number', value: 81 });
    expect(s.parameters.local_settle_rate).toEqual({ kind: 'number', value: 0.09 });
    expect(s.parameters.migrant_settle_rate.kind).toBe('dist');
    expect(s.targets[0].source).toBe('base/parent.yaml');
  });
});

describe('extends: problems', () => {
  it('names the files that extend the one at fault, nearest first, ending with the file loaded', () => {
    const dir = writeScenarios({
      'base.yaml': `${MINIMAL}parameters: { local_settle_rate: 140% }\n`,
      'mid.yaml': 'extends: base.yaml\n',
      'leaf.yaml': 'extends: mid.yaml\n',
    });
    const issues = validateScenario(join(dir, 'leaf.yaml'));
    expect(issues).toEqual([expect.objectContaining({ file: join(dir, 'base.yaml'), extendedBy: [join(dir, 'mid.yaml'), join(dir, 'leaf.yaml')] })]);
    expect(formatIssues(issues)).toMatch(new RegExp(`^.*base\\.yaml:3:\\d+ parameters\\.local_settle_rate: .* \\(extended by .*mid\\.yaml, which is extended by .*leaf\\.yaml\\)$`));
    // The file loaded itself needs no such note.
    expect(validateScenario(join(dir, 'base.yaml'))[0].extendedBy).toBeUndefined();
  });

  it('reports a cycle at the extends that closes it, naming the whole loop', () => {
    const dir = writeScenarios({ 'a.yaml': 'extends: b.yaml\n', 'b.yaml': 'extends: c.yaml\n', 'c.yaml': '# c\nextends: a.yaml\n' });
    const issues = validateScenario(join(dir, 'a.yaml'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: join(dir, 'c.yaml'), path: 'extends', line: 2, column: 10 });
    expect(issues[0].message).toBe(`extends cycle: ${['a', 'b', 'c', 'a'].map((f) => join(dir, `${f}.yaml`)).join(' → ')}`);
  });

  it('reports a file extending itself', () => {
    const dir = writeScenarios({ 'self.yaml': `${MINIMAL}extends: self.yaml\n` });
    expect(formatIssues(validateScenario(join(dir, 'self.yaml')))).toContain('3:10 extends: extends cycle');
  });

  it('reports a missing file in the file that names it, even in the middle of a chain', () => {
    const dir = writeScenarios({ 'leaf.yaml': 'extends: mid.yaml\n', 'mid.yaml': 'years: { start: 2013, end: 2020 }\nextends: gone.yaml\n' });
    const issues = validateScenario(join(dir, 'leaf.yaml'));
    expect(issues).toEqual([expect.objectContaining({ file: join(dir, 'mid.yaml'), line: 2, column: 10, message: `extends a missing file: ${join(dir, 'gone.yaml')}` })]);
  });

  it('says why a name extends nothing where it can: a URL, a space around a name that exists', () => {
    // It said 'extends a missing file: https:/example.com/x.yaml' (the URL read as a path) and '… own.yaml ' (the
    // space unseen at the end of the line).
    const dir = writeScenarios({ 'base.yaml': MINIMAL, 'url.yaml': 'extends: https://example.com/x.yaml\n', 'space.yaml': 'extends: "base.yaml "\n', 'lead.yaml': 'extends: " base.yaml"\n' });
    const message = (f: string) => validateScenario(join(dir, f)).map((i) => i.message);
    expect(message('url.yaml')).toEqual([`extends a missing file: ${join(dir, 'https:/example.com/x.yaml')} (a URL: extends takes the path of a file on this computer, relative to this file)`]);
    expect(message('space.yaml')).toEqual([`extends a missing file: ${join(dir, 'base.yaml ')} (the name ends with a space: did you mean "base.yaml"?)`]);
    expect(message('lead.yaml')).toEqual([`extends a missing file: ${join(dir, ' base.yaml')} (the name starts with a space: did you mean "base.yaml"?)`]);
  });

  it('reports YAML syntax errors in the file extended, with line and column', () => {
    const dir = writeScenarios({ 'leaf.yaml': 'extends: broken.yaml\n', 'broken.yaml': 'years: { start: 2013, end: 2020\nbaseline: 1\n' });
    const issues = validateScenario(join(dir, 'leaf.yaml'));
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0].file).toBe(join(dir, 'broken.yaml'));
    // Said where the unclosed { opens: `years: ` is 7 characters, so column 8 of line 1.
    expect(issues[0].message).toMatch(/^YAML syntax error: the \{ that opens a mapping here is not closed: expected \} before line 2/);
    expect([issues[0].line, issues[0].column]).toEqual([1, 8]);
  });

  it('reports a problem in the file that defines the key: the parent, unless the variant overrides it', () => {
    const bad = PARENT.replace('local_settle_rate: 4%', 'local_settle_rate: 140%');
    const dir = writeScenarios({ 'parent.yaml': bad, 'keeps.yaml': 'extends: parent.yaml\n', 'fixes.yaml': 'extends: parent.yaml\nparameters: { local_settle_rate: 4% }\n', 'breaks.yaml': 'extends: parent.yaml\nparameters:\n  e0_female: 140\n' });
    expect(validateScenario(join(dir, 'keeps.yaml'))).toEqual([expect.objectContaining({ file: join(dir, 'parent.yaml'), path: 'parameters.local_settle_rate', line: 9, column: 22 })]);
    expect(validateScenario(join(dir, 'fixes.yaml'))).toEqual([]);
    const both = validateScenario(join(dir, 'breaks.yaml'));
    expect(both.map((i) => [i.file, i.path, i.line, i.column])).toEqual([
      [join(dir, 'breaks.yaml'), 'parameters.e0_female', 3, 14],
      [join(dir, 'parent.yaml'), 'parameters.local_settle_rate', 9, 22],
    ]);
  });

  it('reports an unknown key in the file that has it', () => {
    const dir = writeScenarios({ 'parent.yaml': `${PARENT}colour: red\n`, 'v.yaml': 'extends: parent.yaml\nparameters:\n  inflw: 3\n' });
    const text = formatIssues(validateScenario(join(dir, 'v.yaml')));
    expect(text).toContain(`${join(dir, 'v.yaml')}:3:3 parameters.inflw: unknown key \`inflw\`, did you mean \`inflow\`?`);
    expect(text).toContain(`${join(dir, 'parent.yaml')}:15:1 colour: unknown key \`colour\``);
  });

  it('wants a file name after extends', () => {
    const dir = writeScenarios({ 'v.yaml': `${MINIMAL}extends: [a.yaml, b.yaml]\n` });
    expect(formatIssues(validateScenario(join(dir, 'v.yaml')))).toContain('3:10 extends: expected a file name, relative to this file, found a list of 2');
  });
});
