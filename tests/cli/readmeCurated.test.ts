import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printedBy } from '../helpers/readmeBlock.ts';

// README's table of the hand-curated scenarios gives, in its last column, figures of `urbsim run FILE --runs 300` for
// each file (and its variants), and nothing held them to what the command prints. Each row's figures with a decimal
// (`95.0 %`; a target's threshold, `60 %`, has none) are compared, in README's order, with the lines of the output
// named here by hand: a target's P(met) or a year's p50. The command is read from the column's header (so editing
// README is what this checks), run as the CLI runs it but into a temporary folder.
const readme = readFileSync('README.md', 'utf8');

/** P(met) printed on the target line that starts with `label`. */
const P = (out: string, label: string) => field(out, label, 0);
/** The p50 printed on the year's line of a metric (`2020  resident_rate   p10  p50  p90`). */
const p50 = (out: string, year: number, metric: string) => field(out, `${year}  ${metric} `, 1);
function field(out: string, start: string, k: number): string {
  const line = out.split('\n').find((l) => l.startsWith(start));
  expect(line, `a line starting '${start}'`).toBeDefined();
  return [...line!.slice(start.length).matchAll(/(\d+\.\d)%/g)][k][1];
}

// Per row: the files it runs, and the figures README gives from their outputs, in README's order.
const ROWS: { row: string; files: string[]; figures: (o: string[]) => string[] }[] = [
  { row: 'national.yaml', files: ['national'], figures: ([o]) => [P(o, 'resident_rate ≥ 60.0% in 2020'), P(o, 'registered_rate ≥ 45.0% in 2020'), p50(o, 2020, 'resident_rate'), p50(o, 2020, 'registered_rate')] },
  { row: 'national-2013.yaml', files: ['national-2013'], figures: ([o]) => [P(o, 'resident_rate ≥ 60.0% in 2020'), P(o, 'registered_rate ≥ 45.0% in 2020'), p50(o, 2020, 'resident_rate'), p50(o, 2020, 'registered_rate')] },
  { row: 'jiangsu.yaml', files: ['jiangsu', 'jiangsu-reclass'], figures: ([o, r]) => [P(o, 'registered_rate ≥ 67.0% in 2020'), P(r, 'registered_rate ≥ 67.0% in 2020')] },
  { row: 'qingdao.yaml', files: ['qingdao', 'qingdao-open'], figures: ([o, r]) => [P(o, 'all targets jointly'), P(r, 'all targets jointly')] },
  { row: 'chongqing.yaml', files: ['chongqing', 'chongqing-land-exit'], figures: ([o, r]) => [P(o, 'settled_local ≥ 16.2万 in 2016'), P(r, 'settled_local ≥ 16.2万 in 2016')] },
  { row: 'zhengzhou.yaml', files: ['zhengzhou'], figures: ([o]) => [P(o, 'migrant_children_public_share ≥ 60.0% in 2011'), P(o, 'migrant_children_public_share ≥ 80.0% in 2012')] },
  { row: 'changshu.yaml', files: ['changshu'], figures: ([o]) => [p50(o, 2020, 'resident_rate'), p50(o, 2020, 'registered_rate')] },
];

describe("README's table of the hand-curated scenarios", () => {
  const header = /^\| file \| area, base → end \| what it asks \| [^|]*\(`urbsim (run FILE [^`]+)`\) \|$/m.exec(readme);

  it('names its command in the last column\'s header', () => expect(header).not.toBeNull());

  for (const { row, files, figures } of ROWS) {
    it(`row ${row}: its figures are what the command prints for ${files.join(', ')}`, async () => {
      const line = readme.split('\n').find((l) => l.startsWith(`| \`${row}\``));
      expect(line, `README's row of ${row}`).toBeDefined();
      const cell = line!.split('|').at(-2)!;
      const outs = [];
      for (const f of files) outs.push((await printedBy(header![1].replace('FILE', `scenarios/${f}.yaml`))).out);
      expect([...cell.matchAll(/(\d+\.\d) %/g)].map((m) => m[1])).toEqual(figures(outs));
      if (row === 'qingdao.yaml') {
        // "(2020 registered median +0.1 point)": the variant's printed median less the file's
        const d = Number(p50(outs[1], 2020, 'registered_rate')) - Number(p50(outs[0], 2020, 'registered_rate'));
        expect(cell).toContain(`median ${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(1)} point`);
      }
    }, 120_000);
  }
});
