import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

// Luoyang's pilot against itself with the change of count held at none. By hand (scenarios/pilots/luoyang.yaml): its
// registered targets rest on defaults (the conversion and the local take-up are the pooled laws: †) and on the change
// of count of 2015, its unification year (§); the variant keeps the † (the same laws) and loses the §. Targets in the
// file's order: registered 2017, resident 2017, registered 2020, resident 2020, then all jointly; the reference's rows
// first, then the variant's.
describe('urbsim compare marks † and § by each variant\'s own scenario', () => {
  const root = mkdtempSync(join(tmpdir(), 'urbsim-cmp-marks-'));
  let r: { code: number; out: string; err: string };
  beforeAll(async () => {
    const file = join(root, 'luoyang-nobreak.yaml');
    writeFileSync(file, `extends: ${resolve('scenarios/pilots/luoyang.yaml')}\nname: luoyang-nobreak\nuncertainty: { registered_break: none }\n`);
    r = await cli(['compare', 'scenarios/pilots/luoyang.yaml', file, '--runs', '20', '--out', join(root, 'cmp')]);
  }, 120_000);

  it('in compare-targets.arrow: on_defaults and on_break per variant, null on the joint rows', () => {
    expect(r.code, r.err).toBe(0);
    const t = tableFromIPC(readFileSync(join(root, 'cmp', 'compare-targets.arrow')));
    expect([...t.getChild('scenario')!].map(String)).toEqual([...Array(5).fill('luoyang'), ...Array(5).fill('luoyang-nobreak')]);
    expect([...t.getChild('on_defaults')!]).toEqual([true, false, true, false, null, true, false, true, false, null]);
    expect([...t.getChild('on_break')!]).toEqual([true, false, true, false, null, false, false, false, false, null]);
  });

  it("in the printed table, at each line's end, with both notes under it", () => {
    const table = r.out.slice(r.out.indexOf('\ntargets: '), r.out.indexOf('\npaired differences'));
    const rows = table.split('\n').filter((l) => /\bluoyang(-nobreak)?\s+\d/.test(l));
    expect(rows).toHaveLength(10);
    // Grouped by target: registered 2017 (reference, variant), resident 2017 (…), registered 2020, resident 2020, all.
    const ends = rows.map((l) => (l.endsWith(' † §') ? '†§' : l.endsWith(' †') ? '†' : ''));
    expect(ends).toEqual(['†§', '†', '', '', '†§', '†', '', '', '', '']);
    expect(table).toContain('\n† the probability rests mainly on defaults');
    expect(table).toContain("\n§ the probability rests on an assumed change of the registered count's definition");
  });
});
