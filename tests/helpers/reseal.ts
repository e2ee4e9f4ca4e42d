import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Rewrite a folder's manifest.json for the files it lists as they are now,
 * as if urbsim had written them so: for tests that stand in an edited file
 * for an output made by another engine or scenario version. Lengths and
 * SHA-256 are computed here with node:crypto, not with the writer's code.
 *
 * @example
 * writeFileSync(join(dir, 'meta.json'), edited);
 * reseal(dir);
 */
export function reseal(dir: string): void {
  const path = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(path, 'utf8'));
  for (const name of Object.keys(m.files)) {
    const bytes = readFileSync(join(dir, name));
    m.files[name] = { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }
  writeFileSync(path, JSON.stringify(m));
}
