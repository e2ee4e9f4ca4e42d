import { readFileSync } from 'node:fs';
import { readScenarioChain } from './readScenarioChain.ts';
import type { ScenarioWarning } from './scenarioWarnings.ts';

/**
 * A key still marked as a placeholder by `urbsim init`: a value line (not a comment, nor a key opening a block) whose
 * comment starts `YOURS` or `PLACEHOLDER`, or a target's or plan's source still reading "YOURS". Such a file validates and runs as it stands,
 * so the only sign that its answer is about the template's round numbers, not the city, is the mark.
 */
const MARKED = /^\s*[^\s#].*(#\s*(YOURS|PLACEHOLDER)\b|"YOURS\b)/;

/**
 * A key that only opens a block (`targets:   # YOURS: the plan's targets, …`): no value of its own, its entries carry
 * their own marks. Counted, it kept the warning after every entry was filled in (the blank template's `targets:` and
 * `settlement_plan:`: "2 lines are still marked as placeholders … replace each with your city's figure").
 */
const BLOCK_KEY = /^\s*[^\s#:][^:]*:\s*#/;

/**
 * The lines of a scenario and the files it extends still marked as placeholders, as a warning to print before it
 * runs; undefined when none is (or the files cannot be read: the loader reports that). A commented-out line (`# …
 * YOURS if known`) is not a value and is not counted.
 *
 * @example
 * placeholderWarning('hefei.yaml')?.message;
 * // '4 lines are still marked as placeholders (hefei.yaml:10, 13, 15, 16): every result rests on them; …'
 */
export function placeholderWarning(path: string): ScenarioWarning | undefined {
  const { files, issues } = readScenarioChain(path);
  if (issues.length) return undefined;
  const where: string[] = [];
  let count = 0;
  for (const f of files) {
    const marked = readFileSync(f.path, 'utf8').split(/\r?\n/).flatMap((l, i) => (MARKED.test(l) && !BLOCK_KEY.test(l) ? [i + 1] : []));
    if (marked.length) where.push(`${f.display}:${marked.join(', ')}`);
    count += marked.length;
  }
  if (count === 0) return undefined;
  return {
    kind: 'placeholder',
    keys: [],
    message:
      (count === 1
        ? `1 line is still marked as a placeholder (${where.join('; ')}): every result rests on it; replace it with your city's figure (and its source) and delete the YOURS or PLACEHOLDER mark`
        : `${count} lines are still marked as placeholders (${where.join('; ')}): every result rests on them; replace each with your city's figure (and its source) and delete the YOURS or PLACEHOLDER mark`),
  };
}
