import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OtherCommandError, OtherScenarioError, checkOutputOf, writeOutputFolder } from '../../src/io/outputFolder.ts';

/** A fresh folder (its real path: messages name files where they are) with the scenario files a.yaml and b.yaml. */
function setUp(): { dir: string; a: string; b: string } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'urbsim-output-of-')));
  for (const f of ['a.yaml', 'b.yaml']) writeFileSync(join(dir, f), 'name: a\n');
  return { dir, a: join(dir, 'a.yaml'), b: join(dir, 'b.yaml') };
}
/** A run folder (meta.json and trajectories.arrow) of `file`, as urbsim run commits it. */
const runFolder = (out: string, file: string) =>
  writeOutputFolder(out, (o) => {
    o.writeFile('meta.json', '{"runs":20}');
    o.writeFile('trajectories.arrow', '');
  }, { scenarioFile: file, kind: 'run', command: 'urbsim run' });
const committedAt = (out: string) => JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).committedAt as string;
const thrown = (f: () => void): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('nothing thrown');
};

describe('checkOutputOf: a folder holding the output of a scenario file, another command of the same file', () => {
  it('refused with an OtherCommandError naming what wrote it; the same command, or a writer that names none (an update), passes', () => {
    const { dir, a } = setUp();
    const out = join(dir, 'out');
    runFolder(out, a);
    const e = thrown(() => checkOutputOf(out, a, { kind: 'compare' }));
    expect(e).toBeInstanceOf(OtherCommandError);
    expect(e.name).toBe('OtherCommandError');
    expect(e.message).toBe(
      `${out} holds the output of urbsim run (a run folder) for ${a} (committed ${committedAt(out)}), which urbsim compare would replace as a whole: ` +
        `to keep it, choose another folder (--out); to replace it, delete ${out} first`,
    );
    expect(() => checkOutputOf(out, a, { kind: 'run' })).not.toThrow();
    // keepWeighed's update of a run folder names no kind: not checked.
    expect(() => checkOutputOf(out, a)).not.toThrow();
  });

  it('a folder of the file whose command nothing tells (no meta.json, no table of urbsim\'s) is not checked', () => {
    const { dir, a } = setUp();
    const out = join(dir, 'notes');
    writeOutputFolder(out, (o) => o.writeFile('notes.txt', 'x'), { scenarioFile: a });
    expect(() => checkOutputOf(out, a, { kind: 'compare' })).not.toThrow();
  });
});

describe('checkOutputOf: a folder holding the output of another scenario file', () => {
  it('names the file and when it was committed, and says where the file is gone', () => {
    const { dir, a, b } = setUp();
    const out = join(dir, 'out');
    runFolder(out, a);
    const e = thrown(() => checkOutputOf(out, b, { kind: 'run' }));
    expect(e).toBeInstanceOf(OtherScenarioError);
    expect(e.message).toBe(`${out} holds the output of ${a} (committed ${committedAt(out)}), not of ${b}; to keep it, choose another folder (--out); to replace it, delete ${out} first`);
    rmSync(a);
    expect(thrown(() => checkOutputOf(out, b, { kind: 'run' })).message).toBe(
      `${out} holds the output of ${a} (committed ${committedAt(out)}; ${a} is gone), not of ${b}; to keep it, choose another folder (--out); to replace it, delete ${out} first`,
    );
  });
});
