import { z } from 'zod';
import { fromZodIssues } from '../scenario/zodIssues.ts';
import type { OwnWeighed } from './ownFigures.ts';

/**
 * What makes a file a weighed answer (weighed.json, src/batch/weighedFile.ts), without reading one: urbsim's reader
 * (readWeighed) and the notebooks (src/report/siteData.ts fetchWeighed, in the browser, where node's modules are not)
 * check a file by the same rule.
 */

/** The metrics whose weighed intervals a weighed answer carries ({@link OwnWeighed.intervals}). */
export const WEIGHED_METRICS = ['resident_rate', 'registered_rate'] as const;

const figure = z.looseObject({ area: z.string(), metric: z.string(), year: z.int(), value: z.number() });
/**
 * A number, or null: JSON's NaN, a probability or percentile no run gives. Ranged, so that a file edited or damaged
 * says so rather than draw a probability of 150% or a count of −3 runs: a probability, its bounds and a rate's
 * percentiles are in [0, 1], a count of runs (Kish's effective runs, fractional) is not negative.
 */
const share = z.number().min(0).max(1).nullable();
const runs = z.number().min(0).nullable();

/** A weighed answer as weighedJson writes it; other keys (a figure's source, a target's kishRuns) pass. */
const WEIGHED_SCHEMA = z.looseObject({
  figures: z.array(figure),
  inLaws: z.array(figure),
  kishRuns: runs,
  targets: z.array(z.looseObject({ id: z.string(), probability: share, lower: share, upper: share, effectiveRuns: runs })),
  intervals: z.array(z.looseObject({ metric: z.enum(WEIGHED_METRICS), year: z.int(), p10: share, p50: share, p90: share })),
  redrawn: z.looseObject({ keys: z.array(z.string()), runs: z.int().positive(), refused: z.int().positive().optional() }).optional(),
  // Written only as true (every run one projection): any other value would read as such wherever it is truthy.
  identical: z.literal(true).optional(),
});

/**
 * What keeps parsed JSON `w` from being a weighed answer ({@link WEIGHED_SCHEMA}), or undefined: the first problem,
 * where it is and what was expected and found.
 *
 * @example
 * weighedProblem({ figures: [] }); // 'inLaws: expected array, found nothing'
 */
export function weighedProblem(w: unknown): string | undefined {
  const r = WEIGHED_SCHEMA.safeParse(w);
  if (r.success) return undefined;
  const [first] = fromZodIssues(WEIGHED_SCHEMA, w, r.error.issues);
  return `${first.path.length ? `${first.path.join('.')}: ` : ''}expected ${first.expected}, found ${first.found}`;
}

/** weighed.json's text read ({@link parseWeighed}): the answer and the key it was drawn under, or why it is none. */
export type ParsedWeighed = { readonly answer: OwnWeighed; readonly key?: string; readonly problem?: undefined } | { readonly answer?: undefined; readonly key?: undefined; readonly problem: string };

/**
 * weighed.json's text as a weighed answer and the key it was drawn under; `problem` instead when the text is not JSON
 * (the parser's message) or not of the answer's shape ({@link weighedProblem}). JSON has no NaN: a probability or
 * percentile that was NaN (no run weighs anything) reads back as NaN.
 *
 * @example
 * parseWeighed('{"figures": []}'); // { problem: 'inLaws: expected array, found nothing' }
 */
export function parseWeighed(text: string): ParsedWeighed {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { problem: (e as Error).message };
  }
  // Valid JSON of another shape would fail far from here (urbsim widths, the report, a notebook) as an internal error.
  const problem = weighedProblem(raw);
  if (problem) return { problem };
  const { key, ...answer } = JSON.parse(text, (_, v) => (v === null ? NaN : v)) as OwnWeighed & { key?: string };
  return { answer, ...(key !== undefined && { key }) };
}
