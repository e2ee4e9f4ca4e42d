import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

// `urbsim run` of a scenario with registered-rate targets says where the registered rate's gain comes from, and keeps
// the split in registered_gain.arrow; the whole run and its shards merged say the same.
const SCENARIO = `${MINIMAL.replace('end: 2020', 'end: 2016')}name: g
parameters:
  inflow: 10万
  hukou_conversion_rate: { dist: uniform, min: 1%, max: 6% }
  local_settle_rate: 10%
  migrant_settle_rate: { dist: uniform, min: 5%, max: 30% }
targets:
  - { metric: registered_rate, year: 2014, op: ">=", value: 60% }
  - { metric: registered_rate, year: 2016, op: ">=", value: 70% }
  - { metric: resident_rate, year: 2015, op: ">=", value: 70% }
monte_carlo: { runs: 8, seed: 11 }
`;
const dir = writeScenarios({ 'g.yaml': SCENARIO, 'plain.yaml': `${MINIMAL}name: plain\nmonte_carlo: { runs: 3 }\n` });

describe("urbsim run: the registered rate's gain by source", () => {
  it('prints a line per registered target year, parts adding up to the mean gain the runs\' own rates give; registered_gain.arrow holds them', async () => {
    const out = join(dir, 'out');
    const r = await cli(['run', join(dir, 'g.yaml'), '--out', out]);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.split('\n');
    const at = lines.findIndex((l) => l.startsWith("registered rate's gain from 2013 by source, in points (mean over the 8 runs: means add up before rounding, medians do not;"));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^ {2}2014 {2}63\.1% → \d+\.\d% {2}[+−]\d+\.\d = population \S+, conversion in place \+\d+\.\d, change of count 0\.0, locals settling \+\d+\.\d, migrants settling \+\d+\.\d$/);
    expect(lines[at + 2]).toMatch(/^ {2}2016 {2}63\.1% → /);
    expect(r.out).toMatch(/\nwrote .*\/ \(trajectories, summary, params, targets, registered_gain, pyramid \.arrow; meta\.json\) in /);
    expect(JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')).files).toContain('registered_gain.arrow');

    const gain = tableFromIPC(readFileSync(join(out, 'registered_gain.arrow')));
    const rows = gain.toArray().map((row) => row.toJSON() as { year: number; base_year: number; part: string; mean: number; p50: number; n: number });
    expect(rows.map((x) => `${x.year} ${x.part}`)).toEqual([2014, 2016].flatMap((y) => ['population', 'conversion', 'change_of_count', 'locals_settling', 'migrants_settling', 'total'].map((p) => `${y} ${p}`)));
    expect(gain.schema.metadata.get('definition')).toBe('hukou/registered');
    expect(gain.schema.metadata.get('reclass_hukou')).toBe('false');
    // The mean gain, from the runs' own registered rates in trajectories.arrow, not from the split.
    const traj = tableFromIPC(readFileSync(join(out, 'trajectories.arrow')));
    const rate = new Map<string, number>();
    for (const row of traj.toArray()) rate.set(`${row.run} ${row.year}`, row.registered_rate as number);
    for (const y of [2014, 2016]) {
      let sum = 0;
      for (let run = 0; run < 8; run++) sum += rate.get(`${run} ${y}`)! - rate.get(`${run} 2013`)!;
      const of = rows.filter((x) => x.year === y);
      const total = of.find((x) => x.part === 'total')!;
      expect(total.mean).toBeCloseTo(sum / 8, 12);
      expect(total.n).toBe(8);
      expect(total.base_year).toBe(2013);
      expect(of.filter((x) => x.part !== 'total').reduce((s, x) => s + x.mean, 0)).toBeCloseTo(total.mean, 12);
      // no change of count is drawn (no city); the conversion is at least 1 % a year of the rural hukou
      expect(of.find((x) => x.part === 'change_of_count')!.mean).toBe(0);
      expect(of.find((x) => x.part === 'conversion')!.p50).toBeGreaterThan(0);
    }
  }, 60_000);

  it('merged shards write the same registered_gain.arrow as the whole run', async () => {
    for (const k of [1, 2]) expect((await cli(['run', join(dir, 'g.yaml'), '--shard', `${k}/2`, '--out', join(dir, `s${k}`)])).code).toBe(0);
    const merged = await cli(['merge', join(dir, 's1'), join(dir, 's2'), '--out', join(dir, 'merged')]);
    expect(merged.code, merged.err).toBe(0);
    const whole = join(dir, 'whole');
    const r = await cli(['run', join(dir, 'g.yaml'), '--out', whole]);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, 'merged', 'registered_gain.arrow')).equals(readFileSync(join(whole, 'registered_gain.arrow')))).toBe(true);
    const block = (s: string) => s.split('\n\n').find((b) => b.startsWith("registered rate's gain"));
    expect(block(merged.out)).toBe(block(r.out));
  }, 60_000);

  it('a scenario setting reclass_hukou_share: the file and the header say population holds the hukou reclassification gives', async () => {
    const d = writeScenarios({ 'r.yaml': `${SCENARIO.replace('name: g', 'name: r').replace('parameters:\n', 'parameters:\n  reclass_share: 2%\n  reclass_hukou_share: 50%\n')}` });
    const r = await cli(['run', join(d, 'r.yaml'), '--out', join(d, 'out')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('and the urban hukou reclassification gives (reclass_hukou_share: no counter records it);');
    expect(tableFromIPC(readFileSync(join(d, 'out', 'registered_gain.arrow'))).schema.metadata.get('reclass_hukou')).toBe('true');
  }, 60_000);

  it('a scenario without a registered-rate target: no split printed, no file', async () => {
    const out = join(dir, 'plain-out');
    const r = await cli(['run', join(dir, 'plain.yaml'), '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toContain("registered rate's gain");
    expect(existsSync(join(out, 'registered_gain.arrow'))).toBe(false);
  }, 60_000);
});
