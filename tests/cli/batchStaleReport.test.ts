import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { runBatch } from '../../src/batch/runBatch.ts';
import { shippedObserved } from '../../src/batch/ownFigures.ts';
import { periodText } from '../../src/io/readObserved.ts';
import { loadScenario } from '../../src/scenario/api.ts';

/**
 * A batch re-run into its folder with other runs writes another combined table; the report `urbsim report` drew of
 * the old one stayed, unmarked (a batch of 500 runs re-run with --runs 600 kept the 500 runs' pages). Anhui's pilot:
 * no figures of its own after its base year, so no second runs, a batch of seconds.
 */
describe('urbsim batch over a folder holding its report', () => {
  const root = mkdtempSync(join(tmpdir(), 'urbsim-stale-report-'));
  const out = join(root, 'b');
  const batch = (runs: number) => cli(['batch', 'scenarios/pilots/anhui.yaml', '--runs', String(runs), '--out', out]);

  it('removes the report when the table changes, says so; keeps it when the table is the same; keeps a report holding a file of yours, saying why', async () => {
    expect((await batch(20)).code).toBe(0);
    expect((await cli(['report', out, '--lang', 'en'])).code).toBe(0);
    const page = readFileSync(join(out, 'report', 'report.en.html'), 'utf8');

    // The same runs: the same table, the report still draws it.
    const same = await batch(20);
    expect(same.code, same.err).toBe(0);
    expect(same.err).not.toContain('report');
    expect(readFileSync(join(out, 'report', 'report.en.html'), 'utf8')).toBe(page);

    // Other runs: another table; the report of the old one goes, and the note says what to run.
    const other = await batch(30);
    expect(other.code, other.err).toBe(0);
    expect(other.err).toContain(`urbsim: note: removed ${join(out, 'report')}/: it drew the batch before these runs (urbsim report ${out} draws it anew)\n`);
    expect(existsSync(join(out, 'report'))).toBe(false);
    expect(readdirSync(out).sort()).toEqual(['anhui', 'manifest.json', 'reachability.html', 'reachability.md', 'targets.arrow']);

    // A report folder holding a file urbsim did not write is not removed: the note says it was kept, and why.
    expect((await cli(['report', out, '--lang', 'en'])).code).toBe(0);
    writeFileSync(join(out, 'report', 'notes.txt'), 'mine');
    const kept = await batch(40);
    expect(kept.code, kept.err).toBe(0);
    expect(kept.err).toContain(`urbsim: note: ${join(out, 'report')}/ draws the batch before these runs and was kept: ${join(out, 'report')}: holds notes.txt, which urbsim did not write`);
    expect(readdirSync(join(out, 'report')).sort()).toEqual(['manifest.json', 'notes.txt', 'report.en.html']);
  }, 120_000);
});

describe('urbsim batch over a scenario folder holding its report, when only its weighed answer is drawn anew', () => {
  it("removes the folder's report, which drew the answer replaced, and says so", async () => {
    const root = mkdtempSync(join(tmpdir(), 'urbsim-stale-member-'));
    const out = join(root, 'b');
    // Dalian's curated scenario weighs its own runs by its 2015 registered rate (71.2 %, 001:427).
    expect((await runBatch(['scenarios/dalian.yaml'], { outDir: out, runs: 20, load: loadScenario })).ran).toBe(1);
    const member = join(out, 'dalian');
    expect((await cli(['report', member, '--lang', 'en'])).code).toBe(0);
    // The same runs weighed by another value of that figure (72.2 %): the runs kept, the answer drawn anew.
    const other = shippedObserved().map((p) => (p.area === 'dalian' && p.metric === 'registered_rate' && periodText(p) === '2015' ? { ...p, value: p.value + 0.01 } : p));
    const notes: string[] = [];
    const again = await runBatch(['scenarios/dalian.yaml'], { outDir: out, runs: 20, load: loadScenario, observed: other, onNote: (l) => notes.push(l) });
    expect({ ran: again.ran, reweighed: again.reweighed }).toEqual({ ran: 0, reweighed: 1 });
    expect(notes).toContain(`urbsim: note: removed ${join(member, 'report')}/: it drew its weighed answer before it was drawn anew (urbsim report ${member} draws it anew)\n`);
    expect(existsSync(join(member, 'report'))).toBe(false);
  }, 120_000);
});
