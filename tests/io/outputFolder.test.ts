import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/io/atomicWrite.ts';
import { type FileIo, NODE_FILE_IO } from '../../src/io/fileSink.ts';
import { FolderBusyError, processStart } from '../../src/io/folderLock.ts';
import { openOutputFolder, writeOutputFolder } from '../../src/io/outputFolder.ts';
import { verifyOutputFolder } from '../../src/io/outputManifest.ts';
import { WriteError } from '../../src/io/writeError.ts';
import { InputError } from '../../src/inputError.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'urbsim-outputs-'));
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** Every file under `dir`, relative path → text. */
function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out[`${prefix}${e.name}`] = readFileSync(join(d, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
}
const withoutManifests = (f: Record<string, string>) => Object.fromEntries(Object.entries(f).filter(([k]) => !k.endsWith('manifest.json')));
const lockText = (pid: number, start: string | null) => JSON.stringify({ pid, start, host: hostname(), command: 'urbsim run', since: '2026-01-01T00:00:00.000Z', token: 'other' });

describe('an output folder is committed as a whole', () => {
  it('replaces the old content entirely, with a manifest of every file\'s length and SHA-256', () => {
    const dir = join(tmp(), 'run');
    writeOutputFolder(dir, (out) => {
      out.writeFile('a.txt', 'old a');
      out.writeFile('gone.txt', 'old only');
    });
    writeOutputFolder(dir, (out) => {
      out.writeFile('a.txt', 'new a');
      const s = out.openFile('sub/streamed.txt');
      s.write('new ');
      s.write(Buffer.from('streamed'));
      s.close();
    });
    expect(withoutManifests(files(dir))).toEqual({ 'a.txt': 'new a', 'sub/streamed.txt': 'new streamed' });
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(m.files).toEqual({
      'a.txt': { bytes: 5, sha256: sha256('new a') },
      'sub/streamed.txt': { bytes: 12, sha256: sha256('new streamed') },
    });
    expect(existsSync(join(dir, '..', '.urbsim'))).toBe(false);
  });

  it('the folder\'s cluster/ (a --slurm job\'s scripts, logs and shards) stays when its output is replaced', () => {
    const dir = join(tmp(), 'run');
    mkdirSync(join(dir, 'cluster', 'shards'), { recursive: true });
    writeFileSync(join(dir, 'cluster', 'job.json'), '{"job":1}');
    writeOutputFolder(dir, (out) => out.writeFile('a.txt', 'merged 1'));
    writeOutputFolder(dir, (out) => out.writeFile('a.txt', 'merged 2'));
    expect(withoutManifests(files(dir))).toEqual({ 'a.txt': 'merged 2', 'cluster/job.json': '{"job":1}' });
  });

  it('a sub-folder gets a manifest of its own, listed in the folder\'s', () => {
    const dir = join(tmp(), 'compare');
    writeOutputFolder(dir, (out) => {
      out.writeFile('compare.arrow', 'c');
      out.folder('variant').writeFile('meta.json', '{}');
    });
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'variant', 'manifest.json'), 'utf8')).files)).toEqual(['meta.json']);
    expect(Object.keys(verifyOutputFolder(dir, { content: true }).files)).toEqual(['compare.arrow', 'variant/manifest.json', 'variant/meta.json']);
    verifyOutputFolder(join(dir, 'variant'), { content: true });
  });

  it('closed without commit (an error while computing): the old folder as it was, nothing left beside it', () => {
    const dir = join(tmp(), 'run');
    writeOutputFolder(dir, (out) => out.writeFile('a.txt', 'old'));
    const before = files(dir);
    expect(() =>
      writeOutputFolder(dir, (out) => {
        out.writeFile('a.txt', 'new');
        throw new Error('the run failed');
      }),
    ).toThrow('the run failed');
    expect(files(dir)).toEqual(before);
    expect(readdirSync(join(dir, '..'))).toEqual(['run']);
  });

  it('closed without commit where no folder was: the folders made for it (out/ of a first run) are gone too, those that were there stay', () => {
    // urbsim solve / sensitivity refused a bad --metric or lever range after taking the lock, and left an empty out/
    const root = tmp();
    expect(() => writeOutputFolder(join(root, 'out', 'deeper', 'run'), () => {
      throw new Error('unknown metric');
    })).toThrow('unknown metric');
    expect(readdirSync(root)).toEqual([]);
    mkdirSync(join(root, 'out'));
    writeFileSync(join(root, 'out', 'notes.txt'), 'mine');
    expect(() => writeOutputFolder(join(root, 'out', 'deeper', 'run'), () => {
      throw new Error('unknown metric');
    })).toThrow('unknown metric');
    expect(files(root)).toEqual({ 'out/notes.txt': 'mine' });
    // committed: everything made stays
    writeOutputFolder(join(root, 'new', 'run'), (out) => out.writeFile('a.txt', 'a'));
    expect(withoutManifests(files(join(root, 'new')))).toEqual({ 'run/a.txt': 'a' });
  });

  it('update mode adds and replaces files and keeps the others, all in the manifest', () => {
    const dir = join(tmp(), 'report');
    writeOutputFolder(dir, (out) => out.writeFile('fan.zh.svg', 'zh'), { mode: 'update' });
    writeOutputFolder(dir, (out) => out.writeFile('fan.en.svg', 'en'), { mode: 'update' });
    writeOutputFolder(dir, (out) => out.writeFile('fan.zh.svg', 'zh 2'), { mode: 'update' });
    expect(withoutManifests(files(dir))).toEqual({ 'fan.en.svg': 'en', 'fan.zh.svg': 'zh 2' });
    expect(Object.keys(verifyOutputFolder(dir, { content: true }).files)).toEqual(['fan.en.svg', 'fan.zh.svg']);
  });

  it('update mode into a folder whose manifest.json urbsim did not write (a web app\'s): refused, nothing touched', () => {
    // The commit wrote the folder's own manifest.json over it: urbsim report out/r --out site replaced the site's.
    const dir = join(tmp(), 'site');
    mkdirSync(dir);
    writeFileSync(join(dir, 'manifest.json'), '{"name":"My app","icons":[]}');
    writeFileSync(join(dir, 'index.html'), '<html>');
    const before = files(dir);
    expect(() => writeOutputFolder(dir, (out) => out.writeFile('fan.zh.svg', 'zh'), { mode: 'update', command: 'urbsim report' })).toThrow(
      new InputError(`${dir}: holds a manifest.json that is not urbsim's (another program's, or urbsim's damaged); urbsim report writes its own manifest.json into its folder, which would replace it: move it out first, or choose another folder (--out)`),
    );
    expect(files(dir)).toEqual(before);
  });

  it("update mode into a folder whose own manifest.json was cut short: refused as not urbsim's, not said to be another program's", () => {
    // The same refusal said 'a manifest.json that urbsim did not write' of urbsim's own, damaged.
    const dir = join(tmp(), 'site');
    writeOutputFolder(dir, (out) => out.writeFile('fan.en.svg', 'en'), { mode: 'update' });
    writeFileSync(join(dir, 'manifest.json'), readFileSync(join(dir, 'manifest.json'), 'utf8').slice(0, 20));
    expect(() => writeOutputFolder(dir, (out) => out.writeFile('fan.zh.svg', 'zh'), { mode: 'update', command: 'urbsim report' })).toThrow(
      `${dir}: holds a manifest.json that is not urbsim's (another program's, or urbsim's damaged)`,
    );
  });

  it('names outside the folder are refused', () => {
    const dir = join(tmp(), 'run');
    const out = openOutputFolder(dir);
    try {
      for (const bad of ['../escape.txt', '/abs.txt', 'manifest.json', '.urbsim/x', ''])
        expect(() => out.writeFile(bad, 'x'), bad).toThrow('not a file name inside an output folder');
    } finally {
      out.close();
    }
  });
});

describe('what a replace may not remove', () => {
  it('a folder that urbsim did not write: exit-2 error listing what it holds, nothing touched', () => {
    const dir = join(tmp(), 'documents');
    mkdirSync(dir);
    writeFileSync(join(dir, 'thesis.docx'), 'mine');
    expect(() => openOutputFolder(dir)).toThrow(`${dir}: is not an urbsim output folder (it holds thesis.docx)`);
    expect(files(dir)).toEqual({ 'thesis.docx': 'mine' });
  });

  it('an output folder with a file of the user\'s added: refused, naming the file', () => {
    const dir = join(tmp(), 'run');
    writeOutputFolder(dir, (out) => out.writeFile('meta.json', '{}'));
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    expect(() => openOutputFolder(dir)).toThrow(`${dir}: holds notes.txt, which urbsim did not write`);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('a file of the user\'s inside a sub-folder the output lists (a comparison\'s variant): refused, naming it', () => {
    const dir = join(tmp(), 'compare');
    writeOutputFolder(dir, (out) => {
      out.writeFile('compare.arrow', 'c');
      out.folder('variant').writeFile('meta.json', '{}');
    });
    writeFileSync(join(dir, 'variant', 'notes.txt'), 'mine');
    expect(() => openOutputFolder(dir)).toThrow(`${dir}: holds variant/notes.txt, which urbsim did not write`);
    expect(readFileSync(join(dir, 'variant', 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('a comparison written before manifests (variants without manifests) is replaced; an output with a manifest put in it is not', () => {
    const dir = join(tmp(), 'compare');
    const urbsimMeta = JSON.stringify({ toolkit: { name: 'urbsim', version: '0.1.0' } });
    mkdirSync(join(dir, 'variant'), { recursive: true });
    writeFileSync(join(dir, 'meta.json'), urbsimMeta);
    writeFileSync(join(dir, 'variant', 'meta.json'), urbsimMeta);
    writeOutputFolder(join(dir, 'later'), (out) => out.writeFile('meta.json', '{}'));
    expect(() => openOutputFolder(dir)).toThrow(`${dir}: holds another urbsim output folder, ${join(dir, 'later')}/ (an urbsim output folder, committed `);
    rmSync(join(dir, 'later'), { recursive: true });
    writeOutputFolder(dir, (out) => out.writeFile('meta.json', '{}'));
    expect(withoutManifests(files(dir))).toEqual({ 'meta.json': '{}' });
  });

  it('a run folder written before manifests existed (urbsim\'s meta.json, a temporary file, a report) is replaced', () => {
    const dir = join(tmp(), 'run');
    mkdirSync(join(dir, 'report'), { recursive: true });
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ toolkit: { name: 'urbsim', version: '0.1.0' } }));
    writeFileSync(join(dir, 'trajectories.arrow.tmp-4194305'), 'half');
    writeFileSync(join(dir, 'report', 'fan.zh.png'), 'png');
    writeOutputFolder(dir, (out) => out.writeFile('meta.json', '{}'));
    expect(withoutManifests(files(dir))).toEqual({ 'meta.json': '{}' });
  });
});

describe('a folder to replace that urbsim cannot remove', () => {
  it('a folder in it that is not writable (a report/ made read-only): refused before anything is written, naming it; the old output untouched', () => {
    // Found at the commit, the new output was in place, the old one half-removed in .urbsim/ with the read-only folder,
    // and every later writer of the folder stopped on it. Read-only here as a non-root user's chmod 555 is (root may
    // write anyway): the file system's answer to W_OK on that one folder.
    const dir = join(tmp(), 'run');
    writeOutputFolder(dir, (out) => {
      out.writeFile('meta.json', 'old');
      out.writeFile('report/page.html', 'old page');
    });
    const before = files(dir);
    const readOnly = realpathSync(join(dir, 'report'));
    const io: FileIo = {
      ...NODE_FILE_IO,
      accessSync: (p, mode) => {
        if (p === readOnly) throw Object.assign(new Error(`EACCES: permission denied, access '${p}'`), { code: 'EACCES' });
        accessSync(p, mode);
      },
    };
    expect(() => writeOutputFolder(dir, (out) => out.writeFile('meta.json', 'new'), { io })).toThrow(
      new InputError(`${dir}: ${join(dir, 'report')} cannot be written into (permission denied): urbsim replaces its output folder as a whole, removing every folder in it, so each must be writable and searchable (w and x): make ${join(dir, 'report')} (and what it holds) so, or choose another folder`),
    );
    expect(files(dir)).toEqual(before);
    expect(existsSync(join(dir, '..', '.urbsim'))).toBe(false);
    writeOutputFolder(dir, (out) => out.writeFile('meta.json', 'new'));
    expect(withoutManifests(files(dir))).toEqual({ 'meta.json': 'new' });
  });

  it('a folder in it with w but not x (chmod 600): refused too, for no file in it can be unlinked', () => {
    // As a non-root owner of a folder of mode 600 (checked as uid nobody: the new output committed, the old one left in
    // .urbsim/ with EACCES on unlinking report/page.html), access() says W_OK yes, X_OK no.
    const dir = join(tmp(), 'run');
    writeOutputFolder(dir, (out) => {
      out.writeFile('meta.json', 'old');
      out.writeFile('report/page.html', 'old page');
    });
    const before = files(dir);
    const noSearch = realpathSync(join(dir, 'report'));
    const io: FileIo = {
      ...NODE_FILE_IO,
      accessSync: (p, mode) => {
        if (p === noSearch && mode & constants.X_OK) throw Object.assign(new Error(`EACCES: permission denied, access '${p}'`), { code: 'EACCES' });
        accessSync(p, mode);
      },
    };
    expect(() => writeOutputFolder(dir, (out) => out.writeFile('meta.json', 'new'), { io })).toThrow(
      `${dir}: ${join(dir, 'report')} cannot be written into (permission denied)`,
    );
    expect(files(dir)).toEqual(before);
    expect(existsSync(join(dir, '..', '.urbsim'))).toBe(false);
  });
});

describe('a folder to replace holding an immutable or append-only file (chattr +i / +a)', () => {
  // Unlinked by nobody, root neither. Found when the old folder was removed after the new one was committed: 'cannot
  // write …/.urbsim/run.old-…/report/page.html: a part of the path is a file, not a folder' (rmSync's rmdir of the file
  // it could not unlink), exit 2, the old folder left in .urbsim/, and every later writer of the folder stopped on it.
  const refusal = (dir: string, file: string) =>
    new InputError(`${dir}: ${join(dir, file)} cannot be removed (operation not permitted: it is immutable or append-only, as lsattr shows (chattr +i or +a)): urbsim replaces its output folder as a whole, removing every file in it: remove the flag (chattr -i or -a, as root), or choose another folder`);
  const oldRun = () => {
    const dir = join(tmp(), 'run');
    writeOutputFolder(dir, (out) => {
      out.writeFile('meta.json', 'old');
      out.writeFile('report/page.html', 'old page');
    });
    return dir;
  };

  it('refused before anything is written, naming the file; a file merely not writable (EACCES) is not: it can be unlinked', () => {
    const dir = oldRun();
    const before = files(dir);
    const page = realpathSync(join(dir, 'report', 'page.html'));
    // Opening the file to write, as the kernel answers for a flagged one (EPERM) and for one of another user's (EACCES).
    const refusing = (code: string): FileIo => ({
      ...NODE_FILE_IO,
      openSync: (p, flags) => {
        if (p === page) throw Object.assign(new Error(`${code}: refused, open '${p}'`), { code });
        return NODE_FILE_IO.openSync(p, flags);
      },
    });
    expect(() => writeOutputFolder(dir, (out) => out.writeFile('meta.json', 'new'), { io: refusing('EPERM') })).toThrow(refusal(dir, join('report', 'page.html')));
    expect(files(dir)).toEqual(before);
    expect(existsSync(join(dir, '..', '.urbsim'))).toBe(false);
    writeOutputFolder(dir, (out) => out.writeFile('meta.json', 'new'), { io: refusing('EACCES') });
    expect(withoutManifests(files(dir))).toEqual({ 'meta.json': 'new' });
  });

  const chattr = (flag: string, path: string) => spawnSync('chattr', [flag, path]).status === 0;
  const probe = join(tmp(), 'probe');
  writeFileSync(probe, '');
  const flags = process.getuid?.() === 0 && chattr('+i', probe) && chattr('-i', probe);
  it.skipIf(!flags)('on a real file system, as root: +i and +a on a file each refused, the old output untouched', () => {
    for (const flag of ['i', 'a']) {
      const dir = oldRun();
      const before = files(dir);
      const page = join(dir, 'report', 'page.html');
      expect(chattr(`+${flag}`, page)).toBe(true);
      try {
        expect(() => writeOutputFolder(dir, (out) => out.writeFile('meta.json', 'new'))).toThrow(refusal(dir, join('report', 'page.html')));
      } finally {
        spawnSync('chattr', ['-R', `-${flag}`, join(dir, '..')]); // wherever the file went (.urbsim/, where it was found only after the commit)
      }
      expect(files(dir)).toEqual(before);
      expect(existsSync(join(dir, '..', '.urbsim'))).toBe(false);
    }
  });

  it.skipIf(!flags)('as root, an append-only folder (+a): the folder itself, a folder in it, the folder it is in — each refused before anything is written', () => {
    // access(W_OK) says yes to a +a folder: the new output was written, then moving the old folder aside failed ('cannot
    // write run: permission denied', after the runs), or removing report/ after the commit left the old one in .urbsim/.
    const cases = [
      { flagged: (dir: string) => dir, says: (dir: string) => `${dir}: cannot be moved aside or removed (operation not permitted: it is immutable or append-only` },
      { flagged: (dir: string) => join(dir, 'report'), says: (dir: string) => `${dir}: ${join(dir, 'report')} cannot be removed (operation not permitted: it is immutable or append-only` },
      { flagged: (dir: string) => join(dir, '..'), says: (dir: string) => `${dir}: is in ${realpathSync(join(dir, '..'))}, which is append-only or immutable` },
    ];
    for (const { flagged, says } of cases) {
      const dir = oldRun();
      const before = files(dir);
      expect(chattr('+a', flagged(dir))).toBe(true);
      try {
        expect(() => writeOutputFolder(dir, (out) => out.writeFile('meta.json', 'new'))).toThrow(says(dir));
        expect(files(dir)).toEqual(before);
        // Nothing beside it: in a +a folder, a `.urbsim/` made for the lock could not have been removed again.
        expect(readdirSync(join(dir, '..'))).toEqual(['run']);
      } finally {
        spawnSync('chattr', ['-R', '-a', join(dir, '..')]);
      }
    }
  });

  it.skipIf(!flags)('as root, a folder added to (a report\'s, a batch\'s) that is append-only: refused before anything is written', () => {
    // Its files of the same names and its manifest.json are replaced: 'cannot read report/manifest.json: a part of the
    // path is a file, not a folder', after the report was drawn.
    const dir = join(tmp(), 'report');
    writeOutputFolder(dir, (out) => out.writeFile('page.html', 'old'), { mode: 'update' });
    const before = files(dir);
    expect(chattr('+a', dir)).toBe(true);
    try {
      expect(() => writeOutputFolder(dir, (out) => out.writeFile('page.html', 'new'), { mode: 'update' })).toThrow(
        `${dir}: is append-only or immutable (operation not permitted, as lsattr shows: chattr +a or +i): urbsim replaces the files of the same names in it and its manifest.json`,
      );
      expect(files(dir)).toEqual(before);
      expect(readdirSync(join(dir, '..'))).toEqual(['report']);
    } finally {
      spawnSync('chattr', ['-R', '-a', join(dir, '..')]);
    }
  });

  it.skipIf(!flags)('as root, a folder added to whose file to replace is immutable (+i): refused, named, before the manifest is touched', () => {
    // The rename over it failed after the manifest was removed: 'cannot write report: permission denied', the folder
    // left reading as incomplete. With `writes` (what the writer adds) at its opening; without, at the commit.
    for (const writes of [(name: string) => name.endsWith('.html'), undefined]) {
      const dir = join(tmp(), 'report');
      writeOutputFolder(dir, (out) => out.writeFile('page.html', 'old'), { mode: 'update' });
      const before = files(dir);
      expect(chattr('+i', join(dir, 'page.html'))).toBe(true);
      try {
        expect(() => writeOutputFolder(dir, (out) => out.writeFile('page.html', 'new'), { mode: 'update', ...(writes && { writes }) })).toThrow(
          `${dir}: ${join(dir, 'page.html')} cannot be replaced (operation not permitted: it is immutable or append-only, as lsattr shows (chattr +i or +a))`,
        );
        expect(files(dir)).toEqual(before);
      } finally {
        spawnSync('chattr', ['-R', '-i', join(dir, '..')]);
      }
    }
  });
});

// The check for an append-only folder (1fa7adb) probed each folder with a chmod to its own mode: for a user not in the
// folder's group (a folder made in a setgid shared folder inherits both) the kernel clears the setgid bit on such a
// chmod, silently, so replacing an output folder changed the mode of the folder it is in. Run as nobody, in a child.
const asNobody = process.getuid?.() === 0 && spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'true']).status === 0;
describe.skipIf(!asNobody)('replacing an output folder, as a user not in its parent folder\'s group', () => {
  it('leaves the parent\'s setgid bit as it was (2775 stays 2775)', () => {
    const base = tmp();
    // nobody must pass through the tests' own temporary root (0700) to reach it.
    spawnSync('chmod', ['o+x', tmpdir()]);
    spawnSync('chmod', ['755', base]);
    const shared = join(base, 'shared');
    mkdirSync(shared);
    spawnSync('chown', ['nobody:root', shared]);
    spawnSync('chmod', ['2775', shared]);
    const script = join(base, 'write.ts');
    const module = new URL('../../src/io/outputFolder.ts', import.meta.url).pathname;
    writeFileSync(script, `import { writeOutputFolder } from '${module}';\nfor (const text of ['old', 'new']) writeOutputFolder('${join(shared, 'run')}', (out) => out.writeFile('meta.json', text));\n`);
    const own = join(base, 'tmp'); // for tsx's cache: a temporary folder the user nobody may write in
    mkdirSync(own);
    spawnSync('chown', ['nobody', own]);
    const env = { ...process.env, TMPDIR: own };
    const r = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, '--import', 'tsx', script], { encoding: 'utf8', env, cwd: new URL('../..', import.meta.url).pathname });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(shared, 'run', 'meta.json'), 'utf8')).toBe('new');
    expect((statSync(shared).mode & 0o7777).toString(8)).toBe('2775');
  });
});

describe('a folder to replace whose cluster/ holds a read-only folder', () => {
  it('is replaced, cluster/ moved into the new folder as it is: only cluster/ itself must be writable, not what it holds', () => {
    // cluster/ is moved, not removed (a folder moved to another parent must be writable: its '..' changes; checked as
    // uid nobody, mv of a 555 folder: permission denied); a shard's folder in it made read-only (chmod 555) was refused.
    const dir = join(tmp(), 'run');
    writeOutputFolder(dir, (out) => out.writeFile('meta.json', 'old'));
    mkdirSync(join(dir, 'cluster', 's1'), { recursive: true });
    writeFileSync(join(dir, 'cluster', 's1', 'x'), 'shard');
    const shard = realpathSync(join(dir, 'cluster', 's1'));
    const cluster = realpathSync(join(dir, 'cluster'));
    const denying = (path: string): FileIo => ({
      ...NODE_FILE_IO,
      accessSync: (p, mode) => {
        if (p === path) throw Object.assign(new Error(`EACCES: permission denied, access '${p}'`), { code: 'EACCES' });
        accessSync(p, mode);
      },
    });
    writeOutputFolder(dir, (out) => out.writeFile('meta.json', 'new'), { io: denying(shard) });
    expect(withoutManifests(files(dir))).toEqual({ 'meta.json': 'new', 'cluster/s1/x': 'shard' });
    expect(() => writeOutputFolder(dir, (out) => out.writeFile('meta.json', 'newer'), { io: denying(cluster) })).toThrow(
      `${dir}: ${join(dir, 'cluster')} cannot be written into (permission denied)`,
    );
    expect(withoutManifests(files(dir))).toEqual({ 'meta.json': 'new', 'cluster/s1/x': 'shard' });
  });
});

describe('one writer at a time', () => {
  it('a second writer of the same folder is refused (exit 2) while the first works, and may write once it is done', () => {
    const dir = join(tmp(), 'run');
    const first = openOutputFolder(dir, { command: 'urbsim run' });
    try {
      expect(() => openOutputFolder(dir)).toThrow(FolderBusyError);
      expect(() => openOutputFolder(join(dir, '..', 'run'))).toThrow(/is being written by another urbsim process \(pid \d+, urbsim run, since /);
      first.writeFile('a.txt', 'first');
      first.commit();
    } finally {
      first.close();
    }
    writeOutputFolder(dir, (out) => out.writeFile('a.txt', 'second'));
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('second');
  });

  it('a lock left by a dead process, or by a pid now used by a later process, is stale and taken over', () => {
    for (const lock of [lockText(4194305, null), lockText(process.pid, '1')]) {
      const parent = tmp();
      mkdirSync(join(parent, '.urbsim'));
      writeFileSync(join(parent, '.urbsim', 'run.lock'), lock);
      writeOutputFolder(join(parent, 'run'), (out) => out.writeFile('a.txt', 'x'));
      expect(readdirSync(parent)).toEqual(['run']);
    }
  });

  it.skipIf(process.platform !== 'linux')('a lock of a live process (this test\'s parent) is respected', () => {
    const parent = tmp();
    mkdirSync(join(parent, '.urbsim'));
    writeFileSync(join(parent, '.urbsim', 'run.lock'), lockText(process.ppid, processStart(process.ppid)));
    expect(() => openOutputFolder(join(parent, 'run'))).toThrow(`(pid ${process.ppid}, urbsim run`);
  });
});

describe('faults while writing', () => {
  /** The file-system calls, with writes cut short: at most `chunk` bytes each, and after `limit` bytes in all, `code`. */
  const faulty = (chunk: number, limit = Infinity, code = 'ENOSPC'): FileIo => {
    let total = 0;
    return {
      ...NODE_FILE_IO,
      writeSync: (fd, b, off, len) => {
        if (total >= limit) throw Object.assign(new Error(code), { code });
        const n = Math.min(len, chunk, limit - total);
        total += n;
        return NODE_FILE_IO.writeSync(fd, b, off, n);
      },
    };
  };

  it('short writes are continued until every byte is written', () => {
    const dir = join(tmp(), 'run');
    const text = 'x'.repeat(1000);
    writeOutputFolder(dir, (out) => out.writeFile('a.txt', text), { io: faulty(7) });
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe(text);
    verifyOutputFolder(dir, { content: true });
  });

  it.each([
    ['ENOSPC', 'disk full writing'],
    ['EDQUOT', 'disk quota exceeded writing'],
    ['EFBIG', 'file too large for this system (a file-size limit: ulimit -f?) writing'],
  ])('%s part-way through a file: "%s <final path>", the old folder as it was, nothing beside it', (code, words) => {
    const dir = join(tmp(), 'run');
    writeOutputFolder(dir, (out) => out.writeFile('a.txt', 'old'));
    const before = files(dir);
    let error: unknown;
    try {
      writeOutputFolder(dir, (out) => {
        out.writeFile('a.txt', 'new');
        out.writeFile('big.arrow', 'y'.repeat(5000));
      }, { io: faulty(1000, 3000, code) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WriteError);
    expect((error as Error).message).toBe(`${words} ${join(dir, 'big.arrow')}`);
    expect(files(dir)).toEqual(before);
    expect(readdirSync(join(dir, '..'))).toEqual(['run']);
  });

  it('a single file (writeFileAtomic) on a full disk: the old file as it was, no temporary file left', () => {
    const dir = tmp();
    const path = join(dir, 'schema.json');
    writeFileSync(path, 'old');
    expect(() => writeFileAtomic(path, 'z'.repeat(100), faulty(10, 50))).toThrow(`disk full writing ${path}`);
    expect(readdirSync(dir)).toEqual(['schema.json']);
    expect(readFileSync(path, 'utf8')).toBe('old');
  });
});

describe('a streamed file flushed to disk on another thread (closeAsync)', () => {
  /** File-system calls that record each flush and close; the asynchronous fsync fails with `code` when given. */
  const flushOffThread = (code?: string): FileIo & { calls: string[] } => {
    const calls: string[] = [];
    return {
      ...NODE_FILE_IO,
      calls,
      fsyncSync: (fd) => {
        calls.push('fsyncSync');
        NODE_FILE_IO.fsyncSync(fd);
      },
      fsync: (fd, done) => {
        calls.push('fsync');
        if (code) setImmediate(() => done(Object.assign(new Error(code), { code })));
        else NODE_FILE_IO.fsync!(fd, done);
      },
      closeSync: (fd) => {
        calls.push('close');
        NODE_FILE_IO.closeSync(fd);
      },
    };
  };

  it('is complete, in the manifest, and flushed before its descriptor is closed, even when abandoned meanwhile', async () => {
    const dir = join(tmp(), 'run');
    const io = flushOffThread();
    const out = openOutputFolder(dir, { io });
    try {
      const f = out.openFile('big.arrow');
      f.write('y'.repeat(5000));
      const closing = f.closeAsync();
      expect(() => f.write('more')).toThrow('write after close');
      f.abandon(); // a failing run abandons its files: not under the pending flush
      expect(io.calls).toEqual(['fsync']);
      expect(await closing).toEqual({ bytes: 5000, sha256: sha256('y'.repeat(5000)) });
      expect(io.calls).toEqual(['fsync', 'close']);
      out.commit();
    } finally {
      out.close();
    }
    expect(readFileSync(join(dir, 'big.arrow'), 'utf8')).toBe('y'.repeat(5000));
    verifyOutputFolder(dir, { content: true });
  });

  it('a flush failing with EIO: "input/output error writing <final path>", nothing committed', async () => {
    const dir = join(tmp(), 'run');
    const out = openOutputFolder(dir, { io: flushOffThread('EIO') });
    try {
      const f = out.openFile('big.arrow');
      f.write('y'.repeat(5000));
      await expect(f.closeAsync()).rejects.toThrow(`input/output error writing ${join(dir, 'big.arrow')}`);
    } finally {
      out.close();
    }
    expect(existsSync(dir)).toBe(false);
  });
});

describe('a writer killed with SIGKILL (a real kill, in a child process)', () => {
  const killAt = (dir: string, when: string) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'tests/io/killDuringCommit.ts', dir, when], { encoding: 'utf8' });
    expect(r.signal, r.stderr).toBe('SIGKILL');
  };
  const oldRun = (dir: string) => {
    writeOutputFolder(dir, (out) => out.writeFile('old.txt', 'old'));
    mkdirSync(join(dir, 'cluster'));
    writeFileSync(join(dir, 'cluster', 'job.json'), 'the job');
  };

  it('between the two renames of the swap: the folder is missing, never mixed; the next writer finishes the commit', () => {
    const parent = tmp();
    const dir = join(parent, 'run');
    oldRun(dir);
    killAt(dir, 'between-renames');
    expect(existsSync(dir)).toBe(false); // a reader finds nothing rather than two runs' files
    expect(readdirSync(join(parent, '.urbsim')).map((e) => e.replace(/-\d+-[0-9a-f]+$/, '')).sort()).toEqual(['run.lock', 'run.new', 'run.old']);
    openOutputFolder(dir).close(); // any later writer of the folder recovers it first
    expect(withoutManifests(files(dir))).toEqual({ 'new.txt': 'new', 'part/rows.txt': 'new rows', 'cluster/job.json': 'the job' });
    verifyOutputFolder(dir, { content: true });
    expect(readdirSync(parent)).toEqual(['run']);
  }, 30_000);

  it('while writing a file: the old folder untouched; the next writer removes the dead one\'s staging folder and lock', () => {
    const parent = tmp();
    const dir = join(parent, 'run');
    oldRun(dir);
    const before = files(dir);
    killAt(dir, 'writing');
    expect(files(dir)).toEqual(before);
    writeOutputFolder(dir, (out) => out.writeFile('third.txt', '3'));
    expect(withoutManifests(files(dir))).toEqual({ 'third.txt': '3', 'cluster/job.json': 'the job' });
    expect(readdirSync(parent)).toEqual(['run']);
  }, 30_000);
});
