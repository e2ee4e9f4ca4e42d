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

  it('in a log, an update after stop starts the tenths again: the batch\'s second runs of a scenario print their own', () => {
    const out = stream(false);
    const p = progress('[1/1] weihai', out.s);
    p.update(10, 10);
    p.stop();
    // 400/400 is the same tenth (the last) as 10/10: printed all the same, as a new count.
    p.update(400, 400);
    p.stop();
    expect(out.text()).toBe('[1/1] weihai: 10/10 runs (100%)\n[1/1] weihai: 400/400 runs (100%)\n');
  });

  it('on a terminal, an update after stop draws a new bar', () => {
    const out = stream(true);
    const p = progress('[1/1] weihai', out.s);
    p.update(10, 10);
    p.stop();
    p.update(250, 400);
    p.stop();
    expect(out.text()).toContain('| 250/400 runs |');
  });
});
