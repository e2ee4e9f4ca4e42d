import { existsSync, readdirSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { config, observable } from '@observablehq/notebook-kit/vite';
import { type Alias, type InlineConfig, type Plugin, build, createServer, preview } from 'vite';
import { displayPath } from '../io/displayPath.ts';
import { InputError } from '../inputError.ts';
import { FolderBusyError, type FolderLock, acquireLock } from '../io/folderLock.ts';
import { makeDirs } from '../io/makeDirs.ts';
import { checkListenHost, listening } from './listenHost.ts';
import type { DataManifest } from './dataManifest.ts';
import { prepareNotebookData } from './prepareNotebookData.ts';

/** Where the notebooks are, where their data comes from, where the site goes. */
export interface NotebookSiteOptions {
  /** Folder of the notebook `.html` files (default `notebooks`). */
  readonly root?: string;
  /** Output folders to stage (default `['out']`). */
  readonly sources?: readonly string[];
  /** Staging folder for the data, served as the site's public folder (default `<root>/.observable/site-data`). */
  readonly dataDir?: string;
  /** Built site (default `<root>/dist`). */
  readonly outDir?: string;
  /** Quieter Vite output (tests). */
  readonly quiet?: boolean;
}

const defaults = (o: NotebookSiteOptions) => {
  const root = resolve(o.root ?? 'notebooks');
  return {
    root,
    sources: o.sources ?? ['out'],
    dataDir: resolve(o.dataDir ?? join(root, '.observable', 'site-data')),
    outDir: resolve(o.outDir ?? join(root, 'dist')),
    quiet: o.quiet ?? false,
  };
};

/**
 * The Vite configuration of the site: Notebook Kit's own (`npm:` aliases,
 * top-level await) and its plugin, which turns each notebook `.html` into a
 * page, with the repository's template and the staged data as the public
 * folder. This is what the kit's `notebooks build|preview` CLI does, plus
 * the public folder, which the CLI cannot set.
 */
function viteConfig(o: ReturnType<typeof defaults>): InlineConfig {
  const { config: kit, plugins } = kitConfig();
  return {
    ...kit,
    configFile: false,
    plugins: [...plugins, observable({ template: join(o.root, 'template.html') })],
    root: o.root,
    base: './',
    publicDir: o.dataDir,
    logLevel: o.quiet ? 'warn' : 'info',
  };
}

/**
 * Notebook Kit's Vite configuration with its `npm:` alias turned into a
 * plugin. The kit (2.1.8, the latest) resolves `npm:` imports (the lazily
 * loaded parts of its standard library: DuckDB, Mermaid, …) with an alias
 * whose `customResolver` maps them to external CDN URLs; Vite 8 deprecates
 * `customResolver` and prints a warning on every build. The same function,
 * called from a `resolveId` hook that runs before Vite's own resolution,
 * resolves the same imports the same way without the warning. A kit whose
 * config has no such alias is used as it is.
 */
type Resolver = Extract<Alias['customResolver'], (...args: never[]) => unknown>;

function kitConfig(): { config: InlineConfig; plugins: Plugin[] } {
  const kit = config() as InlineConfig;
  const aliases = kit.resolve?.alias;
  if (!Array.isArray(aliases)) return { config: kit, plugins: [] };
  const custom = (aliases as Alias[]).filter((a) => typeof a.customResolver === 'function');
  if (custom.length === 0) return { config: kit, plugins: [] };
  const plugin: Plugin = {
    name: 'urbsim:notebook-kit-aliases',
    enforce: 'pre',
    resolveId(source, importer, options) {
      for (const a of custom)
        if (typeof a.find === 'string' ? source === a.find || source.startsWith(`${a.find}/`) : a.find.test(source))
          return (a.customResolver as Resolver).call(this, source, importer, options as Parameters<Resolver>[2]);
      return null;
    },
  };
  return { config: { ...kit, resolve: { ...kit.resolve, alias: (aliases as Alias[]).filter((a) => !custom.includes(a)) } }, plugins: [plugin] };
}

/**
 * The notebook pages: every `.html` at the top of the notebooks folder except the page template.
 *
 * @example
 * notebookPages().map((p) => basename(p)); // ['capacity.html', 'index.html', 'levers.html', …]
 */
export function notebookPages(root = 'notebooks'): string[] {
  return readdirSync(root)
    .filter((f) => f.endsWith('.html') && f !== 'template.html')
    .sort()
    .map((f) => join(resolve(root), f));
}

/**
 * Refuse folders the site would lose files of, before anything is staged or built ({@link InputError}, exit code 2):
 * the build empties `outDir` (Vite's emptyOutDir; none for a preview, which builds nothing), so it must be new, empty, or hold only what a build writes there
 * (the pages, `assets/`, `data/`); the staging replaces `dataDir`'s `data/` as a whole and the site publishes all of
 * `dataDir`, so it must be new, empty, or hold only the `data/` of an earlier staging (with its runs.json); and neither
 * may be inside the other, nor a folder to show (`sources`) inside `outDir` or `dataDir`'s `data/`. `npm run
 * notebooks:build -- --out DIR` deleted a file of the user's in DIR, and `--stage .` in the project would have deleted
 * its data/.
 *
 * @example
 * checkSiteFolders({ outDir: 'notebooks/dist', dataDir: 'notebooks/.observable/site-data', root: 'notebooks' }); // fine
 * checkSiteFolders({ outDir: '.', dataDir: 'stage', root: 'notebooks' });
 * // InputError: --out .: holds README.md, …, which building the notebooks does not write; …
 */
export function checkSiteFolders(o: { outDir?: string; dataDir: string; root: string; sources?: readonly string[] }): void {
  // No outDir: a preview, which builds nothing.
  const out = o.outDir === undefined ? undefined : resolve(o.outDir);
  const stage = resolve(o.dataDir);
  const inside = (a: string, b: string) => {
    const rel = relative(b, a);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  if (out !== undefined && inside(stage, out))
    throw new InputError(`--stage ${displayPath(stage)} is inside --out ${displayPath(out)}: the build empties --out, the staged data with it; choose folders apart`);
  if (out !== undefined && inside(out, stage))
    throw new InputError(`--out ${displayPath(out)} is inside --stage ${displayPath(stage)}: the site publishes everything in --stage, and builds into it; choose folders apart`);
  // A folder to show inside either would be deleted by the very command that shows it (a run kept in a site's data/).
  for (const source of o.sources ?? []) {
    if (out !== undefined && inside(resolve(source), out))
      throw new InputError(`--data ${displayPath(source)} is inside --out ${displayPath(out)}: the build empties --out first, so it would be deleted; move it out, or choose another --out`);
    if (inside(resolve(source), join(stage, 'data')))
      throw new InputError(
        `--data ${displayPath(source)} is inside --stage ${displayPath(stage)}'s data/, which staging replaces as a whole, so it would be deleted; move it out, or choose another --stage`,
      );
  }
  const entries = (dir: string) => (existsSync(dir) && statSync(dir).isDirectory() ? readdirSync(dir).sort() : []);
  const listed = (names: readonly string[]) => (names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', '));
  const built = new Set([...notebookPages(o.root).map((p) => basename(p)), 'assets', 'data']);
  const foreign = out === undefined ? [] : entries(out).filter((e) => !built.has(e));
  if (foreign.length)
    throw new InputError(
      `--out ${displayPath(out!)}: holds ${listed(foreign)}, which building the notebooks does not write; the build empties its folder first, so ${foreign.length > 1 ? 'they' : 'it'} would be lost: ` +
        'move it out, or choose a new or empty folder (or one the notebooks were built into)',
    );
  const others = entries(stage).filter((e) => e !== 'data');
  if (others.length)
    throw new InputError(`--stage ${displayPath(stage)}: holds ${listed(others)}; the site publishes everything in its staging folder: choose a new or empty folder (or one the notebooks staged into)`);
  const data = join(stage, 'data');
  if (entries(data).length && !existsSync(join(data, 'runs.json')))
    throw new InputError(
      `--stage ${displayPath(stage)}: its data/ is not data the notebooks staged (it has no runs.json); staging replaces data/ as a whole, so what it holds would be lost: ` +
        'choose a new or empty folder (or one the notebooks staged into)',
    );
}

/**
 * Lock the staging folder for as long as this process stages, builds or serves from it (`<dataDir>.lock`, beside it:
 * the site publishes what is in it): a second staging into it at once removed data/ under the first, whose pages then
 * read one staging's runs.json beside the other's files. A lock whose process is gone is taken over.
 */
function lockStage(dataDir: string, command: string): FolderLock {
  makeDirs(dirname(dataDir));
  try {
    return acquireLock(`${dataDir}.lock`, dataDir, command);
  } catch (e) {
    if (!(e instanceof FolderBusyError)) throw e;
    const h = e.holder;
    throw new InputError(
      `--stage ${displayPath(dataDir)}: is being staged or served by another process (pid ${h.pid}${h.host !== hostname() ? ` on ${h.host}` : ''}, ${h.command}, since ${h.since}); ` +
        'stop it, or give this one another --stage',
    );
  }
}

/**
 * Stage the data and build the static site (`npm run notebooks:build`).
 *
 * @example
 * const { manifest, outDir } = await buildNotebookSite({ sources: ['out'] });
 * // serve outDir with any static server; pages are targets.html, levers.html, …
 */
export async function buildNotebookSite(options: NotebookSiteOptions = {}): Promise<{ manifest: DataManifest; outDir: string; pages: string[] }> {
  const o = defaults(options);
  checkSiteFolders(o);
  const lock = lockStage(o.dataDir, 'npm run notebooks:build');
  try {
    const manifest = prepareNotebookData(o.sources, o.dataDir);
    const pages = notebookPages(o.root);
    await build({ ...viteConfig(o), build: { outDir: o.outDir, emptyOutDir: true, rollupOptions: { input: pages } } });
    return { manifest, outDir: o.outDir, pages: pages.map((p) => p.slice(o.root.length + 1)) };
  } finally {
    lock.release();
  }
}

/**
 * Stage the data and start the preview server (`npm run notebooks`); edits
 * to notebooks reload the page. Data is staged once: run it again after new
 * runs.
 *
 * @example
 * await previewNotebookSite({ sources: ['out', 'runs/2025'] });
 */
export async function previewNotebookSite(options: NotebookSiteOptions & { port?: number; host?: string } = {}): Promise<void> {
  const o = defaults(options);
  checkSiteFolders({ ...o, outDir: undefined });
  // Before the lock and the staging: a --host it cannot listen on leaves nothing behind.
  await checkListenHost(options.host);
  // Held while the server runs, which serves the staged data as it is: released when the process ends.
  const lock = lockStage(o.dataDir, 'npm run notebooks');
  process.on('exit', () => lock.release());
  prepareNotebookData(o.sources, o.dataDir);
  const server = await createServer({ ...viteConfig(o), server: { port: options.port, host: options.host } });
  // The host was checked above, but it may stop resolving (or the port be refused) by the time Vite listens.
  await listening(options.host, () => server.listen()).catch(async (e) => {
    await server.close();
    throw e;
  });
  server.printUrls();
  server.bindCLIShortcuts({ print: true });
}

/**
 * Serve a built site (`npm run notebooks:serve`) on http://localhost:4173/
 * (or `port`). Browsers do not run the pages' module scripts from `file://`,
 * so the built site needs a server, any static one; this is the one that
 * comes with the project.
 *
 * @example
 * await serveNotebookSite({ outDir: 'notebooks/dist', port: 8080 });
 */
export async function serveNotebookSite(options: NotebookSiteOptions & { port?: number; host?: string } = {}): Promise<void> {
  const o = defaults(options);
  // Without a build the server would answer every page with 404: say what to run instead.
  if (!existsSync(join(o.outDir, 'index.html')))
    throw new InputError(`nothing built in ${displayPath(o.outDir)} (no index.html): run npm run notebooks:build first, then npm run notebooks:serve`);
  await checkListenHost(options.host);
  const server = await listening(options.host, () => preview({ ...viteConfig(o), build: { outDir: o.outDir }, preview: { port: options.port ?? 4173, host: options.host, open: false } }));
  server.printUrls();
}
