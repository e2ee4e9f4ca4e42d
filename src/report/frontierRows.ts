import type { Table } from 'apache-arrow';
import { numberOr, requiredColumn } from '../io/readColumns.ts';

/** One row of frontier.arrow: a combination of lever values and what it gives. */
export interface FrontierRow {
  /** Lever values by lever key. */
  readonly values: Readonly<Record<string, number>>;
  readonly probability: number;
  readonly lower: number;
  readonly upper: number;
  readonly frontier: boolean;
  readonly settledPerYear: number;
  readonly costGovernment: number;
  readonly costEnterprise: number;
  readonly costIndividual: number;
  readonly evaluation: number;
}

/**
 * frontier.arrow as plain rows, the levers' columns named in `levers` (from
 * meta.json). Works in Node and in the browser.
 *
 * @example
 * frontierRows(tableFromIPC(bytes), ['local_settle_rate', 'migrant_settle_rate']).filter((r) => r.frontier);
 */
export function frontierRows(table: Table, levers: readonly string[]): FrontierRow[] {
  const col = (name: string) => requiredColumn(table, name, 'frontier');
  const get = (name: string, i: number) => numberOr(col(name).get(i));
  return Array.from({ length: table.numRows }, (_, i) => ({
    values: Object.fromEntries(levers.map((l) => [l, get(l, i)])),
    probability: get('probability', i),
    lower: get('lower', i),
    upper: get('upper', i),
    frontier: col('frontier').get(i) === true,
    settledPerYear: get('settled_per_year', i),
    costGovernment: get('cost_government', i),
    costEnterprise: get('cost_enterprise', i),
    costIndividual: get('cost_individual', i),
    evaluation: get('evaluation', i),
  }));
}
