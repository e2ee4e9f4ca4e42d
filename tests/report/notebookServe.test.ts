import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { checkSiteFolders } from '../../src/report/notebookSite.ts';
import { acquireLock } from '../../src/io/folderLock.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

describe('npm run notebooks:serve before npm run notebooks:build', () => {
  it('says nothing is built and what to run, exit 2, no stack trace, no server started', () => {
    // A fresh checkout has no notebooks/dist: the server used to start and answer every page with 404.
    const empty = mkdtempSync(join(tmpdir(), 'urbsim-nodist-'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'notebooks/site.ts', 'serve', '--out', empty, '--port', '4198'], { encoding: 'utf8', timeout: 50_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`notebooks:serve: nothing built in ${empty} (no index.html): run npm run notebooks:build first, then npm run notebooks:serve\n`);
    expect(r.stdout).toBe('');
  });
});

describe('npm run notebooks:build --data naming no folder', () => {
  it('says which and what it expected, exit 2, before anything is staged or built', () => {
    const root = mkdtempSync(join(tmpdir(), 'urbsim-nodata-'));
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    for (const [data, what] of [[join(root, 'missing'), 'no such folder'], [file, 'not a folder']]) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'notebooks/site.ts', 'build', '--data', root, '--data', data, '--out', join(root, 'dist'), '--stage', join(root, 'stage')], { encoding: 'utf8', timeout: 50_000 });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toBe(`notebooks: --data ${data}: ${what} (expected a run, batch, compare or sensitivity folder, or a folder of them)\n`);
      expect(existsSync(join(root, 'dist'))).toBe(false);
      expect(existsSync(join(root, 'stage'))).toBe(false);
    }
  });
});

describe('npm run notebooks:build --data DIR without the --', () => {
  it('names the folder it was given as an argument and how to give it, exit 2, nothing built', () => {
    // npm takes --data for its own config, so the script gets `build DIR`: it built the site from out/ alone and said
    // 'no run folders found: run npm start'.
    const root = mkdtempSync(join(tmpdir(), 'urbsim-npmdata-'));
    for (const [command, script] of [['build', 'notebooks:build'], ['preview', 'notebooks']]) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'notebooks/site.ts', command, root, '--out', join(root, 'dist'), '--stage', join(root, 'stage')], { encoding: 'utf8', timeout: 50_000 });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toBe(`notebooks: unexpected argument ${root}: a folder to show is given with --data DIR; through npm, after a --: npm run ${script} -- --data ${root} (npm keeps an option before the -- for itself)\n`);
      expect(existsSync(join(root, 'dist'))).toBe(false);
      expect(existsSync(join(root, 'stage'))).toBe(false);
    }
  });
});

describe('npm run notebooks:build on a folder urbsim cannot read', () => {
  it('says which file and why, exit 2, no stack trace, nothing built', async () => {
    // A pipe in a run's file's place (as a damaged meta.json, or a weighed.json that is a folder): the staging's
    // InputError was an unhandled rejection, its stack trace printed, exit 1.
    const dir = writeScenarios({ 'a.yaml': `${MINIMAL}name: a\nmonte_carlo: { runs: 4, seed: 3 }\n` });
    const run = join(dir, 'a-out');
    expect((await cli(['run', join(dir, 'a.yaml'), '--out', run])).code).toBe(0);
    rmSync(join(run, 'summary.arrow'));
    expect(spawnSync('mkfifo', [join(run, 'summary.arrow')]).status).toBe(0);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'notebooks/site.ts', 'build', '--data', run, '--out', join(dir, 'dist'), '--stage', join(dir, 'stage')], { encoding: 'utf8', timeout: 50_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toBe(`notebooks: ${join(run, 'summary.arrow')}: expected a regular file, found a pipe\n`);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  }, 60_000);
});

describe('npm run notebooks:build says what it staged', () => {
  it('every kind of folder the pages read: a comparison counted, not only its run folders', async () => {
    const dir = writeScenarios({
      'a.yaml': `${MINIMAL}name: a\nparameters: { migrant_settle_rate: { dist: uniform, min: 2%, max: 8% } }\nmonte_carlo: { runs: 20, seed: 3 }\n`,
      'b.yaml': `${MINIMAL}name: b\nparameters: { migrant_settle_rate: { dist: uniform, min: 4%, max: 10% } }\nmonte_carlo: { runs: 20, seed: 3 }\n`,
    });
    const cmp = join(dir, 'cmp');
    expect((await cli(['compare', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--out', cmp])).code).toBe(0);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'notebooks/site.ts', 'build', '--data', cmp, '--out', join(dir, 'dist'), '--stage', join(dir, 'stage')], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    // Its two variants' run folders and the comparison (it said "with 2 run and 0 batch folders").
    expect(r.stdout).toContain(` into ${join(dir, 'dist')} with 2 run and 1 compare folders from ${cmp}\n`);
    // Built with --out, serving it needs the same --out: `npm run notebooks:serve` alone serves notebooks/dist.
    expect(r.stdout).toContain(`\nopen it with \`npm run notebooks:serve -- --out ${join(dir, 'dist')}\` (browsers do not run its scripts from a file)\n`);
  }, 180_000);
});

// The build empties --out (Vite's emptyOutDir) and the staging removes --stage's data/ as a whole, whatever they held:
// `npm run notebooks:build -- --out DIR` deleted a thesis.txt in DIR, exit 0 (2026-12-05, main 5b9511b), and `--stage
// .` from the project would delete its data/ folder. The site also publishes everything in --stage. Now a folder
// holding what the build (or the staging) did not write is refused, exit 2, before anything is staged or built.
describe('npm run notebooks:build into folders holding files of the user\'s', () => {
  const site = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'notebooks/site.ts', 'build', ...args], { encoding: 'utf8', timeout: 50_000 });

  it('--out holding a file the build does not write: refused naming it, the file kept, nothing staged', () => {
    const root = mkdtempSync(join(tmpdir(), 'urbsim-siteout-'));
    const out = join(root, 'thesis');
    mkdirSync(out);
    writeFileSync(join(out, 'thesis.txt'), 'precious');
    writeFileSync(join(out, 'index.html'), 'an old page');
    const r = site(['--data', root, '--out', out, '--stage', join(root, 'stage')]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toBe(
      `notebooks: --out ${out}: holds thesis.txt, which building the notebooks does not write; the build empties its folder first, so it would be lost: ` +
        'move it out, or choose a new or empty folder (or one the notebooks were built into)\n',
    );
    expect(readFileSync(join(out, 'thesis.txt'), 'utf8')).toBe('precious');
    expect(existsSync(join(root, 'stage'))).toBe(false);
  });

  it('--stage whose data/ is not staged data (no runs.json), or holding more than data/: refused, kept', () => {
    const root = mkdtempSync(join(tmpdir(), 'urbsim-sitestage-'));
    const stage = join(root, 'project');
    mkdirSync(join(stage, 'data'), { recursive: true });
    writeFileSync(join(stage, 'data', 'observed.csv'), 'precious');
    const r = site(['--data', root, '--out', join(root, 'dist'), '--stage', stage]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toBe(
      `notebooks: --stage ${stage}: its data/ is not data the notebooks staged (it has no runs.json); staging replaces data/ as a whole, so what it holds would be lost: ` +
        'choose a new or empty folder (or one the notebooks staged into)\n',
    );
    expect(readFileSync(join(stage, 'data', 'observed.csv'), 'utf8')).toBe('precious');
    const other = join(root, 'home');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'private');
    const s = site(['--data', root, '--out', join(root, 'dist'), '--stage', other]);
    expect(s.status, s.stderr).toBe(2);
    expect(s.stderr).toBe(`notebooks: --stage ${other}: holds notes.txt; the site publishes everything in its staging folder: choose a new or empty folder (or one the notebooks staged into)\n`);
    expect(existsSync(join(other, 'data'))).toBe(false);
    expect(existsSync(join(root, 'dist'))).toBe(false);
  });

  it('--stage inside --out (or --out inside --stage): refused, the build would empty one into the other', () => {
    const root = mkdtempSync(join(tmpdir(), 'urbsim-siteboth-'));
    const r = site(['--data', root, '--out', join(root, 'dist'), '--stage', join(root, 'dist', 'stage')]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toBe(`notebooks: --stage ${join(root, 'dist', 'stage')} is inside --out ${join(root, 'dist')}: the build empties --out, the staged data with it; choose folders apart\n`);
    expect(existsSync(join(root, 'dist'))).toBe(false);
  });

  it('a --data folder inside --out, or inside --stage\'s data/: refused, the build or the staging would delete it', async () => {
    // A run kept in a built site's data/ (where its copies go): it passed --out's check (only data/ in it), was staged,
    // and then the build emptied --out, the run with it.
    const dir = writeScenarios({ 'a.yaml': `${MINIMAL}name: a\nmonte_carlo: { runs: 4, seed: 3 }\n` });
    const out = join(dir, 'site');
    const run = join(out, 'data', 'a-run');
    expect((await cli(['run', join(dir, 'a.yaml'), '--out', run])).code).toBe(0);
    const r = site(['--data', run, '--out', out, '--stage', join(dir, 'stage')]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toBe(`notebooks: --data ${run} is inside --out ${out}: the build empties --out first, so it would be deleted; move it out, or choose another --out\n`);
    const staged = join(dir, 'stage2');
    const kept = join(staged, 'data', 'b-run');
    expect((await cli(['run', join(dir, 'a.yaml'), '--out', kept])).code).toBe(0);
    writeFileSync(join(staged, 'data', 'runs.json'), '{}');
    const s = site(['--data', kept, '--out', join(dir, 'dist'), '--stage', staged]);
    expect(s.status, s.stderr).toBe(2);
    expect(s.stderr).toBe(`notebooks: --data ${kept} is inside --stage ${staged}'s data/, which staging replaces as a whole, so it would be deleted; move it out, or choose another --stage\n`);
    expect(existsSync(join(run, 'meta.json')) && existsSync(join(kept, 'meta.json'))).toBe(true);
  }, 120_000);

  it('a folder the notebooks were built and staged into before is taken again', () => {
    const root = mkdtempSync(join(tmpdir(), 'urbsim-siteagain-'));
    const out = join(root, 'dist');
    mkdirSync(join(out, 'assets'), { recursive: true });
    mkdirSync(join(out, 'data'));
    for (const page of ['index.html', 'targets.html']) writeFileSync(join(out, page), '');
    const stage = join(root, 'stage');
    mkdirSync(join(stage, 'data', 'dalian'), { recursive: true });
    writeFileSync(join(stage, 'data', 'runs.json'), '{}');
    expect(() => checkSiteFolders({ outDir: out, dataDir: stage, root: 'notebooks' })).not.toThrow();
    expect(() => checkSiteFolders({ outDir: join(root, 'new'), dataDir: join(root, 'new-stage'), root: 'notebooks' })).not.toThrow();
  });
});

// Options site.ts could not take were Node's stack traces, exit 1: an unknown option (parseArgs'
// ERR_PARSE_ARGS_UNKNOWN_OPTION), --port without its value or '-5' (ERR_PARSE_ARGS_INVALID_OPTION_VALUE), --port abc
// or 99999 (Vite's 'No available ports found between NaN and 65535'), 1.5 (net's validatePort). Now said, exit 2,
// before the site's modules load.
describe('npm run notebooks with options it cannot take', () => {
  it.each([
    [['build', '--dat', '/tmp'], "notebooks: unknown option '--dat' (the options: --data DIR, --out DIR, --stage DIR, --port N, --host NAME)\n"],
    [['preview', '--port'], "notebooks: option '--port <value>' argument missing\n"],
    [['serve', '--port', 'abc'], 'notebooks: --port: expected a whole number from 1 to 65535, found "abc"\n'],
    [['serve', '--port', '99999'], 'notebooks: --port: expected a whole number from 1 to 65535, found "99999"\n'],
    [['preview', '--port', '1.5'], 'notebooks: --port: expected a whole number from 1 to 65535, found "1.5"\n'],
    [['serve', '--port', ''], 'notebooks: --port: expected a whole number from 1 to 65535, found ""\n'],
    // An option the command does not take was ignored: serve --data served the site built before, not the folder given.
    [['serve', '--data', 'out'], 'notebooks: --data: not an option of serve (npm run notebooks:serve): it serves the site as built: build it from the folders first (npm run notebooks:build -- --data DIR), then serve it\n'],
    [['serve', '--stage', '/tmp/s'], 'notebooks: --stage: not an option of serve (npm run notebooks:serve): it stages nothing: it serves the site as built (--out)\n'],
    [['build', '--port', '8080'], 'notebooks: --port: not an option of build (npm run notebooks:build): it serves nothing: give --port to npm run notebooks (preview) or npm run notebooks:serve\n'],
    [['build', '--host', 'localhost'], 'notebooks: --host: not an option of build (npm run notebooks:build): it serves nothing: give --host to npm run notebooks (preview) or npm run notebooks:serve\n'],
    [['preview', '--out', '/tmp/d'], 'notebooks: --out: not an option of preview (npm run notebooks): it builds nothing: its pages come from the notebooks as they are (npm run notebooks:build -- --out DIR writes a site)\n'],
  ])('%j: exit 2, "%s"', (args, message) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'notebooks/site.ts', ...args], { encoding: 'utf8', timeout: 50_000 });
    expect([r.status, r.stderr, r.stdout]).toEqual([2, message, '']);
  }, 60_000);
});

// Two stagings into one --stage at once (`npm run notebooks` in two terminals, on other --data): each removed data/ and
// copied its folders, the second under the first's server, whose pages then read one staging's runs.json beside the
// other's files. Now the staging folder is locked while it is staged, built or served: the second is refused, exit 2.
describe('npm run notebooks while another stages or serves the same --stage', () => {
  it('refused, naming the process; nothing staged over the other', () => {
    const root = mkdtempSync(join(tmpdir(), 'urbsim-sitelock-'));
    const stage = join(root, 'stage');
    const lock = acquireLock(`${stage}.lock`, stage, 'npm run notebooks');
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'notebooks/site.ts', 'build', '--data', root, '--out', join(root, 'dist'), '--stage', stage], { encoding: 'utf8', timeout: 50_000 });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(`^notebooks: --stage ${stage.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: is being staged or served by another process \\(pid ${process.pid}, npm run notebooks, since [0-9T:.Z-]+\\); stop it, or give this one another --stage\\n$`),
      );
      expect(existsSync(stage)).toBe(false);
      expect(existsSync(join(root, 'dist'))).toBe(false);
    } finally {
      lock.release();
    }
  }, 60_000);
});

// `--host nonsense.invalid` was Vite's getaddrinfo ENOTFOUND and `--host 8.8.8.8` its listen EADDRNOTAVAIL, unhandled:
// Node's stack trace, exit 1 (2026-12-05, main f926b71). Now said, exit 2, before anything is staged or served.
describe('npm run notebooks with a --host it cannot listen on', () => {
  const expected = "expected localhost, 0.0.0.0 (all of this machine's addresses) or a name or address of this machine";
  const site = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'notebooks/site.ts', ...args], { encoding: 'utf8', timeout: 50_000 });

  it('serve: an address not of this machine, an empty value, a name that does not resolve', () => {
    const out = mkdtempSync(join(tmpdir(), 'urbsim-sitehost-'));
    writeFileSync(join(out, 'index.html'), '<p>built</p>');
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): no machine's own address.
    const r = site(['serve', '--out', out, '--port', '4197', '--host', '192.0.2.1']);
    expect([r.status, r.stderr, r.stdout]).toEqual([2, `notebooks:serve: --host 192.0.2.1: not an address of this machine (EADDRNOTAVAIL); ${expected}\n`, '']);
    const empty = site(['serve', '--out', out, '--port', '4197', '--host', '']);
    expect([empty.status, empty.stderr, empty.stdout]).toEqual([2, `notebooks:serve: --host: found an empty value; ${expected}\n`, '']);
    // .invalid never resolves (RFC 2606); offline the resolver may say EAI_AGAIN instead of ENOTFOUND.
    const name = site(['serve', '--out', out, '--port', '4197', '--host', 'nonsense.invalid']);
    expect(name.status, name.stderr).toBe(2);
    expect(name.stderr).toMatch(/^notebooks:serve: --host nonsense\.invalid: (no such host|the name could not be resolved now) \([^)]*(ENOTFOUND|EAI_AGAIN)\); .*\n$/);
    expect(name.stderr.split('\n')).toHaveLength(2);
    // An IPv6 address written as in a URL, [::1]: its lookup fails; the listen takes it bare.
    const bracketed = site(['serve', '--out', out, '--port', '4197', '--host', '[::1]']);
    expect([bracketed.status, bracketed.stderr, bracketed.stdout]).toEqual([2, `notebooks:serve: --host [::1]: an IPv6 address is given without its brackets (--host ::1); ${expected}\n`, '']);
  }, 60_000);

  it('preview: refused before the staging folder is made or locked', () => {
    const root = mkdtempSync(join(tmpdir(), 'urbsim-sitehost-'));
    const stage = join(root, 'stage');
    const r = site(['preview', '--data', root, '--stage', stage, '--port', '4196', '--host', '192.0.2.1']);
    expect([r.status, r.stderr, r.stdout]).toEqual([2, `notebooks: --host 192.0.2.1: not an address of this machine (EADDRNOTAVAIL); ${expected}\n`, '']);
    expect(existsSync(stage)).toBe(false);
    expect(existsSync(`${stage}.lock`)).toBe(false);
  }, 60_000);

  it('a listen that fails once Vite starts (the name gone, the port refused) is said the same way', async () => {
    const { listening } = await import('../../src/report/listenHost.ts');
    const { InputError } = await import('../../src/inputError.ts');
    const { createServer } = await import('node:net');
    const failing = () =>
      new Promise<void>((_, fail) => {
        const s = createServer();
        s.once('error', fail);
        s.listen(0, '192.0.2.1');
      });
    const e = await listening('192.0.2.1', failing).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).toBe(`--host 192.0.2.1: not an address of this machine (EADDRNOTAVAIL); ${expected}`);
    // [::1] with an offline resolver (EAI_AGAIN, not ENOTFOUND): still the brackets, not 'try again' (review's nit).
    const { listenHostText } = await import('../../src/report/listenHost.ts');
    expect(listenHostText('[::1]', Object.assign(new Error('getaddrinfo EAI_AGAIN [::1]'), { code: 'EAI_AGAIN' }))).toBe(
      `--host [::1]: an IPv6 address is given without its brackets (--host ::1); ${expected}`,
    );
    // Not a listen failure: passed on as it is.
    const other = new Error('something else');
    await expect(listening('localhost', () => Promise.reject(other))).rejects.toBe(other);
  });
});
