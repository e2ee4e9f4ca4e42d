import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { formatIssues, loadScenario, validateScenario } from '../../src/scenario/api.ts';
import { MINIMAL, writeScenarios } from './tempScenarios.ts';

/** Resolve `parameters: { <key>: <value> }` on a minimal scenario. */
function param(key: string, value: string) {
  const dir = writeScenarios({ 's.yaml': `${MINIMAL}parameters:\n  ${key}: ${value}\n` });
  return loadScenario(join(dir, 's.yaml')).parameters[key as 'inflow'];
}
function problems(key: string, value: string): string {
  const dir = writeScenarios({ 's.yaml': `${MINIMAL}parameters:\n  ${key}: ${value}\n` });
  return formatIssues(validateScenario(join(dir, 's.yaml')));
}

describe('every distribution form, resolved to plain numbers', () => {
  it.each([
    ['migrant_settle_rate', '{ dist: normal, mean: 5%, sd: 1%, lower: 0, upper: 20% }', { dist: 'normal', mean: 0.05, sd: 0.01, lower: 0, upper: 0.2 }],
    ['e0_female', '{ dist: normal, mean: 79, sd: 1 }', { dist: 'normal', mean: 79, sd: 1 }],
    ['inflow', '{ dist: lognormal, median: 20万, sigma: 0.2 }', { dist: 'lognormal', median: 200_000, sigma: 0.2 }],
    ['inflow', '{ dist: lognormal, median: 20万, sigma: 0.2, lower: 5万, upper: 1亿 }', { dist: 'lognormal', median: 200_000, sigma: 0.2, lower: 50_000, upper: 100_000_000 }],
    ['migrant_settle_rate', '{ dist: uniform, min: 4%, max: 8% }', { dist: 'uniform', min: 0.04, max: 0.08 }],
    ['local_settle_rate', '{ dist: logitnormal, median: 5%, sigma: 0.8 }', { dist: 'logitnormal', median: 0.05, sigma: 0.8 }],
    ['local_settle_rate', '{ dist: triangular, min: 3%, mode: 6%, max: 12% }', { dist: 'triangular', min: 0.03, mode: 0.06, max: 0.12 }],
    ['local_settle_rate', '{ dist: triangular, min: 3%, mode: 3%, max: 12% }', { dist: 'triangular', min: 0.03, mode: 0.03, max: 0.12 }],
    ['insurance_coverage', '{ dist: beta, alpha: 2, beta: 5 }', { dist: 'beta', alpha: 2, beta: 5, min: 0, max: 1 }],
    ['insurance_coverage', '{ dist: beta, alpha: 2, beta: 5, min: 20%, max: 90% }', { dist: 'beta', alpha: 2, beta: 5, min: 0.2, max: 0.9 }],
    ['tfr_migrant', '{ dist: choice, values: [1.1, 1.3, 1.5] }', { dist: 'choice', values: [1.1, 1.3, 1.5], weights: [1 / 3, 1 / 3, 1 / 3] }],
    ['land_rights_kept', '{ dist: choice, values: [0, 1], weights: [3, 1] }', { dist: 'choice', values: [0, 1], weights: [0.75, 0.25] }],
    ['public_access_share', '{ dist: choice, values: [50%, 80%], weights: [50%, 50%] }', { dist: 'choice', values: [0.5, 0.8], weights: [0.5, 0.5] }],
    ['local_settle_rate', '{ dist: logitnormalmix, weights: [3, 1], medians: [5%, 4%], sigmas: [0.2, 0.8] }', { dist: 'logitnormalmix', weights: [0.75, 0.25], medians: [0.05, 0.04], sigmas: [0.2, 0.8] }],
    ['e0_female', '{ dist: normalmix, weights: [0.5, 0.5], means: [78, 80], sds: [1, 2] }', { dist: 'normalmix', weights: [0.5, 0.5], means: [78, 80], sds: [1, 2] }],
  ])('%s: %s', (key, text, spec) => {
    expect(param(key, text)).toEqual({ kind: 'dist', spec });
  });
});

describe('distribution parameters must make sense', () => {
  it.each([
    ['inflow', '{ dist: normal, mean: 20万, sd: -3, lower: 0 }', 'parameters.inflow.sd: expected a positive number, found -3'],
    ['inflow', '{ dist: normal, mean: 20万, sd: 0, lower: 0 }', 'parameters.inflow.sd: expected a positive number, found 0'],
    ['inflow', '{ dist: normal, mean: 20万, sd: 5万 }', 'parameters.inflow: expected a distribution of a number of persons ≥ 0 (truncate it with lower), found a normal that can go below 0'],
    ['migrant_settle_rate', '{ dist: normal, mean: 5%, sd: 1%, lower: 0 }', 'expected a distribution of a rate from 0% to 100% (truncate it with upper), found a normal that can go above 100%'],
    ['migrant_settle_rate', '{ dist: normal, mean: 5%, sd: 1%, lower: -1%, upper: 10% }', 'parameters.migrant_settle_rate.lower: expected a rate from 0% to 100%, found -1%'],
    ['migrant_settle_rate', '{ dist: normal, mean: 5%, sd: 1%, lower: 10%, upper: 2% }', 'parameters.migrant_settle_rate.upper: expected a value above lower 10%, found 2%'],
    ['migrant_settle_rate', '{ dist: normal, mean: 5%, sd: 0.1%, lower: 90%, upper: 100% }', 'expected lower/upper bounds that keep some of the distribution, found [90%, 100%], which holds almost none of it'],
    ['migrant_settle_rate', '{ dist: lognormal, median: 5%, sigma: 0.3 }', 'found a lognormal that can go above 100%'],
    ['inflow', '{ dist: lognormal, median: 0, sigma: 0.3 }', 'parameters.inflow.median: expected a positive number, found 0'],
    ['inflow', '{ dist: lognormal, median: 20万, sigma: -1 }', 'parameters.inflow.sigma: expected a positive number, found -1'],
    ['migrant_settle_rate', '{ dist: uniform, min: 8%, max: 8% }', 'parameters.migrant_settle_rate.max: expected a value above min 8%, found 8%'],
    ['migrant_settle_rate', '{ dist: uniform, min: -1%, max: 8% }', 'parameters.migrant_settle_rate.min: expected a rate from 0% to 100%, found -1%'],
    ['local_settle_rate', '{ dist: triangular, min: 3%, mode: 2%, max: 12% }', 'parameters.local_settle_rate.mode: expected a value at least min 3%, found 2%'],
    ['local_settle_rate', '{ dist: triangular, min: 3%, mode: 13%, max: 12% }', 'parameters.local_settle_rate.max: expected a value at least mode 13%, found 12%'],
    ['insurance_coverage', '{ dist: beta, alpha: 0, beta: 5 }', 'parameters.insurance_coverage.alpha: expected a positive number, found 0'],
    ['insurance_coverage', '{ dist: beta, alpha: 2, beta: 5, min: 50%, max: 150% }', 'parameters.insurance_coverage.max: expected a rate from 0% to 100%, found 150%'],
    ['tfr_migrant', '{ dist: choice, values: [1.1, 1.3], weights: [0, 0] }', 'parameters.tfr_migrant.weights: expected weights summing to more than 0, found 0, 0'],
    ['tfr_migrant', '{ dist: choice, values: [1.1, 11] }', 'parameters.tfr_migrant.values.1: expected a number of children per woman from 0 to 10, found 11'],
    ['tfr_migrant', '{ dist: choice, values: [] }', 'parameters.tfr_migrant.values: expected a list of at least 1 values, found a list of 0'],
    ['tfr_migrant', '{ dist: uniform, min: 1, max: "1 + t" }', 'parameters.tfr_migrant.max: expected a plain number, found "1 + t"'],
    ['tfr_migrant', '{ dist: uniform, min: 1 }', 'parameters.tfr_migrant.max: expected a number or a quantity like 68.5% or 691.8万, found nothing'],
    ['local_settle_rate', '{ dist: logitnormal, median: 0%, sigma: 0.8 }', 'parameters.local_settle_rate.median: expected a rate strictly between 0% and 100%, found 0%'],
    ['local_settle_rate', '{ dist: logitnormal, median: 5%, sigma: 0 }', 'parameters.local_settle_rate.sigma: expected a positive number, found 0'],
    ['inflow', '{ dist: logitnormal, median: 0.5, sigma: 1 }', 'parameters.inflow.dist: expected a distribution for a number of persons (logitnormal is for rates), found logitnormal'],
    ['tfr_migrant', '{ dist: weibull, k: 1 }', 'parameters.tfr_migrant.dist: expected one of normal, lognormal, logitnormal, logitnormalmix, normalmix, uniform, triangular, beta, choice, found "weibull"'],
    ['local_settle_rate', '{ dist: logitnormalmix, weights: [1, 1], medians: [5%], sigmas: [0.2, 0.3] }', 'parameters.local_settle_rate.medians: expected 2 medians, one per weight, found 1'],
    ['local_settle_rate', '{ dist: logitnormalmix, weights: [1, 1], medians: [5%, 100%], sigmas: [0.2, 0.3] }', 'parameters.local_settle_rate.medians.1: expected a rate strictly between 0% and 100%, found 100%'],
    ['local_settle_rate', '{ dist: logitnormalmix, weights: [1, 1], medians: [5%, 4%], sigmas: [0.2, 0] }', 'parameters.local_settle_rate.sigmas.1: expected a positive number, found 0'],
    ['local_settle_rate', '{ dist: logitnormalmix, weights: [0, 0], medians: [5%, 4%], sigmas: [0.2, 0.3] }', 'parameters.local_settle_rate.weights: expected weights summing to more than 0, found 0, 0'],
    ['inflow', '{ dist: logitnormalmix, weights: [1], medians: [0.5], sigmas: [1] }', 'parameters.inflow.dist: expected a distribution for a number of persons (logitnormalmix is for rates), found logitnormalmix'],
    ['migrant_settle_rate', '{ dist: normalmix, weights: [1], means: [5%], sds: [1%] }', 'found a normalmix that can go below 0% and above 100%'],
    ['e0_female', '{ dist: normalmix, weights: [1, 1], means: [78, 80], sds: [1] }', 'parameters.e0_female.sds: expected 2 sds, one per weight, found 1'],
    ['tfr_migrant', '{ dist: uniform, min: 1, max: 2, mode: 1.5 }', 'parameters.tfr_migrant.mode: unknown key `mode`'],
    // A weight is a share of the law, normalized with the others, not a percentage: its bound is said as a number.
    ['tfr_migrant', '{ dist: choice, values: [1.1, 1.3], weights: [1, -1] }', 'parameters.tfr_migrant.weights.1: expected a weight ≥ 0, found -1'],
    ['local_settle_rate', '{ dist: logitnormalmix, weights: [0.5, -0.5], medians: [5%, 4%], sigmas: [0.2, 0.3] }', 'parameters.local_settle_rate.weights.1: expected a weight ≥ 0, found -0.5'],
    ['e0_female', '{ dist: normalmix, weights: [1, -10%], means: [78, 80], sds: [1, 1] }', 'parameters.e0_female.weights.1: expected a weight ≥ 0, found -10%'],
    ['e0_female', '{ dist: normalmix, weights: [1, 1e400], means: [78, 80], sds: [1, 1] }', 'parameters.e0_female.weights.1: expected a finite weight ≥ 0, found Infinity (written .inf, or as a number beyond about 1.8e308)'],
    ['tfr_migrant', '{ dist: choice, values: [1.1, 1.3], weights: [1, 20万] }', 'parameters.tfr_migrant.weights.1: expected a weight: a number ≥ 0, or a share like 50%, found 20万 (万 is only for person counts)'],
    // 200,000 inside { … }: median 200 and a key 000 (the number 0); the comma is named as the likely cause.
    ['inflow', '{ dist: lognormal, median: 200,000, sigma: 0.3 }', 'parameters.inflow.0: unknown key `0` (a number written with a thousands separator, as 1,000? inside { … } a comma ends the value and starts a new key: write 1000)'],
    // 2,500万: max 2 and a key 500万, which named no cause.
    ['inflow', '{ dist: uniform, min: 100, max: 2,500万 }', 'parameters.inflow.500万: unknown key `500万` (a number written with a thousands separator, as 1,000? inside { … } a comma ends the value and starts a new key: write 1000)'],
  ])('%s: %s', (key, text, message) => {
    expect(problems(key, text)).toContain(message);
  });

  it.each([
    ['local_settle_rate', '{ dist: logitnormalmix, weights: [], medians: [], sigmas: [] }', 'weights'],
    ['tfr_migrant', '{ dist: choice, values: [], weights: [] }', 'values'],
  ])('%s: %s — an empty list is said as such, with no weights line ending in nothing', (key, text, list) => {
    const said = problems(key, text);
    expect(said).toContain(`parameters.${key}.${list}: expected a list of at least 1 values, found a list of 0`);
    expect(said).not.toContain('summing to more than 0');
  });

  it('lets life expectancy and other non-rates have unbounded tails', () => {
    expect(param('e0_male', '{ dist: normal, mean: 74, sd: 2 }')).toEqual({ kind: 'dist', spec: { dist: 'normal', mean: 74, sd: 2 } });
    expect(problems('e0_male', '{ dist: normal, mean: 120, sd: 2 }')).toContain('parameters.e0_male.mean: expected a number of years from 20 to 100, found 120');
  });
});
