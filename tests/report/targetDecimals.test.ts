import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

describe("a plan's target with two decimals", () => {
  it("Danzhou's registered 48.54 % by 2017 (seed 004) reads 48.54 % in the run table and the fan chart's label, not 48.5 %", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-decimals-'));
    const r = await cli(['run', 'scenarios/pilots/danzhou.yaml', '--runs', '20', '--out', join(dir, 'run')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^registered_rate ≥ 48\.54% in 2017 /m);
    const svg = await cli(['report', join(dir, 'run'), '--format', 'svg', '--lang', 'en']);
    expect(svg.code, svg.err).toBe(0);
    const fan = readFileSync(join(dir, 'run', 'report', 'fan.en.svg'), 'utf8');
    expect(fan).toMatch(/>48\.54%</);
    expect(fan).not.toMatch(/>48\.5%</);
    expect(fan).toMatch(/>55\.0%</); // one decimal as before: resident 55 % by 2017
  }, 60_000);
});
