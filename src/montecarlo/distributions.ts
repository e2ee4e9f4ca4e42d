import type { DistSpec } from '../scenario/resolved.ts';
import { betaQuantile } from './betaQuantile.ts';
import { mixtureQuantile } from './mixtureQuantile.ts';
import { normalCdf, normalQuantile } from './normalQuantile.ts';

/**
 * The value of a distribution at probability `u` ∈ (0, 1), its quantile
 * function. Every draw goes through here, so independent sampling (u
 * uniform) and Latin hypercube sampling (u stratified) share one code path.
 * Truncated normal and lognormal map u into [F(lower), F(upper)] first.
 *
 * @example
 * quantile({ dist: 'uniform', min: 0.04, max: 0.08 }, 0.5); // 0.06
 * quantile({ dist: 'normal', mean: 0, sd: 1 }, 0.975);      // 1.96
 */
export function quantile(spec: DistSpec, u: number): number {
  switch (spec.dist) {
    case 'uniform':
      return spec.min + u * (spec.max - spec.min);
    case 'normal': {
      const lo = spec.lower === undefined ? 0 : normalCdf((spec.lower - spec.mean) / spec.sd);
      const hi = spec.upper === undefined ? 1 : normalCdf((spec.upper - spec.mean) / spec.sd);
      return clampTo(spec.mean + spec.sd * normalQuantile(lo + u * (hi - lo)), spec.lower, spec.upper);
    }
    case 'lognormal': {
      const m = Math.log(spec.median);
      const lo = spec.lower === undefined || spec.lower <= 0 ? 0 : normalCdf((Math.log(spec.lower) - m) / spec.sigma);
      const hi = spec.upper === undefined ? 1 : normalCdf((Math.log(spec.upper) - m) / spec.sigma);
      return clampTo(Math.exp(m + spec.sigma * normalQuantile(lo + u * (hi - lo))), spec.lower, spec.upper);
    }
    case 'logitnormal': {
      const z = Math.log(spec.median / (1 - spec.median)) + spec.sigma * normalQuantile(u);
      return 1 / (1 + Math.exp(-z));
    }
    case 'logitnormalmix': {
      const z = mixtureQuantile(spec.weights, spec.medians.map((m) => Math.log(m / (1 - m))), spec.sigmas, u);
      return 1 / (1 + Math.exp(-z));
    }
    case 'normalmix':
      return mixtureQuantile(spec.weights, spec.means, spec.sds, u);
    case 'triangular': {
      const { min: a, mode: c, max: b } = spec;
      const fc = (c - a) / (b - a);
      return u < fc ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
    }
    case 'beta':
      return spec.min + (spec.max - spec.min) * betaQuantile(u, spec.alpha, spec.beta);
    case 'choice': {
      let total = 0;
      for (const w of spec.weights) total += w;
      let acc = 0;
      for (let i = 0; i < spec.values.length; i++) {
        acc += spec.weights[i] / total;
        if (u < acc) return spec.values[i];
      }
      return spec.values[spec.values.length - 1];
    }
  }
}

/** Theoretical mean and variance (untruncated), for tests and documentation; the logit-normal's (and their mixtures') have no closed form and are integrated numerically. */
export function moments(spec: DistSpec): { mean: number; variance: number } {
  switch (spec.dist) {
    case 'uniform':
      return { mean: (spec.min + spec.max) / 2, variance: (spec.max - spec.min) ** 2 / 12 };
    case 'normal':
      return { mean: spec.mean, variance: spec.sd ** 2 };
    case 'lognormal': {
      const s2 = spec.sigma ** 2;
      return { mean: spec.median * Math.exp(s2 / 2), variance: (Math.exp(s2) - 1) * spec.median ** 2 * Math.exp(s2) };
    }
    case 'normalmix': {
      const mean = spec.weights.reduce((a, w, j) => a + w * spec.means[j], 0);
      return { mean, variance: spec.weights.reduce((a, w, j) => a + w * (spec.sds[j] ** 2 + (spec.means[j] - mean) ** 2), 0) };
    }
    case 'logitnormalmix':
    case 'logitnormal': {
      // Midpoint rule on 2000 quantiles: the logit-normal has no closed-form moments.
      let m1 = 0;
      let m2 = 0;
      const n = 2000;
      for (let i = 0; i < n; i++) {
        const x = quantile(spec, (i + 0.5) / n);
        m1 += x / n;
        m2 += (x * x) / n;
      }
      return { mean: m1, variance: m2 - m1 * m1 };
    }
    case 'triangular': {
      const { min: a, mode: c, max: b } = spec;
      return { mean: (a + b + c) / 3, variance: (a * a + b * b + c * c - a * b - a * c - b * c) / 18 };
    }
    case 'beta': {
      const { alpha: a, beta: b } = spec;
      const w = spec.max - spec.min;
      return { mean: spec.min + (w * a) / (a + b), variance: (w * w * a * b) / ((a + b) ** 2 * (a + b + 1)) };
    }
    case 'choice': {
      const total = spec.weights.reduce((s, w) => s + w, 0);
      const mean = spec.values.reduce((s, v, i) => s + (v * spec.weights[i]) / total, 0);
      const variance = spec.values.reduce((s, v, i) => s + ((v - mean) ** 2 * spec.weights[i]) / total, 0);
      return { mean, variance };
    }
  }
}

const clampTo = (x: number, lo?: number, hi?: number): number =>
  lo !== undefined && x < lo ? lo : hi !== undefined && x > hi ? hi : x;
