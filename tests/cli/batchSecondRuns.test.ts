import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

it("batch's progress: the second draw where few weigh says its effective runs are the first draw's, and that its runs replace those; in a log, each draw's runs counted between the lines", async () => {
  const root = mkdtempSync(join(tmpdir(), 'urbsim-second-runs-'));
  // Standard error as a log's (not a terminal): the progress lines, written to it, and the command's own, in one order.
  const tty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
  Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
  let err = '';
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    expect(await main(['batch', 'scenarios/pilots/weihai.yaml', '--runs', '10', '--out', join(root, 'b')], { out: () => {}, err: (s) => { err += s; } })).toBe(0);
    const all = err.split('\n');
    const lines = all.filter((l) => l.startsWith('[1/1] weihai: ') && l.endsWith('(reachability.md)'));
    // 40 × 10 second runs: fewer than 400 effective runs of them, whatever they weigh.
    expect(lines[0]).toBe('[1/1] weihai: weighing its targets by its own figures, 400 runs drawn again (reachability.md)');
    const m = /^\[1\/1\] weihai: (\d+) effective runs of them, under 400: ([\d,]+) runs drawn again instead \(reachability\.md\)$/.exec(lines[1]);
    expect(m, lines[1]).not.toBeNull();
    // At most 4 times as many: 1,600.
    const runs = Number(m![2].replace(/,/g, ''));
    expect(runs).toBeGreaterThan(400);
    expect(runs).toBeLessThanOrEqual(1600);
    expect(lines).toHaveLength(2);
    // Each draw's last progress line (its runs all done) before the line that follows it: the scenario's 10 runs, the
    // 400, then the second draw's, before the scenario's time.
    const at = (line: string) => all.indexOf(line);
    const ends = ['[1/1] weihai: 10/10 runs (100%)', lines[0], '[1/1] weihai: 400/400 runs (100%)', lines[1], `[1/1] weihai: ${m![2]}/${m![2]} runs (100%)`];
    for (const l of ends) expect(all, l).toContain(l);
    expect(ends.map(at)).toEqual([...ends.map(at)].sort((a, b) => a - b));
    expect(all.slice(at(ends[4]) + 1).find((l) => l.startsWith('[1/1] weihai: '))).toMatch(/^\[1\/1\] weihai: \d+\.\d s$/);
  } finally {
    write.mockRestore();
    if (tty) Object.defineProperty(process.stderr, 'isTTY', tty);
    else delete (process.stderr as { isTTY?: boolean }).isTTY;
    rmSync(root, { recursive: true, force: true });
  }
}, 60_000);

/** `urbsim batch ARGS` with standard error a terminal's (`tty`) or a log's: the command's exit code and all it wrote there, in order. */
async function batchErr(args: string[], tty: boolean): Promise<{ code: number; err: string }> {
  const was = { isTTY: Object.getOwnPropertyDescriptor(process.stderr, 'isTTY'), columns: Object.getOwnPropertyDescriptor(process.stderr, 'columns') };
  Object.defineProperty(process.stderr, 'isTTY', { value: tty, configurable: true });
  Object.defineProperty(process.stderr, 'columns', { value: 200, configurable: true });
  let err = '';
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    const code = await main(['batch', ...args], { out: () => {}, err: (s) => { err += s; } });
    return { code, err };
  } finally {
    write.mockRestore();
    for (const [k, d] of Object.entries(was))
      if (d) Object.defineProperty(process.stderr, k, d);
      else delete (process.stderr as unknown as Record<string, unknown>)[k];
  }
}

it("batch's progress: the runs conditioning a pilot's pace on its history before its second runs are said and counted, a line every tenth in a log, a bar on a terminal", async () => {
  const root = mkdtempSync(join(tmpdir(), 'urbsim-history-runs-'));
  try {
    // Jinjiang's pilot conditions its pace on its resident rates before its base year (data/observed/fitted-defaults.json
    // history), and its laws on its later figures: its second runs draw the pooled pace conditioned on that history,
    // fitted by 200 runs of one year (HISTORY_RUNS) at each of 10 paces (0, 0.5, 1, 2, 4, 8, 16, 32, 64, 100 %):
    // 2,000 runs, one pace (200 runs, in one chunk of at most 250) a tenth.
    const said = '[1/1] jinjiang: conditioning its urbanization pace on its resident rates before its base year, for the runs drawn again: 2,000 runs of one year (src/model/README.md, 5b)';
    const log = await batchErr(['scenarios/pilots/jinjiang.yaml', '--runs', '10', '--out', join(root, 'log')], false);
    expect(log.code, log.err).toBe(0);
    // A tenth's line ends in the time left once a second has passed since the first runs came in (e3b9ba1): on a
    // slower or busier machine than this one (3 times, by a clock run fast) every line but the first had it.
    const all = log.err.split('\n').map((l) => l.replace(/, about (\d+ h( \d+ min)?|\d+ (s|min)) left$/, ''));
    const from = all.indexOf(said);
    expect(all[from - 1]).toBe('[1/1] jinjiang: 10/10 runs (100%)');
    const tenths = Array.from({ length: 10 }, (_, k) => `[1/1] jinjiang: ${((k + 1) * 200).toLocaleString('en')}/2,000 runs (${(k + 1) * 10}%)`);
    expect(all.slice(from + 1, from + 12)).toEqual([...tenths, '[1/1] jinjiang: weighing its targets by its own figures, 400 runs drawn again (reachability.md)']);
    const tty = await batchErr(['scenarios/pilots/jinjiang.yaml', '--runs', '10', '--out', join(root, 'tty')], true);
    expect(tty.code, tty.err).toBe(0);
    // The line, then a bar of its own (the scenario's runs' bar stopped before the line), counted to 2,000.
    const after = tty.err.slice(tty.err.indexOf(said));
    expect(after).toContain('| 2,000/2,000 runs |');
    expect(after.indexOf('| 2,000/2,000 runs |')).toBeLessThan(after.indexOf('400 runs drawn again'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}, 60_000);
