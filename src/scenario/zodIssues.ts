import type { z } from 'zod';
import { describeFound } from './describeFound.ts';
import { didYouMean } from './didYouMean.ts';
import type { Path } from './origin.ts';

/** A structural problem, before it is located in a file. */
export interface RawIssue {
  readonly path: Path;
  readonly expected: string;
  readonly found: string;
  readonly message: string;
  /** Point at the key rather than its value (unknown keys). */
  readonly atKey?: boolean;
}

type ZodIssue = z.core.$ZodIssue;
type Def = { type: string; [k: string]: unknown };

/**
 * Turn zod's issues into one plain problem each: unions are resolved to
 * the branch that matches the kind of value written (so a distribution with
 * a misspelt key reports that key, not "invalid input"), unknown keys get a
 * "did you mean" from the keys allowed there, and every message reads
 * `expected …, found …`.
 *
 * @example
 * fromZodIssues(scenarioSchema, data, scenarioSchema.safeParse(data).error!.issues);
 */
export function fromZodIssues(schema: z.ZodType, data: unknown, issues: readonly ZodIssue[], prefix: Path = []): RawIssue[] {
  const out: RawIssue[] = [];
  for (const issue of issues) {
    const path: Path = [...prefix, ...(issue.path as (string | number)[])];
    const input = valueAt(data, path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const allowed = keysAt(schema, path, data);
        for (const key of issue.keys) {
          const hint = didYouMean(key, allowed);
          // `{ runs: 1,000 }`: the comma ends the value 1 and starts a key 000, which YAML reads as the number 0.
          // …and `{ max: 2,500万 }` a key 500万.
          const separator = /^\d+(?:\.\d+)?[万亿%]?$/u.test(key)
            ? ' (a number written with a thousands separator, as 1,000? inside { … } a comma ends the value and starts a new key: write 1000)'
            : '';
          out.push({
            path: [...path, key],
            expected: allowed.length ? `one of ${allowed.join(', ')}` : 'no keys here',
            found: key,
            message: `unknown key \`${key}\`${hint ? `, did you mean \`${hint}\`?` : ''}${separator}`,
            atKey: true,
          });
        }
        break;
      }
      case 'invalid_union': {
        if (issue.discriminator && issue.errors.length === 0) {
          const options = ('options' in issue ? (issue.options ?? []) : []).map(String);
          const expected = `one of ${options.join(', ')}`;
          out.push({ path, expected, found: describeFound(input), message: `expected ${expected}, found ${describeFound(input)}` });
          break;
        }
        const branch = issue.errors.find((errs) => !errs.every(isTypeOnly));
        if (branch) out.push(...fromZodIssues(schema, data, branch, path));
        else {
          const expected = typePhrase(issue.errors.flat().flatMap(expectedTypes));
          out.push({ path, expected, found: describeFound(input), message: `expected ${expected}, found ${describeFound(input)}` });
        }
        break;
      }
      default: {
        const expected = expectedOf(issue);
        const found = describeFound(input);
        out.push({ path, expected, found, message: `expected ${expected}, found ${found}` });
      }
    }
  }
  return out;
}

/** A branch failure that only says "this is not my kind of value". */
function isTypeOnly(issue: ZodIssue): boolean {
  if (issue.path.length > 0) return false;
  if (issue.code === 'invalid_type') return true;
  return issue.code === 'invalid_union' && !issue.discriminator && issue.errors.every((errs) => errs.every(isTypeOnly));
}

function expectedTypes(issue: ZodIssue): string[] {
  if (issue.code === 'invalid_type') return [issue.expected];
  if (issue.code === 'invalid_union') return issue.errors.flat().flatMap(expectedTypes);
  return [];
}

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a text',
  object: 'a mapping',
  array: 'a list',
  boolean: 'true or false',
  record: 'a mapping',
  map: 'a mapping',
};

function typePhrase(types: string[]): string {
  const set = new Set(types);
  if (set.has('number') && set.has('string') && set.has('object')) return 'a number, a text (a quantity like 5% or 20万, or an expression) or a distribution';
  if (set.has('number') && set.has('string') && set.has('array')) return 'a number, a quantity like 5%, or a list of them';
  if (set.has('number') && set.has('string')) return 'a number or a quantity like 68.5% or 691.8万';
  const words = [...set].map((t) => TYPE_WORDS[t] ?? t);
  return words.length <= 1 ? (words[0] ?? 'something else') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

function expectedOf(issue: ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return typePhrase([issue.expected]);
    case 'invalid_value':
      return issue.values.length === 1 ? `${String(issue.values[0])}` : `one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = Number(small ? issue.minimum : issue.maximum);
      if (issue.origin === 'array') return issue.exact ? `a list of exactly ${bound} values` : `a list of ${small ? 'at least' : 'at most'} ${bound} values`;
      if (issue.origin === 'string') return small ? 'a non-empty text' : `a text of at most ${bound} characters`;
      if (Math.abs(bound) === Number.MAX_SAFE_INTEGER) return 'an integer'; // zod's bounds of .int(), met by .inf
      const op = small ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
      return `a number ${op} ${bound}`;
    }
    default:
      return issue.message;
  }
}

/** The keys allowed in the mapping at `path`, following the data through unions. */
function keysAt(schema: z.ZodType, path: Path, data: unknown): string[] {
  let def: Def | undefined = defOf(schema);
  let here: unknown = data;
  for (const key of path) {
    def = pick(def, here);
    here = valueAt(here, [key]);
    if (!def) return [];
    if (def.type === 'object') def = defOf((def.shape as Record<string, unknown>)[String(key)]);
    else if (def.type === 'record') def = defOf(def.valueType);
    else if (def.type === 'array') def = defOf(def.element);
    else return [];
  }
  def = pick(def, here);
  return def?.type === 'object' ? Object.keys(def.shape as Record<string, unknown>) : [];
}

/** Unwrap optionals and choose the union branch that fits `value` (by discriminator, else the first mapping). */
function pick(def: Def | undefined, value: unknown): Def | undefined {
  while (def && (def.type === 'optional' || def.type === 'nullable' || def.type === 'default')) def = defOf(def.innerType);
  if (def?.type !== 'union') return def;
  const options = (def.options as unknown[]).map((o) => pick(defOf(o), value)).filter((d): d is Def => d !== undefined);
  const discriminator = def.discriminator as string | undefined;
  if (discriminator) {
    const wanted = valueAt(value, [discriminator]);
    const match = options.find((o) => {
      const lit = defOf((o.shape as Record<string, unknown> | undefined)?.[discriminator]);
      return (lit?.values as unknown[] | undefined)?.includes(wanted);
    });
    if (match) return match;
  }
  return options.find((o) => o.type === 'object') ?? options.find((o) => o.type === 'union');
}

function defOf(schema: unknown): Def | undefined {
  return (schema as { _zod?: { def: Def } } | undefined)?._zod?.def;
}

/** The value at a path of plain data, or undefined. */
function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const key of path) v = typeof v === 'object' && v !== null ? (v as Record<string | number, unknown>)[key] : undefined;
  return v;
}
