// A writer that dies by SIGKILL at a chosen point of writing an output folder, for tests of what it leaves and how
// the next writer recovers: `node --import tsx tests/io/killDuringCommit.ts <dir> <when>`, where <when> is
// `writing` (a file half-written, before commit) or `between-renames` (the old folder moved aside, the new one not
// yet in its place). It writes new.txt = "new" and a sub-folder; the old folder's files are whatever the test put there.
import { NODE_FILE_IO } from '../../src/io/fileSink.ts';
import { openOutputFolder } from '../../src/io/outputFolder.ts';

const [dir, when] = process.argv.slice(2);
let renames = 0;
const out = openOutputFolder(dir, {
  command: 'killDuringCommit',
  io: {
    ...NODE_FILE_IO,
    renameSync: (from, to) => {
      NODE_FILE_IO.renameSync(from, to);
      if (when === 'between-renames' && ++renames === 1) process.kill(process.pid, 'SIGKILL');
    },
  },
});
out.writeFile('new.txt', 'new');
out.folder('part').writeFile('rows.txt', 'new rows');
if (when === 'writing') {
  const f = out.openFile('big.txt');
  f.write('half of it');
  process.kill(process.pid, 'SIGKILL');
}
out.commit();
