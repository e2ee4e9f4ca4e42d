import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../../src/cli/report.ts';
import { cli } from '../helpers/cli.ts';

const onBreak = (dir: string) => [...tableFromIPC(readFileSync(join(dir, 'targets.arrow'))).getChild('on_break')!];

// scenarios/pilots/luoyang.yaml, read by hand: registered_rate_definition hukou, no uncertainty: key (the defaults),
// data/areas gives Luoyang's unification in 2015 (src/model/README.md "Sources of uncertainty" 3), after its base year
// 2013: its change of count falls in 2015, before both target years. Its targets in the file's order: registered 2017,
// resident 2017, registered 2020, resident 2020; then the joint row. The registered ones rest on the change, the
// resident ones do not read the registry.
const LUOYANG = [true, false, true, false, null];

describe('urbsim run marks § the answers that rest on an assumed change of the registered count', () => {
  const root = mkdtempSync(join(tmpdir(), 'urbsim-break-'));
  let run: { code: number; out: string; err: string };
  beforeAll(async () => {
    run = await cli(['run', 'scenarios/pilots/luoyang.yaml', '--runs', '20', '--out', join(root, 'run')]);
  }, 60_000);

  it("writes on_break into the run's targets.arrow", () => {
    expect(run.code, run.err).toBe(0);
    expect(onBreak(join(root, 'run'))).toEqual(LUOYANG);
  });

  it('prints § after the † of the two registered targets, and its note under the table', () => {
    const line = (start: string) => run.out.split('\n').find((l) => l.startsWith(start))!;
    expect(line('registered_rate ≥ 34.6% in 2017')).toMatch(/ † §$/);
    expect(line('registered_rate ≥ 39.0% in 2020')).toMatch(/ † §$/);
    for (const l of ['resident_rate ≥ 53.6% in 2017', 'resident_rate ≥ 55.0% in 2020', 'all targets jointly']) expect(line(l)).not.toContain('§');
    expect(run.out).toContain("\n§ the probability rests on an assumed change of the registered count's definition: the scenario draws the 2014 hukou unification (uncertainty.registered_break)");
  });

  it("a batch of the same scenario marks the same targets: its combined table, the scenario's folder, reachability.md", async () => {
    const r = await cli(['batch', 'scenarios/pilots/luoyang.yaml', '--runs', '20', '--out', join(root, 'batch')]);
    expect(r.code, r.err).toBe(0);
    expect(onBreak(join(root, 'batch'))).toEqual(LUOYANG);
    expect(onBreak(join(root, 'batch', 'luoyang'))).toEqual(LUOYANG);
    const row = readFileSync(join(root, 'batch', 'reachability.md'), 'utf8').split('\n').find((l) => l.startsWith('| luoyang'))!.split(' | ');
    // Columns: area, resident 2017, registered 2017, resident 2020, registered 2020.
    // The marks follow the plain headline probability; a weighed answer comes after them in brackets.
    expect(row.slice(1, 5).map((c) => c.replace(/ \(weighed [\d.]+%(; rough, .*)?\)$/, '').endsWith(' † §'))).toEqual([false, true, false, true]);
    expect(row.slice(1, 5).map((c) => c.includes('§'))).toEqual([false, true, false, true]);
  }, 120_000);

  it('its report shows the same § and note, in English and Chinese', () => {
    for (const [lang, note] of [['en', '<p class="note">§ the probability rests on an assumed change of the registered count&#39;s definition'], ['zh', '<p class="note">§ 表示该概率取决于假定的户籍统计口径变化']] as const) {
      const html = readFileSync(reportCommand(join(root, 'run'), { format: 'html', lang, out: join(root, `report-${lang}`) })[0], 'utf8');
      const cells = [...html.matchAll(/<tr(?: class="joint")?><td>[^<]*<\/td><td class="num">([^<]*)<\/td>/g)].map((m) => m[1]);
      // The table's order: by year, resident before registered, the joint row last; † then §.
      expect(cells.map((c) => c.endsWith(' † §')), lang).toEqual([false, true, false, true, false]);
      expect(cells.filter((c) => c.includes('§')), lang).toHaveLength(2);
      expect(html, lang).toContain(note);
    }
  });

  it('marks nothing where the scenario holds the change of count at none', async () => {
    const file = join(root, 'luoyang-nobreak.yaml');
    writeFileSync(file, `extends: ${resolve('scenarios/pilots/luoyang.yaml')}\nname: luoyang-nobreak\nuncertainty: { registered_break: none }\n`);
    const r = await cli(['run', file, '--runs', '20', '--out', join(root, 'nobreak')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toContain('§');
    expect(onBreak(join(root, 'nobreak'))).toEqual([false, false, false, false, null]);
  }, 60_000);

  it('marks the curated Dalian\'s registered targets, which carry no †: the same default change of count (2015 or 2016)', async () => {
    const r = await cli(['run', 'scenarios/dalian.yaml', '--runs', '20', '--out', join(root, 'dalian')]);
    expect(r.code, r.err).toBe(0);
    // dalian.yaml's targets: registered 2017, resident 2017, registered 2020, resident 2020.
    expect(onBreak(join(root, 'dalian'))).toEqual([true, false, true, false, null]);
    expect(r.out).not.toContain('†');
    // Both tables: the plain one, then the one weighed by Dalian's 2015 registered rate (data/observed), marked alike.
    const lines = (start: string) => r.out.split('\n').filter((l) => l.startsWith(start));
    expect(r.out).toContain("weighed by dalian's own figure after its base year 2013");
    for (const l of ['registered_rate ≥ 67.0% in 2017', 'registered_rate ≥ 72.5% in 2020']) {
      expect(lines(l), l).toHaveLength(2);
      for (const x of lines(l)) expect(x).toMatch(/\d% §$/);
    }
    for (const l of ['resident_rate ≥ 71.4% in 2017', 'resident_rate ≥ 75.6% in 2020', 'all targets jointly']) {
      expect(lines(l), l).toHaveLength(2);
      for (const x of lines(l)) expect(x).toMatch(/\d%$/);
    }
  }, 60_000);

  it('a merge of two shards writes the same column', async () => {
    for (const k of [1, 2]) {
      const r = await cli(['run', 'scenarios/pilots/luoyang.yaml', '--runs', '20', '--shard', `${k}/2`, '--out', join(root, `shard${k}`)]);
      expect(r.code, r.err).toBe(0);
      expect(onBreak(join(root, `shard${k}`))).toEqual(LUOYANG);
    }
    const m = await cli(['merge', join(root, 'shard1'), join(root, 'shard2'), '--out', join(root, 'merged')]);
    expect(m.code, m.err).toBe(0);
    expect(onBreak(join(root, 'merged'))).toEqual(LUOYANG);
    expect(m.out).toMatch(/ † §\n/);
  }, 120_000);
});
