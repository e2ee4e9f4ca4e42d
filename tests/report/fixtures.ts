import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { targetsIpc } from '../../src/io/arrowTables.ts';
import { writeFileAtomic } from '../../src/io/atomicWrite.ts';
import { writeRunOutputs } from '../../src/io/writeRunOutputs.ts';
import { runMonteCarlo, type MonteCarloResult } from '../../src/montecarlo/runMonteCarlo.ts';
import type { TargetResult } from '../../src/analysis/targetProbabilities.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';

export const tmp = (): string => mkdtempSync(join(tmpdir(), 'urbsim-report-'));

/**
 * A small real run folder: the Dalian fixture (3 targets: resident 2017 and
 * 2020, registered 2020), optionally with school places and housing units
 * limited so the capacity charts have a supply line.
 */
export async function makeRun(
  dir: string,
  o: { runs?: number; name?: string; capacity?: boolean; seed?: number } = {},
): Promise<{ dir: string; result: MonteCarloResult; targets: TargetResult[] }> {
  const scenario = dalianResolved({
    runs: o.runs ?? 40,
    name: o.name ?? 'dalian-test',
    seed: o.seed,
    parameters: o.capacity
      ? {
          school_places: { kind: 'number', value: 700_000 },
          public_access_share: { kind: 'number', value: 0.7 },
          housing_units: { kind: 'number', value: 110_000 },
        }
      : {},
  });
  const result = await runMonteCarlo(scenario);
  const { targets } = writeRunOutputs(dir, result, { workers: 1, startedAt: new Date() });
  return { dir, result, targets };
}

/** A batch folder as `urbsim batch` leaves it: one run folder per scenario and the combined targets.arrow. */
export async function makeBatch(dir: string, names: readonly string[]): Promise<void> {
  const scenarios: string[] = [];
  const all: TargetResult[] = [];
  for (const [i, name] of names.entries()) {
    mkdirSync(join(dir, name), { recursive: true });
    const { targets } = await makeRun(join(dir, name), { runs: 20, name, seed: 100 + i });
    for (const t of targets) {
      scenarios.push(name);
      all.push(t);
    }
  }
  writeFileAtomic(join(dir, 'targets.arrow'), targetsIpc(scenarios, all));
}

/** Parse SVG or HTML markup and count the elements matching a selector. */
export function count(markup: string, selector: string): number {
  const { document } = parseHTML(`<!doctype html><html><body>${markup}</body></html>`);
  return document.querySelectorAll(selector).length;
}

/** The marks of a Plot mark group tagged with `ariaDescription`. */
export const marks = (markup: string, description: string, element = '*'): number =>
  count(markup, `g[aria-description="${description}"] > ${element}`);

/**
 * Width and height of a PNG from its IHDR chunk (PNG spec §11.2.2): the
 * 8-byte signature, then the chunk length and type "IHDR", then width and
 * height as big-endian uint32 at bytes 16 and 20.
 */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!signature.every((b, i) => bytes[i] === b)) throw new Error('not a PNG: bad signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') throw new Error('not a PNG: first chunk is not IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
