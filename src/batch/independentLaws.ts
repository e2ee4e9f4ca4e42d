import { type PilotDefaults, shippedPilotDefaults } from './pilotDefaults.ts';
import { defaultParameterLines, defaultVariableLines } from './pilotScenarioYaml.ts';

/** One law as a generated pilot of an area without figures of its own writes it: its key, its section, its YAML value. */
export interface IndependentLaw {
  readonly key: string;
  /** `process`: a yearly variation's law, written under `uncertainty.process`. */
  readonly section: 'variables' | 'parameters' | 'process';
  /** `key: value`, as written in the section, without the comment. */
  readonly line: string;
}

/**
 * The laws a generated pilot of an area without figures of its own draws for these keys (the pooled laws of
 * data/observed/fitted-defaults.json, or the assumption's range where nothing is fitted): what a scenario whose laws
 * were fitted to its area's own figures draws instead, so that weighing its runs by those figures counts them once.
 * A key no generated pilot writes is left out. `pilot`: the defaults to write them from (default the pooled ones).
 *
 * @example
 * independentLaws(['local_settle_rate']); // [{ key: 'local_settle_rate', section: 'parameters', line: 'local_settle_rate: { dist: logitnormal, median: 5%, sigma: 1.5 }' }]
 */
export function independentLaws(keys: readonly string[], pilot: PilotDefaults = shippedPilotDefaults()): IndependentLaw[] {
  const strip = (l: string) => l.trim().split('   # ')[0];
  // Plain mode writes migrant_settle_rate, the others settle_willingness: both.
  const written = [
    ...defaultVariableLines(pilot).map((l) => ({ section: 'variables' as const, line: strip(l) })),
    ...[...defaultParameterLines('unspecified', { defaults: pilot }), ...defaultParameterLines('open', { defaults: pilot })].map((l) => ({ section: 'parameters' as const, line: strip(l) })),
  ];
  return keys.flatMap((key) => {
    const w = written.find((x) => x.line.startsWith(`${key}:`));
    return w ? [{ key, ...w }] : [];
  });
}
