// `npm run notebooks` / `npm run notebooks:build` / `npm run notebooks:serve`: stage run outputs and preview or build
// the notebook site, or serve the built one (browsers do not run its scripts from file://).
//   tsx notebooks/site.ts preview [--data DIR]... [--stage DIR] [--port N] [--host NAME]
//   tsx notebooks/site.ts build   [--data DIR]... [--out DIR] [--stage DIR]
//   tsx notebooks/site.ts serve   [--out DIR] [--port N] [--host NAME]
// (an option a command does not take is refused: TAKES below)
// --data may repeat; each is a run folder, a batch folder, or a folder of them (default: out).
// --stage is where the data is copied for the site (default notebooks/.observable/site-data).
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { shellWord } from '../src/cli/shellWord.ts';
import { InputError } from '../src/inputError.ts';

/** An option it cannot take: said on stderr as urbsim's commands say it, exit 2 (it was Node's stack trace, exit 1). */
function refuse(message: string): never {
  console.error(`notebooks: ${message}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { data: { type: 'string', multiple: true }, out: { type: 'string' }, stage: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } },
  });
} catch (e) {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    refuse(`unknown option '${/'([^']+)'/.exec(err.message)?.[1] ?? ''}' (the options: --data DIR, --out DIR, --stage DIR, --port N, --host NAME)`);
  if (err.code?.startsWith('ERR_PARSE_ARGS_')) refuse(err.message.split('\n')[0].replace(/^Option/, 'option'));
  throw e;
}
const { positionals, values } = parsed;
// --port abc or 99999 was Vite's 'No available ports found between NaN and 65535', 1.5 net's validatePort: stack traces.
if (values.port !== undefined && !(/^\d+$/.test(values.port) && Number(values.port) >= 1 && Number(values.port) <= 65535))
  refuse(`--port: expected a whole number from 1 to 65535, found "${values.port}"`);
// The site's modules (Vite, Notebook Kit) load only once the options are taken: a refusal above is said at once.
const { buildNotebookSite, previewNotebookSite, serveNotebookSite } = await import('../src/report/notebookSite.ts');
const [command = 'preview', ...extra] = positionals;
// A folder given without --data is not a source: `npm run notebooks:build --data DIR` reaches here as `build DIR`
// (npm takes --data for its own config), and the site was built from out/ alone, saying 'no run folders found'.
if (extra.length > 0) {
  const script = command === 'preview' ? 'notebooks' : `notebooks:${command}`;
  console.error(
    `notebooks: unexpected argument ${extra.join(' ')}: a folder to show is given with --data DIR; through npm, after a --: ` +
      `npm run ${script} -- --data ${extra[0]} (npm keeps an option before the -- for itself)`,
  );
  process.exit(2);
}
// An option the command does not take was ignored without a word: `npm run notebooks:serve -- --data out/x` served the
// site built before, not out/x, and `npm run notebooks:build -- --port 8080` served nothing on it.
const TAKES: Record<string, { readonly options: readonly string[]; readonly script: string }> = {
  preview: { options: ['data', 'stage', 'port', 'host'], script: 'npm run notebooks' },
  build: { options: ['data', 'out', 'stage'], script: 'npm run notebooks:build' },
  serve: { options: ['out', 'port', 'host'], script: 'npm run notebooks:serve' },
};
const WHY: Record<string, string> = {
  data: 'it serves the site as built: build it from the folders first (npm run notebooks:build -- --data DIR), then serve it',
  stage: 'it stages nothing: it serves the site as built (--out)',
  out: 'it builds nothing: its pages come from the notebooks as they are (npm run notebooks:build -- --out DIR writes a site)',
  port: 'it serves nothing: give --port to npm run notebooks (preview) or npm run notebooks:serve',
  host: 'it serves nothing: give --host to npm run notebooks (preview) or npm run notebooks:serve',
};
const takes = TAKES[command];
const unused = takes ? Object.keys(values).filter((k) => values[k as keyof typeof values] !== undefined && !takes.options.includes(k)) : [];
if (unused.length) refuse(`--${unused[0]}: not an option of ${command} (${takes!.script}): ${WHY[unused[0]]}`);
const sources = values.data ?? ['out'];
// A --data given that is no folder is a typo, not an empty site: say so before anything is staged or built. (The
// default, out/, may well not exist yet: the built site then says to run npm start.)
const notFolder = (values.data ?? []).find((d) => !existsSync(d) || !statSync(d).isDirectory());
if (notFolder !== undefined && command !== 'serve') {
  console.error(`notebooks: --data ${notFolder}: ${existsSync(notFolder) ? 'not a folder' : 'no such folder'} (expected a run, batch, compare or sensitivity folder, or a folder of them)`);
  process.exit(2);
}
/**
 * A folder staged that urbsim cannot read (a file of it damaged, a pipe in a file's place): its message, exit 2, as
 * urbsim's commands say it; it was an unhandled rejection's stack trace, exit 1.
 */
async function said<T>(what: string, f: () => Promise<T>): Promise<T | undefined> {
  try {
    return await f();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    console.error(`${what}: ${e.message}`);
    process.exitCode = 2;
    return undefined;
  }
}

if (command === 'build') {
  const built = await said('notebooks', () => buildNotebookSite({ sources, outDir: values.out, dataDir: values.stage }));
  if (built === undefined) process.exit();
  const { manifest, outDir, pages } = built;
  const count = (kind: string) => manifest.folders.filter((f) => f.kind === kind).length;
  const runs = count('run');
  // Every kind of folder the pages read: a compare or sensitivity folder staged is what the levers and sensitivity pages open on.
  const kinds = (['run', 'batch', 'compare', 'sensitivity'] as const).map((k) => [k, count(k)] as const).filter(([k, n]) => n > 0 || k === 'run');
  const listed = kinds.map(([k, n], i) => `${i > 0 && i === kinds.length - 1 ? 'and ' : ''}${n} ${k}`).join(kinds.length > 2 ? ', ' : ' ');
  console.log(`built ${pages.join(', ')} into ${outDir} with ${listed} folder${kinds.length === 1 && runs === 1 ? '' : 's'} from ${sources.join(', ')}`);
  if (runs === 0) console.log('no run folders found: run `npm start` (writes out/dalian) or `urbsim run …` first');
  // Built elsewhere than notebooks/dist (--out), the site is served only when serve is told where: the hint said
  // `npm run notebooks:serve` alone, which serves notebooks/dist (another build's site, or "nothing built").
  const serve = values.out === undefined ? 'npm run notebooks:serve' : `npm run notebooks:serve -- --out ${shellWord(values.out)}`;
  console.log(`open it with \`${serve}\` (browsers do not run its scripts from a file)`);
} else if (command === 'preview') {
  await said('notebooks', () => previewNotebookSite({ sources, dataDir: values.stage, port: values.port ? Number(values.port) : undefined, host: values.host }));
} else if (command === 'serve') {
  await said('notebooks:serve', () => serveNotebookSite({ outDir: values.out, port: values.port ? Number(values.port) : undefined, host: values.host }));
} else {
  console.error(`unknown command ${command}: use preview, build or serve`);
  process.exitCode = 2;
}
