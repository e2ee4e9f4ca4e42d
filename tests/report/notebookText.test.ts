import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

// The notebooks tell users what to run when a page has no data: the files they name must exist
// (the levers page once suggested scenarios/dalian-points.yaml, which never did).
it('every scenario file a notebook names exists', () => {
  const named = readdirSync('notebooks')
    .filter((f) => f.endsWith('.html'))
    .flatMap((f) => [...readFileSync(join('notebooks', f), 'utf8').matchAll(/scenarios\/[\w./-]+\.yaml/g)].map((m) => ({ page: f, file: m[0] })));
  expect(named.length).toBeGreaterThan(3);
  for (const { page, file } of named) expect(existsSync(file), `${page}: ${file}`).toBe(true);
});
