import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { ScenarioIssue } from './scenarioError.ts';

/** A parsed YAML file with what is needed to point at its nodes. */
export interface ScenarioFile {
  readonly file: string;
  readonly doc: Document;
  readonly lines: LineCounter;
  readonly data: Record<string, unknown>;
}

/**
 * Read a scenario and the chain of files it `extends` (child first), and
 * merge them: mappings key by key, everything else replaced by the child.
 * YAML syntax errors, missing files and extends cycles become issues.
 *
 * @example
 * const { files, merged } = readScenarioFiles('scenarios/dalian-open.yaml');
 */
export function readScenarioFiles(path: string): { files: ScenarioFile[]; merged: Record<string, unknown>; issues: ScenarioIssue[] } {
  const files: ScenarioFile[] = [];
  const issues: ScenarioIssue[] = [];
  const seen: string[] = [];
  let next: string | undefined = path;
  let from: { file: ScenarioFile } | undefined;
  while (next !== undefined) {
    const abs = resolve(next);
    if (seen.includes(abs)) {
      issues.push(at(from!.file, ['extends'], 'a chain of files without a cycle', [...seen, abs].map((f) => relative(process.cwd(), f)).join(' → '), `extends cycle: ${[...seen, abs].map((f) => relative(process.cwd(), f)).join(' → ')}`));
      break;
    }
    seen.push(abs);
    if (!existsSync(abs)) {
      if (from) issues.push(at(from.file, ['extends'], 'an existing scenario file', next, `extends a missing file: ${next}`));
      else issues.push({ file: next, path: '', line: 1, column: 1, expected: 'an existing scenario file', found: 'no such file', message: `no such file: ${next}` });
      break;
    }
    const text = readFileSync(abs, 'utf8');
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
    const display = files.length === 0 ? next : relative(process.cwd(), abs);
    if (doc.errors.length) {
      for (const e of doc.errors) {
        const p = lines.linePos(e.pos[0]);
        issues.push({ file: display, path: '', line: p.line, column: p.col, expected: 'valid YAML', found: e.code, message: `YAML syntax: ${e.message.split('\n')[0]}` });
      }
      break;
    }
    const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      issues.push({ file: display, path: '', line: 1, column: 1, expected: 'a mapping of scenario keys', found: Array.isArray(data) ? 'a list' : String(data), message: 'a scenario file must be a mapping of keys' });
      break;
    }
    const f: ScenarioFile = { file: display, doc, lines, data: data as Record<string, unknown> };
    files.push(f);
    const ext = f.data.extends;
    next = typeof ext === 'string' ? resolve(dirname(abs), ext) : undefined;
    if (typeof ext === 'string') next = resolve(dirname(abs), ext);
    from = { file: f };
  }
  let merged: Record<string, unknown> = {};
  for (const f of [...files].reverse()) merged = merge(merged, f.data);
  delete merged.extends;
  return { files, merged, issues };
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlain(b) && isPlain(v) ? merge(b, v) : v;
  }
  return out;
}
const isPlain = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** An issue located at `path` in the first file (child first) that defines it, or its nearest parent key. */
export function locate(files: readonly ScenarioFile[], path: readonly (string | number)[], key = false): { file: string; line: number; column: number } {
  for (let len = path.length; len >= 0; len--) {
    for (const f of files) {
      const pos = position(f, path.slice(0, len), key && len === path.length);
      if (pos) return { file: f.file, ...pos };
    }
  }
  return { file: files[0]?.file ?? '?', line: 1, column: 1 };
}

function position(f: ScenarioFile, path: readonly (string | number)[], key: boolean): { line: number; column: number } | undefined {
  let node: unknown = f.doc.contents;
  let keyNode: Node | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return undefined;
      keyNode = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      keyNode = undefined;
      if (node === undefined) return undefined;
    } else return undefined;
  }
  const target = (key && keyNode) || (node as Node | null) || keyNode;
  const range = (target as Node | undefined)?.range;
  if (!range) return path.length === 0 ? { line: 1, column: 1 } : undefined;
  const p = f.lines.linePos(range[0]);
  return { line: p.line, column: p.col };
}

/** Build an issue at a path of one file. */
export function at(f: ScenarioFile, path: (string | number)[], expected: string, found: string, message: string): ScenarioIssue {
  const pos = locate([f], path);
  return { file: pos.file, path: path.join('.'), line: pos.line, column: pos.column, expected, found, message };
}
