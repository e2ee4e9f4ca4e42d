import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { ScenarioFile } from './scenarioFile.ts';

/** A key path into scenario data: mapping keys and list indices. */
export type Path = readonly (string | number)[];

/** Where a value was written: its file and YAML nodes, or, for merged mappings, where each key comes from. */
export interface Origin {
  readonly file: ScenarioFile;
  /** The YAML value node (null for an empty value). */
  readonly node: unknown;
  /** The YAML key node it was written under, if any. */
  readonly keyNode?: unknown;
  /** Set on mappings merged from several files: the origin of each key. */
  readonly children?: ReadonlyMap<string, Origin>;
  /** Set on values supplied by the toolkit (city data): every path below points at this node. */
  readonly supplied?: true;
}

export interface Position {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * The origin of the value at `key` below `o`, if it exists.
 *
 * @example
 * childOrigin(rootOrigin, 'baseline'); // origin of the `baseline:` mapping
 */
export function childOrigin(o: Origin, key: string | number): Origin | undefined {
  if (o.supplied) return o;
  if (o.children) return o.children.get(String(key));
  const node = o.node;
  if (isMap(node)) {
    const pair = pairsOf(node).get(String(key));
    return pair ? { file: o.file, node: pair.value, keyNode: pair.key } : undefined;
  }
  if (isSeq(node) && typeof key === 'number') {
    const item = node.items[key];
    return item === undefined ? undefined : { file: o.file, node: item };
  }
  return undefined;
}

/** Each mapping's pairs by key, built once: a search per lookup made validation grow with the square of the keys. */
const pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairsOf(map: YAMLMap): Map<string, Pair> {
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) if (isPair(p) && isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
    pairIndex.set(map, index);
  }
  return index;
}

/**
 * Where to point for a problem at `path`: the value (or with `atKey` the
 * key) in the file that defines it; for a path that does not exist (a missing
 * key), the deepest part of it that does.
 *
 * @example
 * locate(origin, ['parameters', 'inflow', 'sd']); // { file: 'scenarios/x.yaml', line: 12, column: 5 }
 */
export function locate(root: Origin, path: Path, atKey = false): Position {
  const { origin: o, whole } = originAt(root, path);
  const node = (whole && !atKey && o.node) || o.keyNode || o.node;
  const range = (node as Node | undefined)?.range;
  if (!range) return { file: o.file.display, line: 1, column: 1 };
  const { line, col } = o.file.lines.linePos(range[0]);
  return { file: o.file.display, line, column: col };
}

/**
 * The origin of the deepest part of `path` that exists below `root`, and
 * whether that is all of it.
 *
 * @example
 * originAt(root, ['targets', 0]).origin.file.display; // 'scenarios/dalian.yaml'
 */
export function originAt(root: Origin, path: Path): { origin: Origin; whole: boolean } {
  let origin = root;
  let depth = 0;
  for (const key of path) {
    const next = childOrigin(origin, key);
    if (!next) break;
    origin = next;
    depth++;
  }
  return { origin, whole: depth === path.length };
}
