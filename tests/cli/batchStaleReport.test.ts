import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

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
