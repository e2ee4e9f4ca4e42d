import { type GainPart } from '../montecarlo/registeredGain.ts';
import { type Lang, type TextKey } from './labels.ts';

/**
 * Each part of the registered rate's gain by its label (labels.ts), in the engine's order as GAIN_PARTS lists them:
 * one name for urbsim run's lines, the report and the notebook (a file of its own, so urbsim run loads no chart code).
 *
 * @example
 * label('zh', GAIN_PART_LABELS.conversion); // '就地农转非'
 */
export const GAIN_PART_LABELS: Readonly<Record<GainPart, TextKey>> = {
  population: 'gainPopulation',
  conversion: 'gainConversion',
  change_of_count: 'gainChangeOfCount',
  locals_settling: 'gainLocals',
  migrants_settling: 'gainMigrants',
};

/**
 * The span a target year's gain is over, as the chart's panels and the table's columns name it.
 *
 * @example
 * gainSpan('zh', 2013, 2020); // '2013–2020年'
 * gainSpan('en', 2013, 2020); // '2013–2020'
 */
export const gainSpan = (lang: Lang, base: number, year: number): string => `${base}–${year}${lang === 'zh' ? '年' : ''}`;
