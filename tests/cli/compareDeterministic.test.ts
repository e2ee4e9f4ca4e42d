import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'urbsim-cmp-same-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Two scenarios that draw nothing at random (every run one projection), and one that draws its inflow.
const yaml = (name: string, inflow: string, settle: string) =>
  `name: ${name}\ncity: dalian\nyears: { start: 2013, end: 2020 }\nuncertainty: none\n` +
  `parameters: { inflow: ${inflow}, local_settle_rate: 6%, rural_to_town_rate: 3%, migrant_settle_rate: ${settle} }\n` +
  `monte_carlo: { runs: 30, seed: 3 }\ntargets:\n  - { metric: registered_rate, year: 2020, op: ">=", value: 60% }\n`;
writeFileSync(join(dir, 'fixed.yaml'), yaml('fixed', '20万', '6%'));
writeFileSync(join(dir, 'fixed-more.yaml'), yaml('fixed-more', '20万', '20%'));
writeFileSync(join(dir, 'drawn.yaml'), yaml('drawn', '{ dist: lognormal, median: 20万, sigma: 0.3 }', '6%'));

// 30 of 30 runs: Wilson 95 % lower bound 30 / (30 + 1.96²) = 0.8865, the 88.6 % it printed beside an exact 100 %.
const NOTE_END = 'so each target is met in all of them or in none: deterministic, no Monte Carlo error; compare-targets.arrow still keeps the Wilson interval 30 independent runs would have)';

describe('urbsim compare: a variant that draws nothing at random gets no interval on its P(met)', () => {
  it('beside one that draws: "exact" for it, the other keeps its interval and the paired one', async () => {
    const r = await cli(['compare', join(dir, 'fixed.yaml'), join(dir, 'drawn.yaml'), '--out', join(dir, 'a')]);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.split('\n');
    const at = lines.findIndex((l) => l.startsWith('registered_rate ≥ 60% in 2020'));
    expect(lines[at]).toMatch(/^registered_rate ≥ 60% in 2020 +fixed +100\.0% {3}exact$/);
    expect(lines[at + 1]).toMatch(/^ +drawn +\d+\.\d% {3}\d+\.\d%–\d+\.\d% +[-+]\d+\.\d pt \[[-+]\d+\.\d, [-+]\d+\.\d\]$/);
    expect(r.out).toContain(`(exact: every one of the 30 runs of fixed is the same projection — it draws nothing at random — ${NOTE_END}`);
    // The variant that draws, now the reference: its interval as before; the note for the one that does not.
    const drawnFirst = await cli(['compare', join(dir, 'drawn.yaml'), join(dir, 'fixed.yaml'), '--out', join(dir, 'c')]);
    expect(drawnFirst.out).toMatch(/^registered_rate ≥ 60% in 2020 +drawn +\d+\.\d% {3}\d+\.\d%–\d+\.\d%$/m);
    expect(drawnFirst.out).toContain('(exact: every one of the 30 runs of fixed is');
  }, 60_000);

  it('two such: the difference is exact too', async () => {
    const r = await cli(['compare', join(dir, 'fixed.yaml'), join(dir, 'fixed-more.yaml'), '--out', join(dir, 'b')]);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.split('\n');
    const at = lines.findIndex((l) => l.startsWith('registered_rate ≥ 60% in 2020'));
    expect(lines.slice(at, at + 2)).toEqual([
      expect.stringMatching(/^registered_rate ≥ 60% in 2020 +fixed +100\.0% {3}exact$/),
      expect.stringMatching(/^ +fixed-more +100\.0% {3}exact {12}\+0\.0 pt \(exact\)$/),
    ]);
    expect(r.out).toContain(`(exact: every one of the 30 runs of fixed, fixed-more is the same projection — they draw nothing at random — ${NOTE_END}`);
  }, 60_000);

});
