import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { keepInUse } from '../../src/cli/compiledCli.mjs';

const BIN = 'src/cli/urbsim.mjs';
const bin = (...args: string[]) => execFileSync(process.execPath, [BIN, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** The records of current builds in a cache (one per checkout, `current-<hash of its root>.json`), by checkout root. */
const records = (cache: string): Map<string, string> =>
  new Map(readdirSync(cache).filter((f) => /^current-[0-9a-f]{16}\.json$/.test(f)).map((f) => {
    const { root, build } = JSON.parse(readFileSync(join(cache, f), 'utf8')) as { root: string; build: string };
    return [root, build];
  }));
/** The build of the only checkout that used `cache`. */
const onlyBuild = (cache: string): string => {
  const all = [...records(cache).values()];
  expect(all).toHaveLength(1);
  return all[0];
};

describe('the compiled command (src/cli/urbsim.mjs)', () => {
  it('runs the npm scripts that start worker threads again and again (fit, cross-validation, widths), not tsx', () => {
    // Under tsx every worker thread registers tsx's loader (src/montecarlo/worker.mjs), whose esbuild service process
    // is left a zombie ([esbuild] <defunct>) when the thread ends, until the command exits: 96 in a cross-validation of
    // 4 areas at 100 runs (a pool per fit), none through the bundle, whose workers load no loader; the same files
    // (2026-12-05, urbsim backtest --cross-validate on dalian, dongguan, huizhou and changsha's rows of observed.csv).
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const name of ['defaults:fit', 'cross-validate', 'widths']) {
      const commands = scripts[name].split('&&').map((c) => c.trim());
      for (const c of commands) expect(c, name).toMatch(/^node src\/cli\/urbsim\.mjs /);
    }
  });

  it('writes the same files as the TypeScript command, worker threads included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-compiled-'));
    bin('run', 'scenarios/dalian.yaml', '--runs', '120', '--workers', '2', '--out', join(dir, 'compiled'));
    const { code } = await cli(['run', 'scenarios/dalian.yaml', '--runs', '120', '--out', join(dir, 'ts')]);
    expect(code).toBe(0);
    const arrows = readdirSync(join(dir, 'ts')).filter((f) => f.endsWith('.arrow'));
    expect(arrows.length).toBeGreaterThanOrEqual(5);
    for (const f of arrows) expect(readFileSync(join(dir, 'compiled', f)).equals(readFileSync(join(dir, 'ts', f))), f).toBe(true);
  }, 120_000);

  it('built outside node_modules (the temp folder, for a user who cannot write node_modules/.cache): finds its packages, worker threads included', async () => {
    // It failed at once: 'Cannot find package piscina imported from /tmp/urbsim-…/chunk-….mjs', exit 1.
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-elsewhere-'));
    const cache = join(dir, 'cache');
    execFileSync(process.execPath, [BIN, 'run', 'scenarios/dalian.yaml', '--runs', '120', '--workers', '2', '--out', join(dir, 'compiled')], { stdio: 'ignore', env: { ...process.env, URBSIM_BUILD_CACHE: cache } });
    expect(readdirSync(cache).filter((f) => f.startsWith('build-'))).toHaveLength(1);
    const { code } = await cli(['run', 'scenarios/dalian.yaml', '--runs', '120', '--out', join(dir, 'ts')]);
    expect(code).toBe(0);
    for (const f of ['trajectories.arrow', 'summary.arrow']) expect(readFileSync(join(dir, 'compiled', f)).equals(readFileSync(join(dir, 'ts', f))), f).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s while the threads write the metric file: exit %i, no staging folder, metric file or lock left, the earlier run untouched', async (signal, code) => {
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-signal-'));
    const out = join(dir, 'out');
    bin('run', 'scenarios/dalian.yaml', '--runs', '3', '--out', out);
    const before = readFileSync(join(out, 'trajectories.arrow'));
    const child = spawn(process.execPath, [BIN, 'run', 'scenarios/dalian.yaml', '--runs', '100000', '--workers', '2', '--out', out], { stdio: 'ignore' });
    const exited = new Promise<[number | null, string | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    // The metric file beside the staging folder (.urbsim/out.tmp-<pid>-…/metrics.spill.tmp-<pid>) once runs are in it.
    const work = join(dir, '.urbsim');
    const spilling = () => existsSync(work) && readdirSync(work).some((e) => e.startsWith('out.tmp-') && readdirSync(join(work, e)).some((f) => statSync(join(work, e, f)).size > 0));
    for (let i = 0; i < 1200 && !spilling(); i++) await new Promise((r) => setTimeout(r, 25));
    expect(spilling()).toBe(true);
    child.kill(signal);
    expect(await exited).toEqual([code, null]); // not killed by the signal: exited through process.exit
    expect(existsSync(work)).toBe(false);
    expect(readFileSync(join(out, 'trajectories.arrow')).equals(before)).toBe(true);
  }, 120_000);

  it('is rebuilt when a source file changes, and not otherwise', () => {
    // In a cache of its own (URBSIM_BUILD_CACHE): node_modules/.cache/urbsim is shared by every checkout whose
    // node_modules is the same folder (worktrees), each rebuilding it for its own sources, and a build between the
    // two runs below read as this test's.
    const base = mkdtempSync(join(tmpdir(), 'urbsim-rebuilt-'));
    const cache = join(base, 'cache');
    const own = (...args: string[]) => execFileSync(process.execPath, [BIN, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, URBSIM_BUILD_CACHE: cache } });
    const buildId = () => onlyBuild(cache);
    try {
      own('--version');
      const before = buildId();
      own('--version');
      expect(buildId()).toBe(before);
      expect(readdirSync(cache).filter((f) => f.startsWith('build-'))).toEqual([before]);
      const source = 'src/cli/main.ts';
      const { atime } = statSync(source);
      utimesSync(source, atime, new Date()); // same text, new time: as an edit would leave it
      expect(own('--version').trim()).toMatch(/^\d+\.\d+\.\d+/);
      expect(buildId()).not.toBe(before);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 120_000);

  it("another checkout's build is not reused, even with every file of the same path, size and time; each keeps its own", () => {
    // Two `git archive` snapshots of commits landed in the same second, at the same depth (so the same relative path to
    // the shared node_modules), sharing one cache: the second ran the first's bundle, whose modules read data/ from the
    // first's folder (their import.meta.url kept; readme's finding, 2026-12-05). Here two copies of this checkout, their
    // files' times kept, at base/a/copy and base/b/copy.
    const base = mkdtempSync(join(tmpdir(), 'urbsim-twocheckouts-'));
    const cache = join(base, 'cache');
    const env = { ...process.env, URBSIM_BUILD_CACHE: cache };
    const builtFrom = (build: string) =>
      [...new Set(readdirSync(join(base, 'cache', build)).flatMap((f) => readFileSync(join(base, 'cache', build, f), 'utf8').match(/file:\/\/[^"]*?\/src\//g) ?? []))];
    try {
      const roots = ['a', 'b'].map((x) => join(base, x, 'copy'));
      for (const root of roots) {
        for (const part of ['src', 'data', 'package.json', 'package-lock.json']) cpSync(part, join(root, part), { recursive: true, preserveTimestamps: true });
        symlinkSync(realpathSync('node_modules'), join(root, 'node_modules'));
      }
      const version = (root: string) => expect(execFileSync(process.execPath, [join(root, BIN), '--version'], { encoding: 'utf8', env }).trim()).toMatch(/^\d+\.\d+\.\d+/);
      for (const root of roots) version(root);
      const builds = roots.map((root) => records(cache).get(`${root}/`)!);
      expect(builds[1]).not.toBe(builds[0]);
      builds.forEach((b, i) => expect(builtFrom(b)).toEqual([`${pathToFileURL(roots[i]).href}/src/`]));
      // Each checkout keeps its own record: back to the first, nothing is built anew (with one record for all, each
      // switch between worktrees rebuilt, 2.3–2.9 s a command where 0.1 s; robust's measurement, 20:20).
      version(roots[0]);
      expect(records(cache).get(`${roots[0]}/`)).toBe(builds[0]);
      expect(readdirSync(cache).filter((f) => f.startsWith('build-')).sort()).toEqual([...builds].sort());
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 120_000);

  it('a build in use by a running command is not pruned by a build elsewhere, however long ago it was built', async () => {
    // A cross-validation of 65 minutes failed at its last fold: 'Cannot find module …/build-…/worker.mjs', its build
    // pruned as older than an hour by a command of another checkout sharing node_modules/.cache.
    const base = mkdtempSync(join(tmpdir(), 'urbsim-inuse-'));
    const cache = join(base, 'cache');
    const env = { ...process.env, URBSIM_BUILD_CACHE: cache };
    const buildId = () => onlyBuild(cache);
    const source = 'src/cli/main.ts';
    try {
      execFileSync(process.execPath, [BIN, '--version'], { stdio: 'ignore', env });
      const first = buildId();
      const twoHoursAgo = new Date(Date.now() - 7_200_000);
      utimesSync(join(cache, first), twoHoursAgo, twoHoursAgo); // built two hours ago, reused now
      const out = join(base, 'out');
      const child = spawn(process.execPath, [BIN, 'run', 'scenarios/dalian.yaml', '--runs', '100000', '--workers', '1', '--out', out], { stdio: 'ignore', env });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      const running = () => existsSync(join(base, '.urbsim'));
      for (let i = 0; i < 2400 && !running(); i++) await new Promise((r) => setTimeout(r, 25));
      expect(running()).toBe(true);
      const { atime } = statSync(source);
      utimesSync(source, atime, new Date()); // a source edited meanwhile: the next command builds anew and prunes
      execFileSync(process.execPath, [BIN, '--version'], { stdio: 'ignore', env });
      expect(buildId()).not.toBe(first);
      expect(existsSync(join(cache, first, 'worker.mjs'))).toBe(true);
      child.kill('SIGTERM');
      await exited;
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 120_000);

  it('keepInUse marks the build at once and again every interval', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-mark-'));
    const old = new Date(Date.now() - 7_200_000);
    utimesSync(dir, old, old);
    const timer = keepInUse(dir, 40);
    try {
      expect(Date.now() - statSync(dir).mtimeMs).toBeLessThan(60_000);
      utimesSync(dir, old, old);
      await new Promise((r) => setTimeout(r, 200));
      expect(Date.now() - statSync(dir).mtimeMs).toBeLessThan(60_000);
    } finally {
      clearInterval(timer);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('URBSIM_BUILD_CACHE relative: from the working folder, as a path on the command line is; a file there: said, exit 2', () => {
    // Relative, esbuild wrote the build under the project (its working folder) and the command looked for it under the
    // user's: 'Cannot find module …/cachedir/build-…/urbsim.mjs', a stack trace, exit 1. A file in its place:
    // 'EEXIST: file already exists, mkdir …' and Node's stack trace.
    const base = mkdtempSync(join(tmpdir(), 'urbsim-cache-'));
    const run = (cache: string) => spawnSync(process.execPath, [join(process.cwd(), BIN), '--version'], { cwd: base, encoding: 'utf8', env: { ...process.env, URBSIM_BUILD_CACHE: cache } });
    try {
      const relative = run('cache');
      expect([relative.status, relative.stderr]).toEqual([0, '']);
      expect(records(join(base, 'cache')).size).toBe(1);
      expect(existsSync('cache')).toBe(false); // nothing under the project
      writeFileSync(join(base, 'file'), '');
      const file = run('file');
      expect([file.status, file.stderr]).toEqual([2, 'urbsim: cannot build the command into URBSIM_BUILD_CACHE=file (a file is there, not a folder): set it to a folder urbsim may write, or unset it\n']);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 120_000);

  it("URBSIM_BUILD_CACHE naming a folder of the user's (/, a home): refused, exit 2, nothing written there nor deleted", () => {
    // The cache prunes folders named build-… an hour old and links node_modules into itself: URBSIM_BUILD_CACHE=~/work
    // deleted a build-thesis/ of three hours with what it held and left build-…/, current-….json and node_modules among
    // the user's files, exit 0 (2026-12-05, main f926b71); URBSIM_BUILD_CACHE=/ as root wrote the same into /. Here a
    // folder made like those (/ itself is not used: the command, were it to regress, would write into the machine's
    // root; by hand, with the fix, it said "(it holds .dockerenv, which …)", exit 2, and / was unchanged).
    const base = mkdtempSync(join(tmpdir(), 'urbsim-userfolder-'));
    const home = join(base, 'home');
    mkdirSync(join(home, 'build-thesis'), { recursive: true });
    mkdirSync(join(home, 'etc'));
    writeFileSync(join(home, 'build-thesis', 'chapter1.tex'), 'precious');
    writeFileSync(join(home, 'etc', 'passwd'), 'root:x:0:0');
    const threeHoursAgo = new Date(Date.now() - 3 * 3_600_000);
    utimesSync(join(home, 'build-thesis'), threeHoursAgo, threeHoursAgo);
    try {
      const r = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8', env: { ...process.env, URBSIM_BUILD_CACHE: home } });
      expect([r.status, r.stdout, r.stderr]).toEqual([
        2,
        '',
        `urbsim: cannot build the command into URBSIM_BUILD_CACHE=${home} (it holds build-thesis, which the build cache does not write; the cache removes ` +
          'its old builds, so it must be a new or empty folder of its own): set it to a folder urbsim may write, or unset it\n',
      ]);
      expect(readdirSync(home).sort()).toEqual(['build-thesis', 'etc']);
      expect(readFileSync(join(home, 'build-thesis', 'chapter1.tex'), 'utf8')).toBe('precious');
      // Only a file of the user's (no build-… of theirs): still refused, by its name.
      rmSync(join(home, 'build-thesis'), { recursive: true });
      const r2 = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8', env: { ...process.env, URBSIM_BUILD_CACHE: home } });
      expect([r2.status, r2.stderr.startsWith(`urbsim: cannot build the command into URBSIM_BUILD_CACHE=${home} (it holds etc, which`)]).toEqual([2, true]);
      expect(readdirSync(home)).toEqual(['etc']);
      // A cache of its own holding a file NFS keeps for a record replaced while another node read it: still used.
      const cache = join(base, 'cache');
      mkdirSync(cache);
      writeFileSync(join(cache, '.nfs000000000123abcd00000001'), '{}');
      const r3 = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8', env: { ...process.env, URBSIM_BUILD_CACHE: cache } });
      expect([r3.status, r3.stderr]).toEqual([0, '']);
      expect(records(cache).size).toBe(1);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 120_000);

  it('URBSIM_BUILD_CACHE of only spaces: refused, exit 2, no folder " " made in the working folder', () => {
    // It was resolved as a relative path: a folder named " " (or "  ") appeared in the working folder, exit 0.
    const base = mkdtempSync(join(tmpdir(), 'urbsim-blankcache-'));
    try {
      const r = spawnSync(process.execPath, [join(process.cwd(), BIN), '--version'], { cwd: base, encoding: 'utf8', env: { ...process.env, URBSIM_BUILD_CACHE: '  ' } });
      expect([r.status, r.stdout, r.stderr]).toEqual([2, '', 'urbsim: URBSIM_BUILD_CACHE: expected a folder, found only spaces ("  "): set it to a folder urbsim may write, or unset it\n']);
      expect(readdirSync(base)).toEqual([]);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('URBSIM_BUILD_CACHE on a virtual file system (/proc): said, exit 2, at once', () => {
    // mkdirSync(…, { recursive: true }) of Node 20 retries for good where mkdir answers ENOENT under a folder that exists:
    // the command spun at full CPU, printing nothing, for 10 min until killed (SIGKILL: it ignored SIGTERM).
    const r = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL', env: { ...process.env, URBSIM_BUILD_CACHE: '/proc/urbsim-cache' } });
    expect([r.status, r.signal, r.stderr]).toEqual([
      2,
      null,
      'urbsim: cannot build the command into URBSIM_BUILD_CACHE=/proc/urbsim-cache (no folder can be made there: a virtual file system, as /proc and /sys are, or one being removed): set it to a folder urbsim may write, or unset it\n',
    ]);
  }, 120_000);
});
