import { GAIN_PARTS, type GainStats } from '../montecarlo/registeredGain.ts';
import { GAIN_PART_LABELS, gainSpan } from './gainParts.ts';
import type { GainSplit } from './gainSplit.ts';
import { type Lang, label } from './labels.ts';
import { pointsText } from './pointsText.ts';
import { inParens, rangeText } from './rangeText.ts';

/** The split as a table of text: a column per target year (its span), a row per part in the engine's order, then the total. */
export interface GainTable {
  readonly head: readonly string[];
  readonly rows: readonly { readonly name: string; readonly total: boolean; readonly cells: readonly { readonly mean: string; readonly range: string }[] }[];
}

/**
 * What the report's table of the registered rate's gain says, before markup: each part's mean over the runs in points
 * as `urbsim run` prints it (`+8.5`, `−0.3`), with the runs' p10–p90 in brackets (`(+3.1 to +14.0)`); the total last.
 *
 * @example
 * gainTable('en', split).rows.find((r) => r.total)?.cells.at(-1); // { mean: '+14.5', range: '(+7.5 to +25.9)' }: npm start's Dalian, 2020
 */
export function gainTable(lang: Lang, g: GainSplit): GainTable {
  const cell = (s: GainStats) => ({ mean: pointsText(s.mean), range: Number.isFinite(s.p10) && Number.isFinite(s.p90) ? inParens(lang, rangeText(lang, pointsText(s.p10), pointsText(s.p90))) : '' });
  return {
    head: [label(lang, 'gainSource'), ...g.years.map((y) => gainSpan(lang, g.baseYear, y.year))],
    rows: [
      ...GAIN_PARTS.map((p) => ({ name: label(lang, GAIN_PART_LABELS[p]), total: false, cells: g.years.map((y) => cell(y.parts[p])) })),
      { name: label(lang, 'gainTotal'), total: true, cells: g.years.map((y) => cell(y.total)) },
    ],
  };
}
