import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { calibrate } from '../../src/analysis/calibrate.ts';
import { calibratedTargets } from '../../src/analysis/calibratedTargets.ts';
import { shippedObserved } from '../../src/batch/ownFigures.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import { withMonteCarlo } from '../../src/scenario/withMonteCarlo.ts';
import { cli } from '../helpers/cli.ts';
import { ownWeighedTable } from '../../src/cli/ownWeighedTable.ts';
import { tooLargeToReadBack } from '../../src/io/readRunOutputs.ts';

const dir = mkdtempSync(join(tmpdir(), 'urbsim-run-own-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('urbsim run: the targets weighed by the area\'s own figures after its base year', () => {
  it("Dalian (curated, pooled laws): its 2015 registered rate weighs the runs, as urbsim calibrate weighs the same runs", async () => {
    const r = await cli(['run', 'scenarios/dalian.yaml', '--runs', '1000', '--out', join(dir, 'dalian')]);
    expect(r.code, r.err).toBe(0);
    const c = await calibrate(withMonteCarlo(loadScenario('scenarios/dalian.yaml'), { runs: 1000 }), shippedObserved());
    const ess = Math.round(c.fit.ess);
    expect(ess).toBeGreaterThanOrEqual(100); // one decimal below, as every probability on 100 effective runs or more
    const pct = (p: number) => `${(p * 100).toFixed(1)}%`;
    const block = r.out.split('\n\n').find((b) => b.startsWith('weighed by'))!;
    const lines = block.split('\n');
    expect(lines[0]).toBe(`weighed by dalian's own figure after its base year 2013 (registered_rate 2015), as urbsim calibrate weighs: ${ess} effective runs`);
    expect(lines[1]).toBe(`${'target'.padEnd(41)}P(met)   95% interval`);
    // The labels as the plain table above prints them, then the calibration's weighted shares and Wilson intervals.
    const plain = r.out.split('\n').filter((l) => /^(registered_rate|resident_rate) [≥≤]|^all targets jointly/.test(l)).map((l) => l.slice(0, 40));
    // § after the registered rows, as the plain table marks them (the default change of count of 2015 or 2016).
    const rows = calibratedTargets(c).map((t, i) => `${plain[i]} ${pct(t.calibrated.probability).padStart(6)}   ${pct(t.calibrated.lower)}–${pct(t.calibrated.upper)}${plain[i].startsWith('registered_rate') ? ' §' : ''}`);
    expect(lines.slice(2, 2 + rows.length)).toEqual(rows);
    expect(lines[2 + rows.length]).toMatch(/^\(each run weighed by the figures' likelihood under their observation errors by caliber/);
  }, 60_000);

  it("Weihai's pilot: its laws were fitted to both 2015 figures, so the runs are not weighed again and the note says where they are", async () => {
    const r = await cli(['run', 'scenarios/pilots/weihai.yaml', '--runs', '100', '--out', join(dir, 'weihai')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toMatch(/^weighed by/m);
    expect(r.out).toContain(
      "\n\nnote: weihai's own figures after its base year 2013 (registered_rate 2015, resident_rate 2015) informed this scenario's laws, not where its runs' paths stand then; " +
        `weighing these runs by them would count them twice. \`urbsim batch scenarios/pilots/weihai.yaml --out ${join(dir, 'weihai')}-batch\` weighs its targets by them through runs drawn again (reachability.md, "Targets weighed by the area's own figures").\n\nwrote `,
    );
  }, 60_000);

  it("the note's urbsim batch command runs as pasted (batch has no default --out: without one it stopped with exit code 2), into a folder beside the run's", async () => {
    const r = await cli(['run', 'scenarios/pilots/weihai.yaml', '--runs', '20', '--out', `${join(dir, 'weihai-paste')}/`]);
    expect(r.code, r.err).toBe(0);
    const command = /`urbsim (batch [^`]*)`/.exec(r.out)![1];
    expect(command).toBe(`batch scenarios/pilots/weihai.yaml --out ${join(dir, 'weihai-paste')}-batch`);
    const b = await cli([...command.split(' '), '--runs', '20']);
    expect(b.code, b.err).toBe(0);
    expect(readFileSync(join(dir, 'weihai-paste-batch', 'reachability.md'), 'utf8')).toContain('## Targets weighed by the area\'s own figures');
  }, 60_000);

  it("the note's command quotes a scenario path the shell would split, so it pastes as it is", async () => {
    const spaced = join(dir, "my pilots's", 'weihai.yaml');
    mkdirSync(join(dir, "my pilots's"), { recursive: true });
    writeFileSync(spaced, readFileSync('scenarios/pilots/weihai.yaml', 'utf8'));
    const r = await cli(['run', spaced, '--runs', '50', '--out', join(dir, 'weihai-spaced')]);
    expect(r.code, r.err).toBe(0);
    // Single quotes around the whole path, the one inside it closed, escaped and reopened: '…/my pilots'\''s/weihai.yaml'.
    expect(r.out).toContain(`\`urbsim batch '${join(dir, "my pilots'\\''s", 'weihai.yaml')}' --out ${join(dir, 'weihai-spaced')}-batch\` weighs its targets`);
  }, 60_000);

  it('a target line over 40 characters widens the weighed table\'s label column as the plain one\'s: P(met) in one column in both', async () => {
    const file = join(dir, 'long.yaml');
    writeFileSync(
      file,
      `extends: ${JSON.stringify(resolve('scenarios/dalian.yaml'))}\nname: long\ntargets:\n` +
        '  - { metric: migrant_children_public_share, year: 2020, op: ">=", value: 60% }\n  - { metric: registered_rate, year: 2020, op: ">=", value: 72.5% }\n',
    );
    const r = await cli(['run', file, '--runs', '200', '--out', join(dir, 'long')]);
    expect(r.code, r.err).toBe(0);
    const [plain, weighed] = ['target', 'weighed by'].map((start) => r.out.split('\n\n').find((b) => b.startsWith(start))!.split('\n'));
    const rows = weighed.slice(1);
    // 'migrant_children_public_share ≥ 60.0% in 2020' is 45 characters: the labels padded to 45, then a space, P(met).
    expect(rows[0]).toBe(`target${' '.repeat(40)}P(met)   95% interval`);
    expect(rows[0]).toBe(plain[0]);
    expect(rows.slice(1, 4).map((l) => l.slice(0, 46))).toEqual(['migrant_children_public_share ≥ 60.0% in 2020 ', `registered_rate ≥ 72.5% in 2020${' '.repeat(15)}`, `all targets jointly${' '.repeat(27)}`]);
    for (const l of rows.slice(1, 4)) expect(l.slice(46)).toMatch(/^ *\d+(\.\d)?%   \d/);
  }, 60_000);

  it('a scenario that draws nothing at random: a note that the figures cannot weigh identical runs, no interval', async () => {
    const file = join(dir, 'same.yaml');
    writeFileSync(
      file,
      'name: same\ncity: dalian\nyears: { start: 2013, end: 2020 }\nuncertainty: none\n' +
        'parameters: { inflow: 20万, local_settle_rate: 6%, rural_to_town_rate: 3%, migrant_settle_rate: 6% }\n' +
        'monte_carlo: { runs: 30, seed: 3 }\ntargets:\n  - { metric: registered_rate, year: 2020, op: ">=", value: 60% }\n',
    );
    const r = await cli(['run', file, '--out', join(dir, 'same')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('deterministic, no Monte Carlo error');
    expect(r.out).not.toMatch(/^weighed by/m);
    expect(r.out).not.toContain('effective runs');
    expect(r.out).toContain(
      "\n\nnote: dalian's own figure after its base year 2013 (registered_rate 2015) cannot weigh one run against another: every run is the same projection, so P(met) above stands as it is.\n\nwrote ",
    );
  }, 60_000);

  it("merged shards: the whole run's weighed table, as urbsim run prints it for the same runs (a shard prints none: its runs are a slice)", async () => {
    for (const k of [1, 2]) {
      const r = await cli(['run', 'scenarios/dalian.yaml', '--runs', '400', '--shard', `${k}/2`, '--out', join(dir, `dalian-400-${k}`)]);
      expect(r.code, r.err).toBe(0);
      expect(r.out).not.toMatch(/^weighed by/m);
    }
    const merged = await cli(['merge', join(dir, 'dalian-400-1'), join(dir, 'dalian-400-2'), '--out', join(dir, 'dalian-400-merged')]);
    expect(merged.code, merged.err).toBe(0);
    const whole = await cli(['run', 'scenarios/dalian.yaml', '--runs', '400', '--out', join(dir, 'dalian-400')]);
    expect(whole.code, whole.err).toBe(0);
    const block = (out: string) => out.split('\n\n').find((b) => b.startsWith('weighed by'));
    expect(block(whole.out)).toMatch(/^weighed by dalian's own figure after its base year 2013 \(registered_rate 2015\), as urbsim calibrate weighs: \d+ effective runs/);
    expect(block(merged.out)).toBe(block(whole.out));
    expect(merged.out).toMatch(/\n\nmerged 2 shards into /);
  }, 60_000);

  it("keeps the weighed answer it prints in the run folder (weighed.json), as urbsim batch keeps it for the same runs; urbsim report shows it; merged shards keep the same; a pilot's note and a shard keep none", async () => {
    const run = join(dir, 'dalian-kept');
    const r = await cli(['run', 'scenarios/dalian.yaml', '--runs', '1000', '--out', run]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/\nwrote .*dalian-kept\/ \(trajectories, summary, params, targets, registered_gain, pyramid \.arrow; meta\.json, weighed\.json\) in /);
    const kept = JSON.parse(readFileSync(join(run, 'weighed.json'), 'utf8')) as { figures: { metric: string; year: number }[]; targets: { id: string; probability: number }[] };
    // The probabilities urbsim calibrate gives the same 1,000 runs weighed by the same figure (Dalian's 2015 registered rate).
    const c = await calibrate(withMonteCarlo(loadScenario('scenarios/dalian.yaml'), { runs: 1000 }), shippedObserved());
    expect(kept.figures.map((f) => `${f.metric} ${f.year}`)).toEqual(['registered_rate 2015']);
    const calibrated = calibratedTargets(c);
    expect(kept.targets.map((t) => t.id)).toEqual(calibrated.map((t) => t.prior.id));
    kept.targets.forEach((t, i) => expect(t.probability).toBeCloseTo(calibrated[i].calibrated.probability, 12));
    // The bytes urbsim batch writes for the scenario's folder (its key included: a batch into this folder keeps it).
    const b = await cli(['batch', 'scenarios/dalian.yaml', '--runs', '1000', '--out', join(dir, 'dalian-kept-batch')]);
    expect(b.code, b.err).toBe(0);
    expect(readFileSync(join(run, 'weighed.json'), 'utf8')).toBe(readFileSync(join(dir, 'dalian-kept-batch', 'dalian', 'weighed.json'), 'utf8'));
    // The report of the run folder has the weighed column, the joint row's weighed probability (one decimal: over 100 effective runs).
    const rep = await cli(['report', run, '--lang', 'en']);
    expect(rep.code, rep.err).toBe(0);
    const html = readFileSync(join(run, 'report', 'report.en.html'), 'utf8');
    expect(html).toContain('weighed by its own figures');
    expect(html).toContain(`${(kept.targets.at(-1)!.probability * 100).toFixed(1)}%`);
    // Shards keep none; their merge keeps the whole run's, the same bytes.
    for (const k of [1, 2]) {
      const sh = await cli(['run', 'scenarios/dalian.yaml', '--runs', '1000', '--shard', `${k}/2`, '--out', join(dir, `dalian-kept-${k}`)]);
      expect(sh.code, sh.err).toBe(0);
      expect(existsSync(join(dir, `dalian-kept-${k}`, 'weighed.json'))).toBe(false);
    }
    const m = await cli(['merge', join(dir, 'dalian-kept-1'), join(dir, 'dalian-kept-2'), '--out', join(dir, 'dalian-kept-merged')]);
    expect(m.code, m.err).toBe(0);
    expect(m.out).toMatch(/; meta\.json, weighed\.json\)\n$/);
    expect(readFileSync(join(dir, 'dalian-kept-merged', 'weighed.json'), 'utf8')).toBe(readFileSync(join(run, 'weighed.json'), 'utf8'));
    // Weihai's pilot prints a note, not weighed targets: nothing kept.
    const w = await cli(['run', 'scenarios/pilots/weihai.yaml', '--runs', '50', '--out', join(dir, 'weihai-kept')]);
    expect(w.code, w.err).toBe(0);
    expect(existsSync(join(dir, 'weihai-kept', 'weighed.json'))).toBe(false);
    expect(w.out).toMatch(/; meta\.json\) in /);
  }, 120_000);

  it("Huizhou's pilot: one figure weighs its runs, two informed its laws; the table is printed but not kept, for a batch draws runs again by all three", async () => {
    // observed.csv: Huizhou's 2015 registered population weighs these runs; its resident rate and population informed
    // the pace and net migration, which urbsim batch draws again to weigh by all three (a different answer).
    const h = await cli(['run', 'scenarios/pilots/huizhou.yaml', '--runs', '50', '--out', join(dir, 'huizhou-kept')]);
    expect(h.code, h.err).toBe(0);
    expect(h.out).toMatch(/^weighed by huizhou's own figures after its base year/m);
    expect(existsSync(join(dir, 'huizhou-kept', 'weighed.json'))).toBe(false);
    expect(h.out).toMatch(/; meta\.json\) in /);
  }, 120_000);

  it('an area without figures after its base year, and a shard: nothing added', async () => {
    const anhui = await cli(['run', 'scenarios/pilots/anhui.yaml', '--runs', '50', '--out', join(dir, 'anhui')]);
    expect(anhui.code, anhui.err).toBe(0);
    const shard = await cli(['run', 'scenarios/dalian.yaml', '--runs', '100', '--shard', '1/2', '--out', join(dir, 'dalian-shard')]);
    expect(shard.code, shard.err).toBe(0);
    for (const r of [anhui, shard]) {
      expect(r.out).not.toMatch(/^weighed by/m);
      expect(r.out).not.toContain('note:');
    }
  }, 60_000);
});

describe('runs too many to read back whole', () => {
  it('runs whose rows (43 indicators × 8 bytes a year of each run) need over 75 % of the memory: the reason; else none, past 2 GiB too', () => {
    // 300,000 runs × 23 years × 43 × 8 bytes = 2,373,600,000 bytes (2.4 GB, over the 2 GiB readFileSync takes whole):
    // read in pieces, it reads where memory holds it; over 75 % of 2 GB (1.5 GB), not.
    expect(tooLargeToReadBack(300_000, 23, 1e12)).toBeUndefined();
    expect(tooLargeToReadBack(300_000, 23, 2e9)).toBe('300,000 runs of 23 years read back need 2.4 GB of memory (43 indicators a year, 8 bytes each), more than 75% of the 2.0 GB this machine has');
    // 1,000 runs × 23 × 43 × 8 = 7,912,000 bytes: over 75 % of 10,549,000 (7,911,750), not of 10,550,000 (7,912,500).
    expect(tooLargeToReadBack(1000, 23, 10_549_000)).toMatch(/^1,000 runs of 23 years read back need 7\.9 MB of memory/);
    expect(tooLargeToReadBack(1000, 23, 10_550_000)).toBeUndefined();
  });

  it('the table says why the runs are not weighed, without reading them', () => {
    const unread = () => {
      throw new Error('read');
    };
    expect(ownWeighedTable('scenarios/dalian.yaml', loadScenario('scenarios/dalian.yaml'), unread, shippedObserved(), { tooLarge: '300,000 runs of 23 years read back need 2.4 GB of memory (43 indicators a year, 8 bytes each), more than 75% of the 2.0 GB this machine has' })).toEqual([
      '',
      "note: dalian's own figure after its base year 2013 (registered_rate 2015) would weigh these runs, but 300,000 runs of 23 years read back need 2.4 GB of memory (43 indicators a year, 8 bytes each), more than 75% of the 2.0 GB this machine has: run fewer to see the targets weighed by them.",
    ]);
  });
});
