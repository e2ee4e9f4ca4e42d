import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../../src/cli/report.ts';
import { cli } from '../helpers/cli.ts';

const onDefaults = (dir: string) => [...tableFromIPC(readFileSync(join(dir, 'targets.arrow'))).getChild('on_defaults')!];

// scenarios/pilots/luoyang.yaml, read by hand: its hukou conversion is "pooled over 6 areas" and its local take-up
// "assumption: too few areas to fit (2), the fit's wide reference prior" — both paces that move a registered rate are
// the pooled defaults as they are, and it has no migrants' take-up of its own: its registered targets rest on defaults.
// Its urbanization pace and net migration take "this area's own figures": its resident targets do not. Its targets in
// the file's order: registered 2017 (34.6 %), resident 2017, registered 2020 (39.0 %), resident 2020; then the joint row.
const LUOYANG = [true, false, true, false, null];

describe('urbsim run marks the answers that rest on defaults as urbsim batch does', () => {
  const root = mkdtempSync(join(tmpdir(), 'urbsim-own-'));
  let run: { code: number; out: string; err: string };
  beforeAll(async () => {
    run = await cli(['run', 'scenarios/pilots/luoyang.yaml', '--runs', '20', '--out', join(root, 'run')]);
  }, 60_000);

  it("writes on_defaults into the run's targets.arrow", () => {
    expect(run.code, run.err).toBe(0);
    expect(onDefaults(join(root, 'run'))).toEqual(LUOYANG);
  });

  it('prints † after the two registered targets and the note under the table', () => {
    const line = (start: string) => run.out.split('\n').find((l) => l.startsWith(start))!;
    expect(line('registered_rate ≥ 34.6% in 2017')).toMatch(/ †( §)?$/);
    expect(line('registered_rate ≥ 39.0% in 2020')).toMatch(/ †( §)?$/);
    expect(line('resident_rate ≥ 53.6% in 2017')).not.toContain('†');
    expect(line('resident_rate ≥ 55.0% in 2020')).not.toContain('†');
    expect(line('all targets jointly')).not.toContain('†');
    expect(run.out).toContain('\n† the probability rests mainly on defaults: every pace that moves the figure (urbanization pace and net migration for resident figures; hukou conversion and settlement take-up for the registered rate) is the one pooled over other areas');
  });

  it("its report shows the same † and note, in English and Chinese", () => {
    for (const [lang, note] of [['en', '<p class="note">† the probability rests mainly on defaults'], ['zh', '<p class="note">† 表示该概率主要取决于默认参数']] as const) {
      const html = readFileSync(reportCommand(join(root, 'run'), { format: 'html', lang, out: join(root, `report-${lang}`) })[0], 'utf8');
      const cells = [...html.matchAll(/<tr(?: class="joint")?><td>[^<]*<\/td><td class="num">([^<]*)<\/td>/g)].map((m) => / †( §)?$/.test(m[1]));
      // The table's order: by year, resident before registered, the joint row last.
      expect(cells, lang).toEqual([false, true, false, true, false]);
      expect(html, lang).toContain(note);
    }
  });

  it("a batch of the same scenario marks the same targets, in its combined table and in the scenario's folder", async () => {
    const r = await cli(['batch', 'scenarios/pilots/luoyang.yaml', '--runs', '20', '--out', join(root, 'batch')]);
    expect(r.code, r.err).toBe(0);
    expect(onDefaults(join(root, 'batch'))).toEqual(LUOYANG);
    expect(onDefaults(join(root, 'batch', 'luoyang'))).toEqual(LUOYANG);
  }, 120_000);

  it('marks nothing where the scenario sets what drives its targets (the curated Dalian: its own net migration and take-up)', async () => {
    const r = await cli(['run', 'scenarios/dalian.yaml', '--runs', '20', '--out', join(root, 'dalian')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toContain('†');
    // Four targets and the joint row.
    expect(onDefaults(join(root, 'dalian'))).toEqual([false, false, false, false, null]);
  }, 60_000);
});
