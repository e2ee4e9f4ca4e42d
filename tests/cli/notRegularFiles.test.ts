import { spawn, spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

// A pipe nobody writes, named where a file is read, used to block the command for good: `validate fifo.yaml` hung
// (even SIGTERM could not stop it, its handler waiting behind the blocked read), as did an observed CSV and the files
// of a run folder. Each command runs in a child with a deadline, killed with SIGKILL, so a hang fails the test.
const dir = writeScenarios({ 's.yaml': `${MINIMAL}name: s\nmonte_carlo: { runs: 4, seed: 1 }\n` });
const fifo = (name: string) => {
  const r = spawnSync('mkfifo', [join(dir, name)]);
  if (r.status !== 0) throw new Error(`mkfifo ${name}: ${r.stderr}`);
  return join(dir, name);
};

/** The command in a child process: its exit code, stderr, and the signal that killed it at the deadline. */
function urbsim(args: string[]): Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/urbsim.ts', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    const deadline = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (status, signal) => {
      clearTimeout(deadline);
      done({ status, signal, stderr });
    });
  });
}

const run = join(dir, 'run');
beforeAll(async () => {
  const r = await cli(['run', join(dir, 's.yaml'), '--out', run]);
  expect(r.code, r.err).toBe(0);
  // The same run folder twice over: once with a pipe for its manifest, once for its trajectories.
  for (const [copy, file] of [['pipe-manifest', 'manifest.json'], ['pipe-trajectories', 'trajectories.arrow']]) {
    cpSync(run, join(dir, copy), { recursive: true });
    rmSync(join(dir, copy, file));
    fifo(join(copy, file));
  }
}, 60_000);

describe('a pipe where a file is read: exit 2 at once, saying what it is, where, and what was expected', () => {
  it('a scenario, an observed CSV, and the files of --runs-from and merge folders', async () => {
    const scenario = fifo('pipe.yaml');
    const observed = fifo('pipe.csv');
    const cases: [string[], string][] = [
      [['validate', scenario], `${scenario}:1:1 cannot read the file: expected a regular scenario file, found a pipe`],
      [['run', scenario, '--out', join(dir, 'never-run')], `${scenario}:1:1 cannot read the file: expected a regular scenario file, found a pipe`],
      [['calibrate', join(dir, 's.yaml'), '--observed', observed, '--out', join(dir, 'never-cal')], `${observed}: cannot read the file: expected a regular file, found a pipe`],
      [['fit-defaults', observed, '--out', join(dir, 'never.json')], `${observed}: cannot read the file: expected a regular file, found a pipe`],
      [['calibrate', join(dir, 's.yaml'), '--observed', 'data/observed/observed.csv', '--runs-from', join(dir, 'pipe-trajectories'), '--out', join(dir, 'never-from')],
        `${join(dir, 'pipe-trajectories', 'trajectories.arrow')}: expected a regular file, found a pipe`],
      [['merge', join(dir, 'pipe-manifest'), '--out', join(dir, 'never-merged')], `${join(dir, 'pipe-manifest', 'manifest.json')}: expected a regular file, found a pipe`],
    ];
    const results = await Promise.all(cases.map(([args]) => urbsim(args)));
    results.forEach((r, i) => {
      const [args, message] = cases[i];
      expect(r.signal, `${args.join(' ')}: killed at the deadline, it hung`).toBeNull();
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    });
  }, 120_000);

  it('a pipe named where a run folder is expected is said as a pipe, not "a file"', async () => {
    const r = await cli(['merge', fifo('pipe-folder'), '--out', join(dir, 'never')]);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(`${join(dir, 'pipe-folder')} is a pipe: expected an urbsim run folder (urbsim run --out)`);
  });
});
