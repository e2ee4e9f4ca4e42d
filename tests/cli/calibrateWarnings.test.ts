import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

// urbsim run, batch, compare, solve, sensitivity and validate say a scenario's warnings before they run it; calibrate and
// backtest said none: Dalian with its change of count rewritten to 2040 (after its end year, 2035) was fitted to its
// 2015 registered rate as if no change came, without a word (2026-12-05, main f926b71). Dalian's scenario runs
// 2013–2035 (scenarios/dalian.yaml:11), Shijiazhuang's back-test 2013–2016 (scenarios/shijiazhuang-backtest.yaml:11):
// the years to give run from 2014 to the end year. The texts are written out here.
const late = (end: number) =>
  `uncertainty.registered_break: its year 2040 lies after the end year ${end}, so the change of count never happens within the projection and changes nothing; ` +
  `give years from 2014 to ${end}, or remove it (registered_break: none)`;

describe('urbsim calibrate and backtest say the scenario\'s warnings as urbsim run does', () => {
  const root = mkdtempSync(join(tmpdir(), 'urbsim-cal-warn-'));
  const lateFile = (base: string) => {
    const file = join(root, `${base}-late.yaml`);
    writeFileSync(file, `extends: ${resolve(`scenarios/${base}.yaml`)}\nname: ${base}-late\nuncertainty: { registered_break: { years: [2040], share: { min: 0, max: 1 } } }\n`);
    return file;
  };

  it.each([
    ['calibrate', 'dalian', 2035, []],
    ['backtest', 'shijiazhuang-backtest', 2016, ['--until', '2014']],
  ])('%s %s: the change of count written after the end year, on standard error, once', async (command, base, end, more) => {
    const file = lateFile(base);
    const r = await cli([command, file, '--observed', 'data/observed/observed.csv', '--runs', '60', '--out', join(root, command), ...more]);
    expect(r.code, r.err).toBe(0);
    expect(r.err.split('\n').filter((l) => l.startsWith('urbsim: warning: '))).toEqual([`urbsim: warning: ${file}: ${late(end)}`]);
  }, 120_000);

  it("Dalian's own scenario (its default change of count): none", async () => {
    const r = await cli(['calibrate', 'scenarios/dalian.yaml', '--observed', 'data/observed/observed.csv', '--runs', '60', '--out', join(root, 'dalian')]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('urbsim: warning:');
  }, 120_000);
});
