import { isMapping } from './isMapping.ts';
import type { IssueSink } from './issueSink.ts';
import { readConstant } from './readConstant.ts';
import type { BaselineSpec } from './resolved.ts';
import { PERSONS_RULE, RATE_RULE, type ValueRule } from './valueRule.ts';

/** A base-year population: a count of persons, at most 20亿 (mostPersons.ts: no area of China holds more people than China). */
const POSITIVE_PERSONS: ValueRule = { ...PERSONS_RULE, min: 1 };
const REQUIRED = { resident_pop: POSITIVE_PERSONS, registered_pop: POSITIVE_PERSONS, resident_rate: RATE_RULE, registered_rate: RATE_RULE } as const;
const ASSUME = { migrant_urban_share: 'migrantUrbanShare', urban_hukou_rural_share: 'urbanHukouRuralShare', urban_hukou_share_of_urban_locals: 'urbanHukouShareOfUrbanLocals' } as const;

/**
 * Check the base-year figures (the city's, overridden by the scenario's):
 * both populations and both rates are required, migrant and away
 * populations and the assumptions are optional. What is missing is reported
 * unless `reportMissing` is false (the city named is unknown: one error is enough).
 *
 * @example
 * resolveBaseline({ resident_pop: '691.8万', registered_pop: '591.4万', resident_rate: '68.5%', registered_rate: '63.1%' }, sink, true);
 * // { residentPop: 6918000, registeredPop: 5914000, residentRate: 0.685, registeredRate: 0.631 }
 */
export function resolveBaseline(raw: unknown, sink: IssueSink, reportMissing: boolean, city?: { city: string; keys: ReadonlySet<string> }): BaselineSpec | undefined {
  // A figure the named city's data has is missing only because a file left it (or the whole baseline) empty, which
  // removes the city's value too: "name a city" sent the writer after one already named.
  const emptied = (what: string) => `a file of the scenario leaves ${what} empty, which removes city ${city!.city}'s too: write ${what === 'baseline' ? 'the figures' : 'it'}, or delete the empty key`;
  if (raw === undefined) {
    if (reportMissing)
      sink.add(['baseline'], 'the base-year figures resident_pop, registered_pop, resident_rate, registered_rate', 'nothing',
        `expected the base-year figures resident_pop, registered_pop, resident_rate and registered_rate, found nothing (${city?.keys.size ? emptied('baseline') : 'write them, or name a city'})`);
    return undefined;
  }
  if (!isMapping(raw)) return undefined;
  const b = raw;
  const out: Record<string, unknown> = {};
  let complete = true;
  for (const [key, rule] of Object.entries(REQUIRED)) {
    const v = readConstant(b[key], ['baseline', key], rule, sink);
    if (v === undefined) {
      complete = false;
      if (b[key] === undefined && reportMissing)
        sink.add(['baseline', key], rule.noun, 'nothing', `expected ${rule.noun}, found nothing (${city?.keys.has(key) ? emptied(key) : city ? `city ${city.city}'s data gives none: write it here` : 'write it here, or name a city whose data has it'})`);
    }
    out[camel(key)] = v;
  }
  farApart(b, out as { residentPop?: number; registeredPop?: number }, sink);
  for (const key of ['migrant_pop', 'away_pop'] as const) {
    const v = readConstant(b[key], ['baseline', key], PERSONS_RULE, sink);
    if (v !== undefined) out[camel(key)] = v;
  }
  const assumeRaw = b.assume;
  if (isMapping(assumeRaw)) {
    const assume: Record<string, number> = {};
    for (const [key, name] of Object.entries(ASSUME)) {
      const v = readConstant((assumeRaw as Record<string, unknown>)[key], ['baseline', 'assume', key], RATE_RULE, sink);
      if (v !== undefined) assume[name] = v;
    }
    out.assume = assume;
  }
  return complete ? (out as unknown as BaselineSpec) : undefined;
}

/** No area's two populations are this many times apart: the most in data/areas, Shenzhen Guangming's residents 8.3 times its registered, Dongguan's 4.4. */
const FAR_APART = 1000;

/**
 * Refuse two base-year populations at least {@link FAR_APART} times apart: a population written without its unit
 * counts persons, so `resident_pop: 280.6` beside `registered_pop: 280.6万` made a city of 281 residents whose
 * registered people nearly all live away, and every rate after the base year came from that (no error, no warning).
 * The smaller figure is blamed; written as a bare number over 1,000 and under 100,000 times too small, 万 is suggested.
 *
 * @example
 * farApart({ resident_pop: 280.6, registered_pop: '280.6万' }, { residentPop: 280.6, registeredPop: 2_806_000 }, sink);
 * // sink: 'baseline.resident_pop: expected a number of persons within 1,000 times registered_pop (280.6万), found 280.6:
 * //        10,000 times fewer (a number without a unit counts persons: did you mean 280.6万?)'
 */
function farApart(b: Record<string, unknown>, v: { residentPop?: number; registeredPop?: number }, sink: IssueSink): void {
  const { residentPop: R, registeredPop: H } = v;
  if (!(R! > 0 && H! > 0)) return;
  const [small, big, ratio] = R! <= H! ? (['resident_pop', 'registered_pop', H! / R!] as const) : (['registered_pop', 'resident_pop', R! / H!] as const);
  if (ratio < FAR_APART) return;
  const written = String(b[small]).trim();
  const bare = typeof b[small] === 'number' || /^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(written);
  // 万 suggested where it would bring the two within 10 times of each other, as every area's are.
  const hint = bare ? `a number without a unit counts persons${ratio > 1e4 / 10 && ratio < 1e4 * 10 ? `: did you mean ${written}万?` : ''}` : 'check its unit';
  const expected = `a number of persons within ${FAR_APART.toLocaleString('en')} times ${big} (${String(b[big]).trim()})`;
  sink.add(['baseline', small], expected, written, `expected ${expected}, found ${written}: ${Math.round(ratio).toLocaleString('en')} times fewer (${hint})`);
}

function camel(key: string): string {
  return key.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
}
