import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { displayPath } from '../io/displayPath.ts';
import { mergeLayers, type Layer } from './mergeLayers.ts';
import { locate, type Origin } from './origin.ts';
import type { ScenarioIssue } from './scenarioError.ts';
import { readScenarioFile, type ScenarioFile } from './scenarioFile.ts';
import { describeFound } from './describeFound.ts';
import { isMapping } from './isMapping.ts';

export interface ScenarioChain {
  /** The scenario first, then each file it extends. */
  readonly files: readonly ScenarioFile[];
  /** All files merged, the scenario's keys winning; empty when there are issues. */
  readonly merged: Layer;
  /** Each file's own keys (without `extends`, and `name` only in the scenario), farthest parent first. */
  readonly layers: readonly Layer[];
  /** Missing files, YAML syntax errors, `extends` cycles. */
  readonly issues: readonly ScenarioIssue[];
}

/**
 * Read a scenario and the chain of files it `extends` (each path relative
 * to the file that names it) and merge them, the scenario's own keys over
 * its parent's (see {@link mergeLayers}). `name` is not inherited: a variant
 * is named after its own file unless it says otherwise.
 *
 * @example
 * const { files, merged } = readScenarioChain('scenarios/dalian-open.yaml');
 * files.map((f) => f.display); // ['scenarios/dalian-open.yaml', 'scenarios/dalian.yaml']
 */
export function readScenarioChain(path: string): ScenarioChain {
  const files: ScenarioFile[] = [];
  const issues: ScenarioIssue[] = [];
  let next: string | undefined = resolve(path);
  let display = displayPath(next);
  let referrer: ScenarioFile | undefined;
  let written: string | undefined;
  while (next !== undefined) {
    const abs: string = next;
    if (files.some((f) => f.path === abs)) {
      const loop = [...files.slice(files.findIndex((f) => f.path === abs)).map((f) => f.display), display];
      issues.push(extendsIssue(referrer!, 'a chain of files without a cycle', loop.join(' → '), `extends cycle: ${loop.join(' → ')}`));
      break;
    }
    if (referrer && !existsSync(abs)) {
      issues.push(extendsIssue(referrer, 'an existing scenario file', display, `extends a missing file: ${display}${missingHint(written!, dirname(referrer.path))}`));
      break;
    }
    const read = readScenarioFile(abs, display);
    // A parent that cannot be used is not in `files`, so say here which files extend it.
    const extendedBy = referrer ? { extendedBy: files.map((f) => f.display).reverse() } : {};
    issues.push(...read.issues.map((i) => ({ ...i, ...extendedBy })));
    if (!read.file) break;
    const file = read.file;
    if (!isMapping(file.data)) {
      issues.push({ file: display, path: '', line: 1, column: 1, expected: 'a mapping of scenario keys', found: describeFound(file.data), message: `expected a mapping of scenario keys, found ${describeFound(file.data)}`, ...extendedBy });
      break;
    }
    files.push(file);
    const ext = file.data.extends;
    next = undefined;
    if (typeof ext === 'string' && ext.trim() !== '') {
      written = ext;
      next = resolve(dirname(abs), ext);
      display = displayPath(next);
      referrer = file;
    } else if (ext !== undefined && ext !== null) {
      issues.push(extendsIssue(file, 'a file name, relative to this file', describeFound(ext), `expected a file name, relative to this file, found ${describeFound(ext)}`));
    }
  }
  const empty: Layer = { value: {}, origin: rootOrigin(files[0]) };
  if (issues.length || files.length === 0) return { files, merged: empty, layers: [], issues };
  const layers = [...files].reverse().map((file, i, all): Layer => {
    const own = { ...(file.data as Record<string, unknown>) };
    delete own.extends;
    if (i !== all.length - 1) delete own.name;
    return { value: own, origin: rootOrigin(file) };
  });
  return { files, merged: layers.reduce(mergeLayers, empty), layers, issues };
}

function rootOrigin(file: ScenarioFile | undefined): Origin {
  return { file: file!, node: file?.doc.contents ?? null };
}

/**
 * Why `extends: <written>` names no file, where it can be told: a URL (read as a path, https://x shown as https:/x), or
 * spaces around a name that exists without them.
 *
 * @example
 * missingHint('dalian.yaml ', 'scenarios'); // ' (the name ends with a space: did you mean "dalian.yaml"?)'
 */
function missingHint(written: string, dir: string): string {
  if (/^[a-z][a-z\d+.-]*:\/\//i.test(written.trim())) return ' (a URL: extends takes the path of a file on this computer, relative to this file)';
  const trimmed = written.trim();
  if (trimmed !== written && existsSync(resolve(dir, trimmed)))
    return ` (the name ${written.startsWith(trimmed) ? 'ends' : 'starts'} with a space: did you mean ${JSON.stringify(trimmed)}?)`;
  return '';
}

function extendsIssue(file: ScenarioFile, expected: string, found: string, message: string): ScenarioIssue {
  return { ...locate(rootOrigin(file), ['extends']), path: 'extends', expected, found, message };
}

