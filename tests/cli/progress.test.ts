import { describe, expect, it } from 'vitest';
import { durationText, progress } from '../../src/cli/progress.ts';

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

// `urbsim run … --runs 10000000` ran for hours with no word of how long: in a log, a line at 0 % and the next at 10 %.
describe('progress: the time left', () => {
  it('in a log: once a minute in, then with every tenth, from the pace since the first update', () => {
    const out = stream(false);
    let t = 0;
    const p = progress('dalian', out.s, () => t);
    const at = (seconds: number, done: number) => {
      t = seconds * 1000;
      p.update(done, 10_000_000);
    };
    at(0, 250);
    at(30, 150_250); // the first tenth still, half a minute in: nothing
    // 61 s for 300,000 runs, 9,699,750 left: 61 / 300,000 · 9,699,750 = 1,972 s, 33 min
    at(61, 300_250);
    at(90, 400_250); // said once: nothing until the next tenth
    // 200 s for 1,000,000 runs, 8,999,750 left: 1,800 s, 30 min
    at(200, 1_000_250);
    at(2000, 10_000_000);
    p.stop();
    expect(out.text()).toBe(
      'dalian: 250/10,000,000 runs (0%)\n' +
        'dalian: 300,250/10,000,000 runs (3%), about 33 min left\n' +
        'dalian: 1,000,250/10,000,000 runs (10%), about 30 min left\n' +
        'dalian: 10,000,000/10,000,000 runs (100%)\n',
    );
  });

  it('on a terminal, in the bar', () => {
    const out = stream(true);
    let t = 0;
    const p = progress('dalian', out.s, () => t);
    p.update(250, 10_000_000);
    t = 1000;
    // 5,000 runs a second, 9,994,750 left: 1,999 s, 33 min
    p.update(5_250, 10_000_000);
    p.stop();
    expect(out.text()).toContain('| 5,250/10,000,000 runs | ');
    expect(out.text()).toContain(' | about 33 min left');
  });

  it('as a planner reads a wait', () => {
    // 5,370 s = 89.5 min, rounded to 90: an hour and a half
    expect([0.2, 40, 89.4, 720, 5370, 7200, 7500].map(durationText)).toEqual(['1 s', '40 s', '89 s', '12 min', '1 h 30 min', '2 h', '2 h 5 min']);
  });
});
