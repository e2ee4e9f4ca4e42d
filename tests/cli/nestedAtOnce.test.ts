import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openOutputFolder } from '../../src/io/outputFolder.ts';
import { cli, expectInputError } from '../helpers/cli.ts';
import { writeScenarios } from '../scenario/tempScenarios.ts';

// Two writers at once, one --out inside the other's. Before, each looked only at what was committed:
// - `run a --out par` under way (par not yet there), `run b --out par/sub` was let through and committed par/sub; a's
//   runs, all done, were then refused at a's commit (par holds another output folder): measured with 30,000 runs of
//   scenarios/dalian.yaml, 'A rc=2' after its last run, par left holding b's output only;
// - `run b --out par/sub` under way (its staging and lock in par/.urbsim/), `run a --out par` was let through and
//   replaced par, par/.urbsim with it: b, all runs done, then failed with 'cannot write par/sub: no such file'.
// Now the second writer is refused when it opens, exit 2, naming the folder, the process writing and what to do.
const body = (name: string) =>
  `name: ${name}\ncity: dalian\nyears: { start: 2013, end: 2016 }\n` +
  'parameters: { inflow: { dist: uniform, min: 10万, max: 30万 }, migrant_settle_rate: { dist: uniform, min: 2%, max: 8% } }\n' +
  'uncertainty: { hukou_conversion: none }\ntargets: []\nmonte_carlo: { runs: 20, seed: 3 }\n';
const files = () => writeScenarios({ 'a.yaml': body('a'), 'b.yaml': body('b') });
const since = /since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/;

describe('an --out inside a folder another urbsim process is writing, or around one', () => {
  it('par being written (as a whole): run --out par/sub refused, nothing made; par then commits', async () => {
    const dir = files();
    const par = join(dir, 'par');
    const sub = join(par, 'sub');
    const outer = openOutputFolder(par, { command: 'urbsim run', scenarioFile: join(dir, 'a.yaml'), kind: 'run' });
    try {
      outer.writeFile('meta.json', '{}');
      const r = await cli(['run', join(dir, 'b.yaml'), '--out', sub]);
      expectInputError(r, `urbsim: ${sub}: is inside ${par}, which another urbsim process is writing (pid ${process.pid}, urbsim run, since `);
      expect(r.err).toMatch(since);
      expect(r.err).toContain(
        `) to replace it as a whole when done: its output would delete ${sub}, or ${sub} stop it from being written; choose a folder outside ${par}\n`,
      );
      expect(existsSync(par)).toBe(false);
      outer.commit();
    } finally {
      outer.close();
    }
    expect(readdirSync(par).sort()).toEqual(['manifest.json', 'meta.json']);
  }, 60_000);

  it('par/sub being written: run --out par refused, par/sub\'s writer left alone; it then commits', async () => {
    const dir = files();
    const par = join(dir, 'par');
    const sub = join(par, 'sub');
    const inner = openOutputFolder(sub, { command: 'urbsim run', scenarioFile: join(dir, 'b.yaml'), kind: 'run' });
    try {
      inner.writeFile('meta.json', '{"b":1}');
      const r = await cli(['run', join(dir, 'a.yaml'), '--out', par]);
      expectInputError(r, `urbsim: ${par}: holds ${sub}, which another urbsim process is writing (pid ${process.pid}, urbsim run, since `);
      expect(r.err).toMatch(since);
      expect(r.err).toContain(
        `); urbsim replaces its output folder as a whole, so that output would be lost with it: wait for it to finish and move ${sub} out of ${par}, or choose another output folder\n`,
      );
      expect(readdirSync(par)).toEqual(['.urbsim']);
      inner.commit();
    } finally {
      inner.close();
    }
    expect(readdirSync(par)).toEqual(['sub']);
    expect(readFileSync(join(sub, 'meta.json'), 'utf8')).toBe('{"b":1}');
  }, 60_000);
});
