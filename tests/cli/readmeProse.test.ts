import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { printedBy } from '../helpers/readmeBlock.ts';

// Figures README gives in its text from a command it names there: the generated pilot of Dalian, the blank template,
// Dongguan's points cut-off alone. One of them (the template's 2030 p90) had been written from a run that its stated
// commit does not reproduce, with nothing failing. Each claim is found in README by its words, the command with it (so
// editing README is what this checks), and its figures compared with what the command prints, run as the CLI runs it
// but into a temporary folder.
const readme = readFileSync('README.md', 'utf8').replace(/\s+/g, ' ');
function claim(re: RegExp): string[] {
  const m = re.exec(readme);
  expect(m, `README: ${re.source}`).not.toBeNull();
  return m!.slice(1);
}
/** The `k`th figure with a decimal (`12.6%`, `5.8万`) after `start` on the first line starting with it. */
function fig(out: string, start: string, k = 0): string {
  const line = out.split('\n').find((l) => l.startsWith(start));
  expect(line, `a line starting '${start}'`).toBeDefined();
  return [...line!.slice(start.length).matchAll(/(\d+\.\d+)(?:%|万)/g)][k][1];
}

describe('figures README gives in its text from a command it names', () => {
  it("the generated pilot of Dalian: its 2020 resident target and all targets jointly ('One city, two files')", async () => {
    const [resident, joint, command] = claim(/the 2020 resident target (\d+\.\d) % and all targets jointly (\d+\.\d) % \(`urbsim (run scenarios\/pilots\/dalian\.yaml)`, 1,000 runs/);
    const out = (await printedBy(command)).out;
    expect([resident, joint]).toEqual([fig(out, 'resident_rate ≥ 75.6% in 2020'), fig(out, 'all targets jointly')]);
  }, 120_000);

  it("the blank template's 2030 resident rate, p10–p90 (Starting a scenario)", async () => {
    const [command, p10, p90] = claim(/\(`urbsim (run my-city\.yaml --runs 200)`: 2030 resident rate p10–p90 (\d+\.\d)–(\d+\.\d) %/);
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-readme-blank-'));
    const init = await cli(['init', '--blank', '--out', join(dir, 'my-city.yaml')]);
    expect(init.code, init.err).toBe(0);
    const out = (await printedBy(command.replace('my-city.yaml', join(dir, 'my-city.yaml')))).out;
    expect([p10, p90]).toEqual([fig(out, '2030  resident_rate ', 0), fig(out, '2030  resident_rate ', 2)]);
  }, 120_000);

  it("Dongguan's points cut-off alone for its 2017 registered target, over 0..130 and over the key's bounds (Which lever value)", async () => {
    const [command, ...shown] = claim(
      /`urbsim (solve scenarios\/dongguan\.yaml --lever points_cutoff=0\.\.130 --target registered_rate@2017 --probability 80% --workers 2)`, [^:]*: (\d+\.\d), P = (\d+\.\d) % \((\d+\.\d)–(\d+\.\d) %\), every value from (\d+\.\d) to (\d+\.\d) within sampling error of 80 %; (\d+\.\d) % at 0, where every migrant is eligible and (\d+\.\d)万 settle a year; (\d+\.\d) % at 130; without a range, the key's bounds 0 to 10000: 0, P = (\d+\.\d) %, (\d+\.\d) % at 100, (\d+\.\d) % at 10000\)/,
    );
    const ranged = (await printedBy(command)).out;
    const answer = /: (\d+\.\d) \(P = (\d+\.\d)%, 95% interval (\d+\.\d)%–(\d+\.\d)%/.exec(ranged.split('\n').find((l) => l.startsWith('largest points_cutoff'))!)!;
    const within = ranged.split('\n').find((l) => l.startsWith('within sampling error'))!.replace(/^[^:]*: /, '').split(/, |;/);
    const whole = (await printedBy(command.replace('points_cutoff=0..130', 'points_cutoff'))).out;
    expect(whole).toContain('range 0 to 10000, the key\'s bounds');
    expect(shown).toEqual([
      ...answer.slice(1), within[0], within.at(-2),
      fig(ranged, '0 '), fig(ranged, '0 ', 3), fig(ranged, '130 '),
      fig(whole, '0 '), fig(whole, '100 '), fig(whole, '10000 '),
    ]);
  }, 180_000);
});
