import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

// README's "Library use" snippets, run as a researcher runs them: each block a file of its own (elsewhere than this
// folder, so `.mts` and the library by its path, as the README says), with tsx. The readers' snippet read the batch's
// table with apache-arrow, which resolves only from this folder; runBatch needed a `load`; nothing showed P(met).
const readme = readFileSync('README.md', 'utf8');
const section = /\n## Library use\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
const dir = mkdtempSync(join(tmpdir(), 'urbsim-library-'));
const tsx = resolve('node_modules/.bin/tsx');

function runBlock(i: number): string {
  const file = join(dir, `block${i}.mts`);
  writeFileSync(file, blocks[i].replaceAll("'./src/index.ts'", JSON.stringify(resolve('src/index.ts'))));
  return execFileSync(tsx, [file], { cwd: dir, encoding: 'utf8', timeout: 240_000 });
}

describe("README's library snippets", () => {
  beforeAll(async () => {
    symlinkSync(resolve('scenarios'), join(dir, 'scenarios'));
    // What the readers' snippet reads: npm start's folder (fewer runs) and a batch's.
    expect((await cli(['run', 'scenarios/dalian.yaml', '--runs', '20', '--out', join(dir, 'out/dalian')])).code).toBe(0);
    expect((await cli(['batch', 'scenarios/pilots/geermu.yaml', '--runs', '6', '--out', join(dir, 'out/pilots')])).code).toBe(0);
  }, 120_000);

  it('are three blocks, each importing the library as ./src/index.ts', () => {
    expect(blocks.length).toBe(3);
    for (const b of blocks) expect(b).toContain("from './src/index.ts'");
  });

  it('project() prints what README says it prints', () => {
    // README: "this one prints `2020 0.7228… 0.6520…`"
    expect(runBlock(0)).toMatch(/^2020 0\.7228\d* 0\.6520\d*\n$/);
  }, 240_000);

  it("a scenario's runs give npm start's P(met), and one column run by run", () => {
    const out = runBlock(1).split('\n');
    // README: "the same P(met) as `npm start` (`registered_rate>=0.67@2017 0.971 …`)", npm start's 97.1 % (95.9–98.0 %)
    expect(out[0]).toMatch(/^registered_rate>=0\.67@2017 0\.971 0\.958\d* 0\.979\d*$/);
    expect(out[4]).toMatch(/^all 0\.412 /);
    expect(out.slice(5).join('\n')).toMatch(/^Float64Array\(1000\) \[/);
  }, 240_000);

  it("read back: the batch's table and a run folder", () => {
    const out = runBlock(2).split('\n');
    expect(out[0]).toMatch(/^geermu [\d.]+ /);
    expect(out[1]).toBe('dalian 20 23');
  }, 240_000);
});
