import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

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
