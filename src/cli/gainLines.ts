import { GAIN_PARTS, type GainPart, type RegisteredGain } from '../montecarlo/registeredGain.ts';
import { GAIN_PART_LABELS } from '../report/gainParts.ts';
import { label } from '../report/labels.ts';
import { pointsText as points } from '../report/pointsText.ts';

/** How `urbsim run` names each part, in the engine's order: as the report and the notebook name them in English. */
const NAMES = Object.fromEntries(GAIN_PARTS.map((p) => [p, label('en', GAIN_PART_LABELS[p])])) as Readonly<Record<GainPart, string>>;

const percent = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '–');

/**
 * What `urbsim run` and `merge` print of where the registered rate's gain comes from (registered_gain.arrow): a line
 * per year of a registered-rate target — the runs' mean rate in the base year and then, the mean gain, and its parts
 * in the order the engine applies them within a year — under a header saying what the figures are; a note where
 * a part could not be told apart or the parts miss the gain by more than rounding. No lines without a split.
 *
 * @example
 * gainLines(gain, 1000);
 * // ['', "registered rate's gain from 2013 by source, in points (mean over the 1,000 runs: means add up before rounding, medians do not; …):",
 * //  '  2017  63.1% → 72.4%  +9.3 = population −0.3, conversion in place +4.2, change of count +4.6, locals settling +0.5, migrants settling +0.3', …]
 */
export function gainLines(gain: RegisteredGain | undefined, runs: number): string[] {
  if (!gain || gain.years.length === 0) return [];
  const lines = [
    '',
    `registered rate's gain from ${gain.baseYear} by source, in points (mean over the ${runs.toLocaleString('en-US')} run${runs === 1 ? '' : 's'}: means add up before rounding, medians do not; ` +
      `each year split in the order the engine applies its steps, population being births, deaths, moves and hukou given up${gain.reclassHukou ? ', and the urban hukou reclassification gives (reclass_hukou_share: no counter records it)' : ''}; p10–p90 in registered_gain.arrow):`,
    ...gain.years.map((y) =>
      `  ${y.year}  ${percent(y.from)} → ${percent(y.to)}  ${points(y.total.mean)} = ${GAIN_PARTS.map((p) => `${NAMES[p]} ${points(y.parts[p].mean)}`).join(', ')}`),
  ];
  if (gain.reading.definition === 'residence')
    lines.push('  (the rate counts registered people by where they live: a conversion or a change of count moves no one into town, and a local settling in town counts already)');
  if (gain.unsplitRuns > 0)
    lines.push(`  (in ${gain.unsplitRuns.toLocaleString('en-US')} run${gain.unsplitRuns === 1 ? '' : 's'} the source groups rural_students or veterans settled villagers the flows do not tell from town dwellers: they count under population)`);
  // The parts add up to the gain run by run; more than rounding apart would be a flow the split does not know.
  if (gain.largestGap > 1e-9) lines.push(`  (the parts miss a run's gain by up to ${(gain.largestGap * 100).toPrecision(2)} points: a flow the split does not read)`);
  return lines;
}
