import { describe, expect, it } from 'vitest';
import { progress } from '../../src/cli/progress.ts';

/** A stream that keeps what is written to it; `isTTY` as a terminal's or a pipe's. */
const stream = (isTTY: boolean) => {
  const written: string[] = [];
  const s = { isTTY, columns: 200, write: (x: string) => (written.push(x), true), on: () => s, once: () => s, removeListener: () => s };
  return { s: s as unknown as NodeJS.WriteStream, text: () => written.join('') };
};

describe('progress: the runs done and in all with a thousands separator, as urbsim\'s other counts of runs', () => {
  it('in a log or a pipe, a line every tenth (it wrote "282/4500 runs (6%)")', () => {
    const out = stream(false);
    const p = progress('dongguan Saltelli design', out.s);
    // 282/4500 = 6.3 %: the first tenth; 1128/4500 = 25.1 %: the third; 4500: done.
    for (const done of [282, 1128, 4500]) p.update(done, 4500);
    p.stop();
    expect(out.text()).toBe('dongguan Saltelli design: 282/4,500 runs (6%)\ndongguan Saltelli design: 1,128/4,500 runs (25%)\ndongguan Saltelli design: 4,500/4,500 runs (100%)\n');
  });

  it('on a terminal, in the bar (it drew "1128/4500 runs")', () => {
    const out = stream(true);
    const p = progress('dalian', out.s);
    p.update(1128, 4500);
    p.stop();
    expect(out.text()).toContain('| 1,128/4,500 runs |');
  });
});
