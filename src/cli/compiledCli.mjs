// The command as compiled JavaScript: the TypeScript sources bundled by esbuild (which tsx already brings) into a
// cache folder, rebuilt whenever a source it was built from changed. Plain JavaScript, so that starting the command
// loads neither tsx nor the TypeScript of every module (2–3 s of CPU before; ~0.1 s from the bundle).
import { createHash } from 'node:crypto';
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Entry points, by output name. */
const ENTRIES = { urbsim: 'src/cli/bundleEntry.ts', worker: 'src/montecarlo/worker.ts' };
/**
 * Left to Node: native or worker-spawning packages (piscina starts its threads from its own files), and what only
 * `report` and the notebooks load.
 */
const EXTERNAL = ['piscina', '@resvg/resvg-js', 'esbuild', 'vite', '@observablehq/notebook-kit', 'playwright-core', 'linkedom', '@observablehq/plot'];

/**
 * Where the bundles live: the package's node_modules/.cache (gitignored, like node_modules), else the temp folder; only
 * `URBSIM_BUILD_CACHE` when set (a test's own cache, which no other checkout sharing node_modules rebuilds under it).
 */
function cacheDirs() {
  // Resolved here, from the working folder: esbuild wrote a relative one under the project (its working folder), and
  // the command then looked for it under the user's ('Cannot find module …/build-…/urbsim.mjs').
  const set = process.env.URBSIM_BUILD_CACHE;
  // Only spaces, it named a folder " " made in the working folder, as --out " " did before urbsim refused blank paths
  // (blankArguments.ts): refused in the same words. Empty, it is unset (the shell's URBSIM_BUILD_CACHE= clears it).
  if (set && set.trim() === '')
    throw new BuildCacheError(`URBSIM_BUILD_CACHE: expected a folder, found only spaces (${JSON.stringify(set)}): set it to a folder urbsim may write, or unset it`);
  if (set) return [resolve(set)];
  const dirs = [join(ROOT, 'node_modules', '.cache', 'urbsim')];
  const tmp = process.env.TMPDIR || '/tmp';
  dirs.push(join(tmp, `urbsim-${Buffer.from(ROOT).toString('base64url').slice(-24)}`));
  return dirs;
}

/**
 * This checkout's record of its current build in a cache, `current-<16 hex digits of ROOT's SHA-256>.json`: one per
 * checkout, as every worktree shares node_modules/.cache (its node_modules a link to main's). With one record for all,
 * each command in a checkout other than the last one's built anew (2.3–2.9 s where 0.1 s, alternating two worktrees),
 * and a build folder more was left at each switch until pruned.
 */
const CURRENT = `current-${createHash('sha256').update(ROOT).digest('hex').slice(0, 16)}.json`;

/**
 * The build named in this checkout's record ({@link CURRENT}), when it was built from this checkout and every file it
 * was built from is unchanged (same size and mtime). Another checkout's build is not this one's even where every file
 * matches (two copies of one commit, or `git archive` snapshots of two commits landed in the same second, at the same
 * depth): its modules carry their own checkout's `import.meta.url` (keepSourceUrls), and read that checkout's data/
 * and .wasm.
 */
function currentBuild(cache) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(cache, CURRENT), 'utf8'));
  } catch {
    return undefined;
  }
  if (manifest.root !== ROOT) return undefined;
  for (const [file, [mtimeMs, size]] of Object.entries(manifest.inputs)) {
    let s;
    try {
      s = statSync(join(ROOT, file));
    } catch {
      return undefined;
    }
    if (s.mtimeMs !== mtimeMs || s.size !== size) return undefined;
  }
  const dir = join(cache, manifest.build);
  return existsSync(join(dir, 'urbsim.mjs')) ? dir : undefined;
}

/**
 * `import.meta.url` of each source module stays the source file's, so that files found next to the sources (data/,
 * the kernel's .wasm) are found from the bundle too.
 */
const keepSourceUrls = {
  name: 'keep-source-urls',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
      loader: 'ts',
    }));
  },
};

/**
 * zod's error messages in English only: every other language (`z.locales`, which urbsim never uses) was a fifth of
 * the bundle, parsed at every start (−4 % of the instructions of `urbsim --version`, by callgrind).
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: "export { default as en } from './en.js';", loader: 'js' }));
  },
};

/**
 * The files whose change makes a build stale: every source file of the project, and for each bundled package its
 * package.json (an install or upgrade rewrites it), rather than its hundreds of files, each checked at every start.
 */
function watched(inputs) {
  const files = new Set(['package-lock.json', 'src/cli/compiledCli.mjs']); // and how it is built
  for (const file of inputs) {
    const pkg = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file);
    files.add(pkg ? `${pkg[1]}/package.json` : file);
  }
  return [...files].filter((f) => existsSync(join(ROOT, f)));
}

/**
 * A cache outside the package's node_modules (the temp folder's, for a user who cannot write node_modules/.cache) gets
 * a link to it, `node_modules`: the bundles' imports of the packages left to Node (piscina, …) are resolved from where
 * the bundles are, and found nothing there ('Cannot find package piscina'). Linked first and read after, as another
 * process's first build may link it at the same time (then it is there: 'EEXIST' is no failure).
 */
function linkPackages(cache) {
  const packages = join(ROOT, 'node_modules');
  if (resolve(cache).startsWith(packages + sep)) return;
  const link = join(cache, 'node_modules');
  const make = () => {
    try {
      symlinkSync(packages, link, 'junction');
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
  };
  make();
  if (readlinkSync(link) === packages) return;
  rmSync(link, { force: true }); // another checkout's: this one's packages
  make();
}

/**
 * `mkdirSync(dir, { recursive: true })` one level at a time from the nearest folder that exists, as src/io/makeDirs.ts
 * does for output folders: Node 20's recursive form retries for good where mkdir answers ENOENT under a folder that
 * exists (URBSIM_BUILD_CACHE=/proc/x spun at full CPU, printing nothing, deaf to Ctrl-C). A file in the folder's place
 * throws mkdir's EEXIST, as the recursive form did.
 */
function makeDir(dir) {
  const missing = [];
  for (let p = resolve(dir); !existsSync(p); p = dirname(p)) {
    missing.push(p);
    if (dirname(p) === p) break;
  }
  if (missing.length === 0 && !statSync(dir).isDirectory()) mkdirSync(dir);
  for (const p of missing.reverse()) {
    try {
      mkdirSync(p);
    } catch (e) {
      if (e.code !== 'EEXIST') throw e; // made meanwhile by another process's first build
    }
  }
}

/** A build's folder, `build-<time in base 36>-<pid>`, as {@link build} names it: the only folders {@link prune} removes. */
const BUILD = /^build-[0-9a-z]+-\d+$/;
/** This or another checkout's record of its build ({@link CURRENT}), or one being written (renamed when whole). */
const RECORD = /^current-[0-9a-f]{16}\.json(\.tmp-\d+)?$/;
/** A file NFS keeps in a removed or replaced file's place while a process still holds it open (`.nfs` and hex digits). */
const NFS_KEPT = /^\.nfs[0-9a-f]+$/;

/**
 * The first entry of `cache` that the cache did not write (sorted, so the error names the same one each time), or
 * undefined. The cache removes builds an hour old and replaces its node_modules link: pointed at a folder of the
 * user's (URBSIM_BUILD_CACHE=/ or ~/projects) it wrote its builds and a node_modules link among the user's files and
 * deleted, with their contents, folders named build-… an hour old (a build-thesis/ lost, exit 0). A cache must be a
 * folder of its own: new, empty, or holding only what {@link build} writes.
 *
 * @example
 * foreignEntry('/');                              // 'bin'
 * foreignEntry('node_modules/.cache/urbsim');     // undefined
 */
function foreignEntry(cache) {
  let names;
  try {
    names = readdirSync(cache).sort();
  } catch (e) {
    // No folder yet (made by makeDir below), or a file in its place (which makeDir says as such).
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return undefined;
    throw e;
  }
  for (const name of names) {
    let s;
    try {
      s = lstatSync(join(cache, name));
    } catch {
      continue; // pruned or renamed meanwhile by another process's build
    }
    // .nfs…: NFS keeps a record renamed over while another node still had it open under such a name until it closes
    // it (a cluster's tasks sharing node_modules): the cache's own, not the user's.
    const ours = BUILD.test(name) ? s.isDirectory() : RECORD.test(name) || NFS_KEPT.test(name) ? s.isFile() : name === 'node_modules' && s.isSymbolicLink();
    if (!ours) return name;
  }
  return undefined;
}

async function build(cache) {
  const { build: esbuild } = await import('esbuild');
  const foreign = foreignEntry(cache);
  if (foreign !== undefined)
    throw Object.assign(new Error(`it holds ${foreign}, which the build cache does not write; the cache removes its old builds, so it must be a new or empty folder of its own`), {
      code: 'EFOREIGN',
    });
  makeDir(cache);
  linkPackages(cache);
  const id = `build-${Date.now().toString(36)}-${process.pid}`;
  const out = join(cache, id);
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: out,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    metafile: true,
    logLevel: 'silent',
    plugins: [keepSourceUrls, zodEnglishOnly],
    // Bundled CommonJS packages call require(); give ESM output one.
    banner: { js: "import { createRequire as __urbsimRequire } from 'node:module'; const require = __urbsimRequire(import.meta.url);" },
  });
  const inputs = {};
  for (const file of watched(Object.keys(result.metafile.inputs))) {
    const s = statSync(join(ROOT, file));
    inputs[file] = [s.mtimeMs, s.size];
  }
  // Written under a temporary name and renamed: a reader sees the old build or the whole new one.
  const tmp = join(cache, `${CURRENT}.tmp-${process.pid}`);
  const fd = openSync(tmp, 'w');
  writeSync(fd, JSON.stringify({ build: id, root: ROOT, inputs }));
  closeSync(fd);
  renameSync(tmp, join(cache, CURRENT));
  prune(cache, id);
  return out;
}

/** How long a build nobody has marked in use is kept; a process in use of one marks it every {@link MARK_EVERY}. */
const UNUSED_FOR = 3_600_000;
const MARK_EVERY = 600_000;

/**
 * Builds other than `keep` that no process has marked in use for an hour ({@link keepInUse}): a command loads chunks
 * and starts worker threads from its build for as long as it runs, hours for a batch or a cross-validation, and
 * another checkout sharing node_modules, or a source edited meanwhile, builds anew and prunes.
 */
function prune(cache, keep) {
  for (const name of readdirSync(cache)) {
    if (!BUILD.test(name) || name === keep) continue;
    try {
      if (Date.now() - statSync(join(cache, name)).mtimeMs > UNUSED_FOR) rmSync(join(cache, name), { recursive: true, force: true });
    } catch {
      // another process pruned it
    }
  }
}

/**
 * Marks the build `dir` in use now and every `every` ms while the process runs (its folder's time, which {@link prune}
 * reads): a cross-validation of an hour lost its build to a rebuild elsewhere ('Cannot find module
 * …/build-…/worker.mjs' when a fold started its threads). The timer does not keep the process alive.
 *
 * @example
 * const timer = keepInUse(dir); // …
 * clearInterval(timer);
 */
export function keepInUse(dir, every = MARK_EVERY) {
  const mark = () => {
    try {
      const now = new Date();
      utimesSync(dir, now, now);
    } catch {
      // a cache urbsim may read but not write: its builds are nobody else's to prune either
    }
  };
  mark();
  return setInterval(mark, every).unref();
}

/**
 * The folder of an up-to-date build of the command (`urbsim.mjs`, `worker.mjs` and their shared chunks), built now
 * when there is none or a source changed.
 *
 * @example
 * const dir = await compiledCli();
 * const { main } = await import(pathToFileURL(join(dir, 'urbsim.mjs')).href);
 */
export async function compiledCli() {
  const failed = [];
  for (const cache of cacheDirs()) {
    const dir = currentBuild(cache);
    if (dir) return dir;
    try {
      return await build(cache);
    } catch (e) {
      if (!e.code) throw e; // not the file system's: the build's own (a source that does not compile)
      failed.push({ cache, why: FS_REASONS[e.code] ?? e.message }); // not writable: try the next place
    }
  }
  const set = process.env.URBSIM_BUILD_CACHE;
  throw new BuildCacheError(
    set
      ? `cannot build the command into URBSIM_BUILD_CACHE=${set} (${failed[0].why}): set it to a folder urbsim may write, or unset it`
      : `cannot build the command into ${failed.map((f) => `${f.cache} (${f.why})`).join(' nor ')}: set URBSIM_BUILD_CACHE to a folder urbsim may write`,
  );
}

/**
 * No folder to build the command into (URBSIM_BUILD_CACHE a file, a folder not writable): said as such by the `urbsim`
 * bin, exit code 2; it was Node's own stack trace ('EEXIST: file already exists, mkdir …', exit code 1).
 */
export class BuildCacheError extends Error {
  name = 'BuildCacheError';
}

const FS_REASONS = {
  EEXIST: 'a file is there, not a folder',
  ENOENT: 'no folder can be made there: a virtual file system, as /proc and /sys are, or one being removed',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'a read-only file system',
  ENOSPC: 'the disk is full',
};

