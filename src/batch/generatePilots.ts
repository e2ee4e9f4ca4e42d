import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomicWrite.ts';
import { pilotCoverage, pilotCoverageMarkdown } from './pilotCoverage.ts';
import { makeDirs } from '../io/makeDirs.ts';

/**
 * `npm run pilots:generate`: write scenarios/pilots/<id>.yaml for every pilot
 * area of seed 004 whose data allow one, and scenarios/pilots/README.md
 * accounting for all 64. Re-running gives the same files.
 */
const dir = 'scenarios/pilots';
makeDirs(dir);
for (const f of readdirSync(dir)) if (f.endsWith('.yaml')) rmSync(join(dir, f));
const pilots = pilotCoverage();
for (const p of pilots) if (p.yaml) writeFileAtomic(join(dir, `${p.area.id}.yaml`), p.yaml);
writeFileAtomic(join(dir, 'README.md'), pilotCoverageMarkdown(pilots));
const missing = pilots.filter((p) => !p.yaml);
console.log(
  `wrote ${pilots.length - missing.length} pilot scenarios and README.md to ${dir}/; no scenario for ${missing.length}: ` +
    missing.map((p) => `${p.area.id} (missing ${p.gaps.join('; ')})`).join(', '),
);
