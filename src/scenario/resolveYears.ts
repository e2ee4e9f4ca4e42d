import type { IssueSink } from './issueSink.ts';
import { isMapping } from './isMapping.ts';

/** The years a scenario may project: from the People's Republic's first statistics to the end of the century (as observed files). */
export const YEAR_RANGE = { min: 1949, max: 2100 } as const;

/**
 * The projection years: integers from {@link YEAR_RANGE}, end after start. The start may come from
 * the city; when the city is unknown its absence is not reported again.
 *
 * @example
 * resolveYears({ start: 2013, end: 2035 }, sink, true); // { start: 2013, end: 2035 }
 */
export function resolveYears(raw: unknown, sink: IssueSink, cityKnown: boolean): { start: number; end: number } | undefined {
  if (raw === undefined) sink.add(['years'], 'the years { start, end }', 'nothing', 'expected the years { start, end }, found nothing');
  if (!isMapping(raw)) return undefined;
  const start = Number.isInteger(raw.start) ? (raw.start as number) : undefined;
  const end = Number.isInteger(raw.end) ? (raw.end as number) : undefined;
  if (raw.start === undefined && cityKnown) sink.add(['years', 'start'], 'the base year, an integer', 'nothing', 'expected the base year, an integer, found nothing (write it here, or name a city)');
  const outside = (['start', 'end'] as const).filter((k) => Number.isInteger(raw[k]) && ((raw[k] as number) < YEAR_RANGE.min || (raw[k] as number) > YEAR_RANGE.max));
  for (const k of outside) sink.add(['years', k], `a year from ${YEAR_RANGE.min} to ${YEAR_RANGE.max}`, String(raw[k]));
  if (start === undefined || end === undefined || outside.length) return undefined;
  if (end <= start) {
    sink.add(['years', 'end'], `a year after the start year ${start}`, String(end));
    return undefined;
  }
  return { start, end };
}
