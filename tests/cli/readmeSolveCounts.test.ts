import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readmeOutput } from '../helpers/readmeBlock.ts';

// README's text gives the number of combinations the two frontier examples search beside their timings; the Dalian one
// said 21 long after the search had become 26, its block saying 26 two screens up. Each count in the text is held to
// the count its block prints (`…; N combinations run)`), and each block to what its command prints
// (readmeSolve.test.ts): the timings beside the counts are the machine's and are not held.
const readme = () => readFileSync('README.md', 'utf8').replace(/\s+/g, ' ');
const DALIAN = 'solve scenarios/dalian.yaml --lever local_settle_rate=0..100% --lever migrant_settle_rate=0..100% --target registered_rate@2020 --probability 80% --workers 2';
const DONGGUAN = 'solve scenarios/dongguan.yaml --lever points_cutoff=60..130 --lever settle_willingness=1%..20% --target registered_rate@2020 --probability 80% --workers 2';

function blockCount(command: string): number {
  const m = readmeOutput(command).match(/^\(1,000 runs per combination, [^\n]*; (\d+) combinations run\)$/m);
  expect(m, `the block of ${command} shows its "… combinations run" line`).not.toBeNull();
  return Number(m![1]);
}

function textCounts(pattern: RegExp): number[] {
  return [...readme().matchAll(pattern)].map((m) => Number(m[1]));
}

describe("README's frontier timings: the combinations counted as their blocks count them", () => {
  it('Dalian: "the Dalian frontier example: N combinations × 1000 runs"', () => {
    const shown = textCounts(/the Dalian frontier example: (\d+) combinations × 1000 runs/g);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toBe(blockCount(DALIAN));
  });

  it('Dongguan: "Read it as (…; N combinations, …)" under its block', () => {
    const shown = textCounts(/Read it as \(2026-[^)]*?; (\d+) combinations, [\d.]+ s wall/g);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toBe(blockCount(DONGGUAN));
  });
});
