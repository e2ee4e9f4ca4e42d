import type { IssueSink } from './issueSink.ts';
import { isMapping } from './isMapping.ts';

/**
 * The projection years: integers, end after start. The start may come from
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
  if (start === undefined || end === undefined) return undefined;
  if (end <= start) {
    sink.add(['years', 'end'], `a year after the start year ${start}`, String(end));
    return undefined;
  }
  return { start, end };
}
