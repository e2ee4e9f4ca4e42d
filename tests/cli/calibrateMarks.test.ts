import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { OBSERVED_HEADER } from '../helpers/observedRows.ts';

// Anhui's pilot draws every pace from the pooled defaults: each plain answer has † (and the registered ones § too). By
// hand: weighed by a registered rate of its own (here 2015, made up), the registered answers are conditioned on a
// figure that informs the conversion, a pace that moves them: their calibrated P loses the † (weighedOnDefaults), keeps
// the §; the resident answers are moved by the urbanization pace and net migration, which a registered rate does not
// inform: they keep the †.
describe("urbsim calibrate: the † of a calibrated P is the weighed answer's", () => {
  it('Anhui weighed by its registered rate: registered lines §, resident lines †', async () => {
    const root = mkdtempSync(join(tmpdir(), 'urbsim-cal-marks-'));
    const csv = join(root, 'anhui.csv');
    writeFileSync(csv, `${OBSERVED_HEADER}\nanhui,registered_rate,2015,,,25,%,registered_unstated,,test,,\n`);
    const r = await cli(['calibrate', 'scenarios/pilots/anhui.yaml', '--observed', csv, '--runs', '60', '--out', join(root, 'cal')]);
    expect(r.code, r.err).toBe(0);
    const line = (start: string) => r.out.split('\n').find((l) => l.startsWith(start))!;
    expect(line('registered_rate ≥ 30.0% in 2017')).toMatch(/\d( \(rough\))? §$/);
    expect(line('registered_rate ≥ 35.0% in 2020')).toMatch(/\d( \(rough\))? §$/);
    expect(line('resident_rate ≥ 54.0% in 2017')).toMatch(/\d( \(rough\))? †$/);
    expect(line('resident_rate ≥ 58.0% in 2020')).toMatch(/\d( \(rough\))? †$/);
    expect(line('all targets jointly')).toMatch(/\d( \(rough\))?$/);
  }, 120_000);
});
