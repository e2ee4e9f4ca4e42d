import { clamp01, nonNeg } from './clamp01.ts';
import { STATUSES, isResident } from './layout.ts';
import type { ModelParams } from './params.ts';
import { Flow, Lever, type Workspace } from './workspace.ts';

/**
 * Step 10, cost of 市民化 and linkages for the year. Cost = settled this year
 * × one-off cost + settled in earlier years × recurring cost, split
 * government / enterprise / individual by the given shares (individuals bear
 * the rest). 人地挂钩: land quota = settled × m² per person; 钱随人走:
 * transfers = settled × yuan per settled person + residents × yuan per resident.
 *
 * @example
 * accountCost(state, p, y, ws); ws.levers[Lever.costGovernment];
 */
export function accountCost(_state: Float64Array, p: ModelParams, y: number, ws: Workspace): void {
  const settled = ws.flows[Flow.settledLocal] + ws.flows[Flow.settledMigrants];
  const cost = settled * nonNeg(p.costOneOff[y]) + ws.settledCumulative * nonNeg(p.costRecurring[y]);
  const gov = clamp01(p.costShareGovernment[y]);
  const ent = Math.min(clamp01(p.costShareEnterprise[y]), 1 - gov);
  ws.levers[Lever.costGovernment] = cost * gov;
  ws.levers[Lever.costEnterprise] = cost * ent;
  ws.levers[Lever.costIndividual] = cost * (1 - gov - ent);
  ws.levers[Lever.landQuotaM2] = settled * nonNeg(p.landPerSettled[y]);
  const perResident = nonNeg(p.transferPerResident[y]);
  let residents = 0;
  // measureCapacity, just before, left this year's status totals in ws.totals
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent — skipping the sum when nothing is paid per resident only saves time (residents × 0 = 0)
  if (perResident > 0) for (let s = 0; s < STATUSES; s++) if (isResident(s)) residents += ws.totals[s];
  ws.levers[Lever.transferYuan] = settled * nonNeg(p.transferPerSettled[y]) + residents * perResident;
  ws.settledCumulative += settled;
}
