import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outputCommand } from '../../src/io/outputCommand.ts';

const dir = mkdtempSync(join(tmpdir(), 'urbsim-output-command-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let made = 0;
/** A new folder with these files (the text given; the tables empty: only their names are looked at). */
function folder(files: Record<string, string>): string {
  const d = join(dir, String(made++));
  mkdirSync(d);
  for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
  return d;
}
const meta = (m: unknown) => JSON.stringify(m);

describe('outputCommand: the command whose output a folder holds', () => {
  it('backtest and calibrate by their tables, before what meta.json says (theirs names no command); backtest first', () => {
    expect(outputCommand(folder({ 'backtest.arrow': '', 'meta.json': meta({ command: 'compare' }), 'trajectories.arrow': '' }))).toBe('backtest');
    expect(outputCommand(folder({ 'posterior.arrow': '', 'meta.json': meta({ command: 'compare' }), 'trajectories.arrow': '' }))).toBe('calibrate');
    expect(outputCommand(folder({ 'posterior.arrow': '', 'backtest.arrow': '' }))).toBe('backtest');
  });

  it('else the command meta.json names, with its words and spaces and dashes (sensitivity --shard), whatever tables are there', () => {
    expect(outputCommand(folder({ 'meta.json': meta({ command: 'compare' }) }))).toBe('compare');
    expect(outputCommand(folder({ 'meta.json': meta({ command: 'sensitivity --shard' }), 'trajectories.arrow': '' }))).toBe('sensitivity --shard');
  });

  it('a command that is not lower-case words (a path, a digit at either end, an empty string, a number) is not taken: the tables tell', () => {
    for (const command of ['../x', 'run2', '2run', 'Compare', '', 7, null])
      expect([command, outputCommand(folder({ 'meta.json': meta({ command, shard: { index: 1, count: 2 } }), 'trajectories.arrow': '' }))]).toEqual([command, 'run --shard']);
    expect(outputCommand(folder({ 'meta.json': meta({ command: 'run2' }) }))).toBeUndefined();
  });

  it('else run where it holds runs (trajectories.arrow): run --shard where meta.json names a shard (an object), run where it names none', () => {
    expect(outputCommand(folder({ 'meta.json': meta({ runs: 20 }), 'trajectories.arrow': '' }))).toBe('run');
    expect(outputCommand(folder({ 'meta.json': meta({ shard: { index: 1, count: 2 } }), 'trajectories.arrow': '' }))).toBe('run --shard');
    for (const shard of [null, 1, '1/2']) expect(outputCommand(folder({ 'meta.json': meta({ shard }), 'trajectories.arrow': '' }))).toBe('run');
  });

  it('a meta.json that is not urbsim\'s (not JSON, JSON null, missing) does not stop the tables telling', () => {
    expect(outputCommand(folder({ 'meta.json': '{ cut sho', 'trajectories.arrow': '' }))).toBe('run');
    expect(outputCommand(folder({ 'meta.json': 'null', 'trajectories.arrow': '' }))).toBe('run');
    expect(outputCommand(folder({ 'trajectories.arrow': '' }))).toBe('run');
  });

  it('undefined when nothing tells: an empty folder, a meta.json alone with no command, a folder that is not there', () => {
    expect(outputCommand(folder({}))).toBeUndefined();
    expect(outputCommand(folder({ 'meta.json': meta({ runs: 20, shard: { index: 1, count: 2 } }) }))).toBeUndefined();
    expect(outputCommand(join(dir, 'none'))).toBeUndefined();
  });
});
