import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

it("batch's progress: the second draw where few weigh says its effective runs are the first draw's, and that its runs replace those", async () => {
  const root = mkdtempSync(join(tmpdir(), 'urbsim-second-runs-'));
  try {
    let err = '';
    expect(await main(['batch', 'scenarios/pilots/weihai.yaml', '--runs', '10', '--out', join(root, 'b')], { out: () => {}, err: (s) => { err += s; } })).toBe(0);
    const lines = err.split('\n').filter((l) => l.startsWith('[1/1] weihai: ') && l.endsWith('(reachability.md)'));
    // 40 × 10 second runs; Weihai's two 2015 figures leave fewer than 100 effective runs of them (tests/batch/ownWeighedRedrawn.test.ts).
    expect(lines[0]).toBe('[1/1] weihai: weighing its targets by its own figures, 400 runs drawn again (reachability.md)');
    const m = /^\[1\/1\] weihai: (\d+) effective runs of them, under 100: ([\d,]+) runs drawn again instead \(reachability\.md\)$/.exec(lines[1]);
    expect(m, lines[1]).not.toBeNull();
    // At most 4 times as many: 1,600.
    const runs = Number(m![2].replace(/,/g, ''));
    expect(runs).toBeGreaterThan(400);
    expect(runs).toBeLessThanOrEqual(1600);
    expect(lines).toHaveLength(2);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}, 60_000);
